import type { Evidence } from './scoring';

// A scan stores tens of thousands of evidence lists, and JSON.stringify spends most of its time turning the
// weights into text; yet a scan has only a few dozen distinct weights (one per comparison level) and the
// similarities are rounded to 3 decimals, so their text is looked up instead.
const text = new Map<unknown, string>();
const TEXT_MEMO_LIMIT = 10_000;

function json(v: string | number): string {
  let s = text.get(v);
  if (s === undefined) {
    s = JSON.stringify(v);
    if (text.size >= TEXT_MEMO_LIMIT) text.clear();
    text.set(v, s);
  }
  return s;
}

/**
 * JSON.stringify(evidence), character for character, for evidence as PairModel.explain builds it (keys in the
 * order kind, level, weight, similarity; similarity only when given).
 */
export function evidenceJson(evidence: readonly Evidence[]): string {
  let out = '[';
  for (let k = 0; k < evidence.length; k++) {
    const e = evidence[k]!;
    if (k > 0) out += ',';
    out += `{"kind":${json(e.kind)},"level":${json(e.level)},"weight":${json(e.weight)}`;
    if (e.similarity !== undefined) out += `,"similarity":${json(e.similarity)}`;
    out += '}';
  }
  return out + ']';
}
