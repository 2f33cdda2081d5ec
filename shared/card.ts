/** Card numbers are the retailer's own: letters and digits, printed and barcoded. Scanners and people add spaces and dashes. */
export function normalizeCardNo(input: string): string {
  return input.trim().replace(/[\s-]+/g, '').toUpperCase();
}

export function isValidCardNo(cardNo: string): boolean {
  return /^[A-Z0-9]{4,32}$/.test(cardNo);
}
