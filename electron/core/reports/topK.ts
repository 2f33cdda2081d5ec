/** The first `k` of `items` in `compare` order, sorted: one pass with a bounded, sorted buffer. */
export function topK(items: Uint32Array, k: number, compare: (a: number, b: number) => number): Uint32Array {
  const best: number[] = [];
  for (const item of items) {
    if (best.length === k && compare(item, best[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(best[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > k) best.pop();
  }
  return Uint32Array.from(best);
}
