import { isMainThread } from 'node:worker_threads';
import type { CustomerRfm } from '../../../shared/types';
import type { RfmBoundaryInput } from './rfmBoundaryThread';
import { oneAnswerOffThread, threadEntry } from '../store/readingThread';
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
  /** Where the pass ran: on its own thread, or on the thread that asked (CLI, tests, a failed thread). */
  computedOn?: 'own-thread' | 'caller';
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

/** The report's own computation over the whole store's default period, reduced to its boundaries (uncached). */
export function computeBoundaries(store: Store, scope: Scope = defaultScope(store)): RfmBoundaries {
  const result = computeRfm(customerTotals(store, scope, { byOutlet: true, fromStart: false }), scope.asOf);
  const negatedRecency = Float64Array.from(result.recencyDays, (d) => -d);
  return {
    day: scope.to,
    computedAt: store.now().getTime(),
    customers: result.totals.ids.length,
    r: boundariesOf(negatedRecency),
    f: boundariesOf(result.totals.count),
    m: boundariesOf(result.totals.sum),
    computedOn: isMainThread ? 'caller' : 'own-thread',
  };
}

const fresh = (store: Store, cached: RfmBoundaries | undefined, scope: Scope): boolean =>
  !!cached && cached.day === scope.to && store.now().getTime() - cached.computedAt < BOUNDARY_TTL_MS;

/** The boundaries, computed here and now when the cache is stale (the CLI, tests, benchmarks). */
export function rfmBoundaries(store: Store, scope: Scope = defaultScope(store)): RfmBoundaries {
  const cached = cache.get(store);
  if (cached && fresh(store, cached, scope)) return cached;
  const computed = computeBoundaries(store, scope);
  cache.set(store, computed);
  return computed;
}

const boundaryThread = threadEntry(() => new URL('./rfmBoundaryThread.mjs', import.meta.url));
/** Bundled builds name their compiled boundary thread (Electron: rfmBoundaries.cjs beside main.cjs). */
export const useRfmBoundaryEntry = boundaryThread.use;

const inFlight = new WeakMap<Store, Promise<RfmBoundaries>>();

/**
 * The boundaries without holding the caller's thread: the pass over every purchase of the year (seconds at a
 * million customers) runs on a worker thread over a read-only connection, one pass per store at a time. An
 * in-memory store, a bundle without the thread's file, or a failed thread computes here instead.
 */
export function rfmBoundariesOffThread(store: Store): Promise<RfmBoundaries> {
  const running = inFlight.get(store);
  if (running) return running;
  const pass = (async () => {
    try {
      return await oneAnswerOffThread(
        boundaryThread.get(),
        store,
        { outletId: store.outletId, nowIso: store.now().toISOString() } satisfies Omit<RfmBoundaryInput, 'file'>,
        () => computeBoundaries(store),
        '[akrab] RFM boundaries computed in the main thread: their own thread failed',
      );
    } finally {
      inFlight.delete(store);
    }
  })().then((b) => (cache.set(store, b), b));
  inFlight.set(store, pass);
  return pass;
}

interface OwnPurchases {
  scope: Scope;
  base: Omit<CustomerRfm, 'recencyDays' | 'scores' | 'segment'>;
  recencyDays: number | null;
  n: number;
  total: number;
}

function ownPurchases(store: Store, customerId: string): OwnPurchases {
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
  const recencyDays = !own.last || own.n === 0 ? null : Math.max(0, Math.floor((scope.asOf.getTime() - Date.parse(own.last)) / DAY_MS));
  return { scope, base, recencyDays, n: own.n, total: own.total };
}

function scored(own: OwnPurchases, b: RfmBoundaries): CustomerRfm {
  if (own.recencyDays === null) return { ...own.base, recencyDays: null, scores: null, segment: null };
  const scores = { recency: scoreWith(b.r, -own.recencyDays), frequency: scoreWith(b.f, own.n), monetary: scoreWith(b.m, own.total) };
  return { ...own.base, recencyDays: own.recencyDays, scores, segment: segmentOf(scores.recency, scores.frequency, scores.monetary) };
}

/**
 * One customer's RFM as the RFM report defines it (its period, its quintiles, its segment): their own purchases
 * are read now through an index, the population's boundaries come from the cache (computed here when stale).
 */
export function customerRfm(store: Store, customerId: string): CustomerRfm {
  const own = ownPurchases(store, customerId);
  if (own.recencyDays === null) return scored(own, { r: [], f: [], m: [] } as unknown as RfmBoundaries);
  return scored(own, rfmBoundaries(store, own.scope));
}

/**
 * The customer page's call: as customerRfm, but never computes the population's boundaries on the caller's
 * thread. Stale boundaries of the same day serve while the hour's are computed on their own thread; with none
 * at all (the first page after start, the first after midnight) the answer says `pending` and the page asks again.
 */
export function customerRfmWithoutWaiting(store: Store, customerId: string): CustomerRfm {
  const own = ownPurchases(store, customerId);
  if (own.recencyDays === null) return scored(own, { r: [], f: [], m: [] } as unknown as RfmBoundaries);
  const cached = cache.get(store);
  if (cached && fresh(store, cached, own.scope)) return scored(own, cached);
  void rfmBoundariesOffThread(store).catch((error: unknown) => console.warn('[akrab] RFM boundaries failed', error));
  if (cached && cached.day === own.scope.to) return scored(own, cached);
  return { ...own.base, recencyDays: own.recencyDays, scores: null, segment: null, pending: true };
}
