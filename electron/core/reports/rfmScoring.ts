import type { RfmSegment } from '../../../shared/reports';

/**
 * Quintile scores 1–5 for a metric where more is better: sort the values, and a value whose first occurrence
 * sits at position i (0-based) of n scores 1 + ⌊5·i / n⌋. Equal values always share a score (unlike SQL's
 * NTILE, which splits ties across tiles), so a score never depends on row order. Ten distinct values score
 * 1,1,2,2,3,3,4,4,5,5. Recency is scored on the negated number of days, so the most recent score 5.
 */
export function quintileScores(values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  const scores = new Uint8Array(n);
  if (n === 0) return scores;
  // A typed array sorts numerically in native code, many times faster than sorting indexes with a comparator;
  // each value's first position among the sorted is then found by binary search.
  const sorted = Float64Array.from(values).sort();
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    scores[i] = 1 + Math.floor((5 * lo) / n);
  }
  return scores;
}

/** Frequency and monetary move together; the segment grid reads their mean, rounded up. */
export function fmScore(f: number, m: number): number {
  return Math.ceil((f + m) / 2);
}

/**
 * The segment grid: recency score (rows) against the F/M score (columns).
 *
 * | R \ FM | 1              | 2                  | 3                  | 4          | 5          |
 * |--------|----------------|--------------------|--------------------|------------|------------|
 * | 5      | new            | potential_loyalist | potential_loyalist | champions  | champions  |
 * | 4      | promising      | potential_loyalist | potential_loyalist | loyal      | loyal      |
 * | 3      | about_to_sleep | about_to_sleep     | need_attention     | loyal      | loyal      |
 * | 2      | hibernating    | hibernating        | at_risk            | at_risk    | cant_lose  |
 * | 1      | lost           | hibernating        | at_risk            | at_risk    | cant_lose  |
 */
export const segmentGrid: Record<number, readonly RfmSegment[]> = {
  5: ['new', 'potential_loyalist', 'potential_loyalist', 'champions', 'champions'],
  4: ['promising', 'potential_loyalist', 'potential_loyalist', 'loyal', 'loyal'],
  3: ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal', 'loyal'],
  2: ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
  1: ['lost', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
};

export function segmentOf(r: number, f: number, m: number): RfmSegment {
  const row = segmentGrid[r];
  const segment = row?.[fmScore(f, m) - 1];
  if (!segment) throw new RangeError(`RFM scores out of range: ${r}${f}${m}`);
  return segment;
}

export interface RfmInput {
  /** Whole days since the last purchase (0 = bought on the as-of day). */
  recencyDays: ArrayLike<number>;
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
}

export interface RfmScores {
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
}

export function rfmScores(input: RfmInput): RfmScores {
  const n = input.recencyDays.length;
  const negatedRecency = new Float64Array(n);
  for (let i = 0; i < n; i++) negatedRecency[i] = -input.recencyDays[i]!;
  return { r: quintileScores(negatedRecency), f: quintileScores(input.frequency), m: quintileScores(input.monetary) };
}
