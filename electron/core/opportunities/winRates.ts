import { openStages, type OpenStage } from '../../../shared/knowledge';
import type { WinRate } from '../../../shared/knowledgeViews';

/**
 * Win rates learnt from this store's own closed opportunities, per stage reached and product category.
 *
 * An opportunity "reached" a stage when it was created at it or moved to it. Among the opportunities closed
 * before the as-of instant that reached stage s, w_s were won out of n_s. While history is thin the rate leans
 * on a prior, in two levels (Beta–binomial, posterior means):
 *   store rate of the stage   p_s  = (w_s + 1) / (n_s + 2)                 Beta(1, 1): 50% with no history
 *   rate of stage + category  p_sc = (w_sc + M·p_s) / (n_sc + M)          Beta(M·p_s, M·(1−p_s)), M = 4
 * so a category with a handful of closes starts from the store's rate for the stage and moves to its own as
 * its history grows (after 4 closes its own record weighs as much as the prior). No probability is hard-coded.
 */
export const CATEGORY_PRIOR_WEIGHT = 4;

export interface ClosedOpportunity {
  category: string;
  won: boolean;
  /** Open stages it was at some time. */
  reached: ReadonlySet<OpenStage>;
}

export type { WinRate };

export interface WinRateModel {
  rate: (stage: OpenStage, category: string) => number;
  /** The store rates per stage (category null) and every category seen, for reports. */
  table: () => WinRate[];
}

/** How many closed opportunities reached a stage in a category, won or not: all the rates need. */
export interface ReachedCount {
  stage: OpenStage;
  category: string;
  won: boolean;
  n: number;
}

export function learnWinRates(closed: readonly ClosedOpportunity[]): WinRateModel {
  const counts: ReachedCount[] = [];
  for (const o of closed) for (const stage of o.reached) counts.push({ stage, category: o.category, won: o.won, n: 1 });
  return learnWinRatesFromCounts(counts);
}

export function learnWinRatesFromCounts(counts: Iterable<ReachedCount>): WinRateModel {
  const store = new Map<OpenStage, { w: number; n: number }>(openStages.map((s) => [s, { w: 0, n: 0 }]));
  const byCategory = new Map<string, { w: number; n: number }>();
  for (const { stage, category, won, n } of counts) {
    const s = store.get(stage)!;
    s.n += n;
    if (won) s.w += n;
    const key = `${stage}\u0000${category}`;
    const c = byCategory.get(key) ?? { w: 0, n: 0 };
    c.n += n;
    if (won) c.w += n;
    byCategory.set(key, c);
  }
  const storeRate = (stage: OpenStage) => {
    const s = store.get(stage)!;
    return (s.w + 1) / (s.n + 2);
  };
  const rate = (stage: OpenStage, category: string) => {
    const p = storeRate(stage);
    const c = byCategory.get(`${stage}\u0000${category}`) ?? { w: 0, n: 0 };
    return (c.w + CATEGORY_PRIOR_WEIGHT * p) / (c.n + CATEGORY_PRIOR_WEIGHT);
  };
  return {
    rate,
    table: () => [
      ...openStages.map((stage) => ({
        stage,
        category: null,
        wins: store.get(stage)!.w,
        closed: store.get(stage)!.n,
        rate: storeRate(stage),
      })),
      ...[...byCategory.entries()].map(([key, c]) => {
        const [stage, category] = key.split('\u0000') as [OpenStage, string];
        return { stage, category, wins: c.w, closed: c.n, rate: rate(stage, category) };
      }),
    ],
  };
}
