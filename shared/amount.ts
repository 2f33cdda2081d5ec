/** `1.250.000`, `1250000`, `Rp 1.250.000` → 1250000; empty → null; anything else is not an amount. */
export function parseAmount(text: string): number | null | 'invalid' {
  const t = text.replace(/^rp\.?\s*/i, '').trim();
  if (!t) return null;
  if (!/^\d{1,3}([.\s]\d{3})*$|^\d+$/.test(t)) return 'invalid';
  return Number(t.replace(/[.\s]/g, ''));
}
