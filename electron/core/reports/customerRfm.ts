import type { CustomerRfm } from '../../../shared/types';
import type { Store } from '../store/store';
import { DAY_MS } from './context';
import { customerTotals } from './customerTotals';
import { computeRfm } from './rfm';
import { segmentOf } from './rfmScoring';
import { resolveScope, type Scope } from './scope';

/** The RFM report's default period, which the customer page shares. */
export const RFM_PERIOD_DAYS = 365;
/** How long the population's boundaries serve customer pages before they are computed again. */
export const BOUNDARY_TTL_MS = 60 * 60_000;

/**
 * For each metric (scored as the report scores it: negated recency, frequency, monetary), the values t₂…t₅ with
 * "score ≥ s ⇔ value > tₛ". The report's quintile score 1 + ⌊5·i/n⌋ (i = how many values are smaller) is
 * exactly that, with tₛ the ⌈(s−1)·n/5⌉-th smallest value; so four numbers per metric score any customer as the
 * report would, without the population at hand.
 */
export interface RfmBoundaries {
  day: string;
  computedAt: number;
  customers: number;
  r: number[];
  f: number[];
  m: number[];
}

export function boundariesOf(values: ArrayLike<number>): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return [2, 3, 4, 5].map((s) => {
    const k = Math.ceil(((s - 1) * n) / 5);
    return k === 0 ? -Infinity : sorted[k - 1]!;
  });
}

export function scoreWith(boundaries: number[], value: number): number {
  return 1 + boundaries.filter((t) => value > t).length;
}

const cache = new WeakMap<Store, RfmBoundaries>();

function defaultScope(store: Store): Scope {
  return resolveScope(store, { outlets: [] }, { days: RFM_PERIOD_DAYS });
}

/** The report's own computation over the whole store's default period, reduced to its boundaries; cached. */
export function rfmBoundaries(store: Store, scope: Scope = defaultScope(store)): RfmBoundaries {
  const cached = cache.get(store);
  if (cached && cached.day === scope.to && store.now().getTime() - cached.computedAt < BOUNDARY_TTL_MS) return cached;
  const result = computeRfm(customerTotals(store, scope, { byOutlet: true, fromStart: false }), scope.asOf);
  const negatedRecency = Float64Array.from(result.recencyDays, (d) => -d);
  const fresh: RfmBoundaries = {
    day: scope.to,
    computedAt: store.now().getTime(),
    customers: result.totals.ids.length,
    r: boundariesOf(negatedRecency),
    f: boundariesOf(result.totals.count),
    m: boundariesOf(result.totals.sum),
  };
  cache.set(store, fresh);
  return fresh;
}

/**
 * One customer's RFM as the RFM report defines it (its period, its quintiles, its segment): their own purchases
 * are read now through an index, the population's boundaries come from the cache.
 */
export function customerRfm(store: Store, customerId: string): CustomerRfm {
  const scope = defaultScope(store);
  const period = scope.periodSql('p.purchased_at', 'p.outlet_id');
  const own = store.sqlite
    .prepare(
      // The customer's own rows through (customer_id, purchased_at), never the period's range across everyone.
      `SELECT max(p.purchased_at) AS last, count(*) AS n, coalesce(sum(p.amount), 0) AS total FROM purchases p INDEXED BY purchases_customer_date_idx
        WHERE p.customer_id IN (SELECT ? UNION ALL SELECT id FROM customers INDEXED BY customers_gone_idx
                                 WHERE (deleted_at IS NOT NULL OR merged_into IS NOT NULL) AND merged_into = ?)
          AND p.deleted_at IS NULL AND ${period.sql}`,
    )
    .get(customerId, customerId, ...period.params) as { last: string | null; n: number; total: number };
  const base = { periodFrom: scope.from!, periodTo: scope.to, frequency: own.n, monetary: own.total };
  if (!own.last || own.n === 0) return { ...base, recencyDays: null, scores: null, segment: null };
  const recencyDays = Math.max(0, Math.floor((scope.asOf.getTime() - Date.parse(own.last)) / DAY_MS));
  const b = rfmBoundaries(store, scope);
  const scores = { recency: scoreWith(b.r, -recencyDays), frequency: scoreWith(b.f, own.n), monetary: scoreWith(b.m, own.total) };
  return { ...base, recencyDays, scores, segment: segmentOf(scores.recency, scores.frequency, scores.monetary) };
}
