import type { PurchaseSummary } from '../../../shared/types';

export interface Rfm {
  /** Whole days since the last purchase; null when there is none. */
  recencyDays: number | null;
  frequency: number;
  monetary: number;
  /** 1 (weak) … 5 (strong); recency is null without purchases. */
  scores: { recency: number | null; frequency: number; monetary: number };
}

// Fixed thresholds, not quintiles: a clerk must read the same score for the same behaviour in every outlet.
const RECENCY_DAYS = [30, 90, 180, 365];
const FREQUENCY = [20, 10, 5, 2];
const MONETARY = [50_000_000, 20_000_000, 5_000_000, 1_000_000];

const scoreDescending = (value: number, thresholds: number[]) => {
  const index = thresholds.findIndex((t) => value >= t);
  return index === -1 ? 1 : 5 - index;
};

export function rfmOf(summary: PurchaseSummary, now: Date): Rfm {
  const recencyDays = summary.lastAt ? Math.max(0, Math.floor((now.getTime() - Date.parse(summary.lastAt)) / 86_400_000)) : null;
  const recencyIndex = recencyDays === null ? -1 : RECENCY_DAYS.findIndex((d) => recencyDays <= d);
  return {
    recencyDays,
    frequency: summary.count,
    monetary: summary.total,
    scores: {
      recency: recencyDays === null ? null : recencyIndex === -1 ? 1 : 5 - recencyIndex,
      frequency: summary.count === 0 ? 1 : scoreDescending(summary.count, FREQUENCY),
      monetary: scoreDescending(summary.total, MONETARY),
    },
  };
}
