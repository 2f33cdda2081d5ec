import type { FlaggedBalanceView } from '../../../shared/loyalty';
import { prepared } from './statements';
import type { Store } from '../store/store';
import { eventDays } from './ledgerDays';
import { expiryCorrection, replayLots, type LedgerMovement, type Lot, type LotState } from './lots';

/**
 * The balance cache is recomputed from the ledger, never synced: on every local ledger write and whenever
 * ledger rows arrive from the server (applyRemoteChanges) or leave after a refusal (revertRefused). A synced
 * cache would be a second truth that two devices could write differently; a recomputed one cannot disagree.
 *
 * Beside the sum it keeps what a replay of the customer's ledger ends with (lots.ts): the lots with points left
 * (`open_lots`), the deficit and the expiries whose amount is off (`over_expired`: more or less than their lot held), so the counter's
 * "available" and "expiring soon", the redemption check and the expiry pass read one row instead of replaying.
 * The replay does not depend on the day it is read, so the cached state stays valid until the next event.
 */

const MOVEMENT_COLUMNS = 'id, kind, points, occurred_at AS occurredAt, expires_on AS expiresOn, related_id AS relatedId, outlet_id AS outletId';
const NEVER = '9999-12-31';

/**
 * A cached lot: [id, expires_on, remaining]. An expiry still to correct: [expire id, occurred_at, excess, corrected,
 * fixes] and, when its lot still holds points (an under-expiry), that `left` (absent for 0: rows written before are alike).
 */
type LotTuple = [string, string | null, number];
type OverTuple = [string, string, number, number, number, number?];

export function movementsOf(store: Store, customerId: string): LedgerMovement[] {
  return prepared(store, `SELECT ${MOVEMENT_COLUMNS} FROM points_ledger WHERE customer_id = ? AND deleted_at IS NULL`).all(
    customerId,
  ) as LedgerMovement[];
}

/** The state a replay of the customer's whole ledger ends with: the truth the cache is checked against. */
export function replayedStateOf(store: Store, customerId: string): LotState {
  return replayLots(movementsOf(store, customerId), eventDays(store));
}

interface CachedRow {
  balance: number;
  events: number;
  deficit: number;
  openLots: string | null;
  overExpired: string | null;
}

/**
 * The customer's lot state from the cache (no events: the empty state), with the number of events, in one read of
 * the customer's row. A row written before the cache kept lots (open_lots NULL, a store migrated from 0020) is
 * replayed instead and cached.
 */
export function cachedBalanceOf(store: Store, customerId: string): { state: LotState; events: number } {
  const row = prepared(
    store,
    'SELECT balance, events, deficit, open_lots AS openLots, over_expired AS overExpired FROM points_balances WHERE customer_id = ?',
  ).get(customerId) as CachedRow | undefined;
  if (!row) return { state: { lots: [], deficit: 0, balance: 0, expiries: new Map() }, events: 0 };
  if (row.openLots === null) {
    recomputeBalances(store, [customerId]);
    return cachedBalanceOf(store, customerId);
  }
  return { state: stateFromRow(row), events: row.events };
}

export function cachedStateOf(store: Store, customerId: string): LotState {
  return cachedBalanceOf(store, customerId).state;
}

function stateFromRow(row: CachedRow): LotState {
  const lots = (JSON.parse(row.openLots ?? '[]') as LotTuple[]).map(([id, expiresOn, remaining]) => ({ id, expiresOn, points: remaining, remaining }));
  const expiries: LotState['expiries'] = new Map(
    (row.overExpired ? (JSON.parse(row.overExpired) as OverTuple[]) : []).map(([id, occurredAt, excess, corrected, fixes, left]) => [
      id,
      { occurredAt, excess, corrected, fixes, left: left ?? 0 },
    ]),
  );
  return { lots, deficit: row.deficit, balance: row.balance, expiries };
}

/** What the cache keeps of a state: lots with points left, in expiry order, and the expiries still to correct. */
function cacheColumns(state: LotState) {
  const open = state.lots
    .filter((l) => l.remaining > 0)
    .sort((a, b) => ((a.expiresOn ?? NEVER) < (b.expiresOn ?? NEVER) ? -1 : (a.expiresOn ?? NEVER) > (b.expiresOn ?? NEVER) ? 1 : 0));
  const over = [...state.expiries].filter(([, e]) => expiryCorrection(e) !== 0);
  return {
    openLots: JSON.stringify(open.map((l): LotTuple => [l.id, l.expiresOn, l.remaining])),
    nextExpiry: open.find((l) => l.expiresOn !== null)?.expiresOn ?? null,
    overExpired: over.length
      ? JSON.stringify(over.map(([id, e]): OverTuple => (e.left ? [id, e.occurredAt, e.excess, e.corrected, e.fixes, e.left] : [id, e.occurredAt, e.excess, e.corrected, e.fixes])))
      : null,
  };
}

function writeState(store: Store, customerId: string, state: LotState, events: number): void {
  const c = cacheColumns(state);
  prepared(
    store,
    `INSERT INTO points_balances (customer_id, balance, events, flagged, deficit, open_lots, next_expiry, over_expired, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET balance = excluded.balance, events = excluded.events, flagged = excluded.flagged, deficit = excluded.deficit,
       open_lots = excluded.open_lots, next_expiry = excluded.next_expiry, over_expired = excluded.over_expired, updated_at = excluded.updated_at`,
  ).run(customerId, state.balance, events, state.balance < 0 ? 1 : 0, state.deficit, c.openLots, c.nextExpiry, c.overExpired, store.now().toISOString());
}

const deferred = new WeakMap<Store, Set<string>>();

/**
 * Runs `fn` with the customers' cache updates collected and made once at its end (still inside the caller's
 * transaction): a bulk import or a pass writing many events per customer replays each customer once. Inside
 * `fn` the cache of a customer already written to is stale; callers read it before writing.
 */
export function withBalancesDeferred<T>(store: Store, fn: () => T): T {
  if (deferred.has(store)) return fn();
  const pending = new Set<string>();
  deferred.set(store, pending);
  try {
    const result = fn();
    deferred.delete(store);
    recomputeBalances(store, pending);
    return result;
  } finally {
    deferred.delete(store);
  }
}

/** After a ledger event of the customer was written on this device: now, or at the end of a deferred batch. */
export function balanceChanged(store: Store, customerId: string): void {
  const pending = deferred.get(store);
  if (pending) pending.add(customerId);
  else recomputeBalances(store, [customerId]);
}

/** Replays the customers' ledgers and caches what they end with (no events: no row). */
export function recomputeBalances(store: Store, customerIds: Iterable<string>): void {
  const drop = prepared(store, 'DELETE FROM points_balances WHERE customer_id = ?');
  const days = eventDays(store);
  for (const customerId of new Set(customerIds)) {
    const movements = movementsOf(store, customerId);
    if (movements.length === 0) drop.run(customerId);
    else writeState(store, customerId, replayLots(movements, days), movements.length);
  }
}

/**
 * An expiry the pass wrote for exactly what its lot had left: the same state a replay would end with (the expiry
 * takes only from its own lot, replayed no earlier than the lot (lots.ts), and no later event could take from a lot
 * past its last day except by naming it), applied to the cached state without reading the ledger again.
 */
export function applyExpiries(
  store: Store,
  customerId: string,
  cached: { state: LotState; events: number },
  expired: readonly Lot[],
): void {
  const { state, events } = cached;
  const gone = new Set(expired.map((l) => l.id));
  const points = expired.reduce((sum, l) => sum + l.remaining, 0);
  const next: LotState = { ...state, lots: state.lots.filter((l) => !gone.has(l.id)), balance: state.balance - points };
  writeState(store, customerId, next, events + expired.length);
}

/** After ledger rows were applied from elsewhere: the customers they belong to get their balance recomputed. */
export function recomputeBalancesOfEvents(store: Store, eventIds: readonly string[]): void {
  if (eventIds.length === 0) return;
  const customers = prepared(store, 'SELECT DISTINCT customer_id FROM points_ledger WHERE id IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(JSON.stringify(eventIds)) as string[];
  recomputeBalances(store, customers);
}

export interface BalanceMismatch {
  customerId: string;
  cached: number | null;
  ledger: number | null;
  /** The cached lots, deficit or expiries to correct differ from a replay of the ledger (the sums may agree). */
  lots?: true;
}

/**
 * Whether every cached balance equals its ledger's sum (and every customer with events has one), and, unless
 * `sumsOnly`, whether every cached lot state equals a replay of the customer's ledger.
 */
export function verifyBalances(store: Store, options: { sumsOnly?: boolean } = {}): { customers: number; mismatches: BalanceMismatch[] } {
  const rows = prepared(
    store,
    `WITH ledger AS (SELECT customer_id, sum(points) AS total FROM points_ledger WHERE deleted_at IS NULL GROUP BY customer_id)
       SELECT l.customer_id AS customerId, b.balance AS cached, l.total AS ledger FROM ledger l LEFT JOIN points_balances b ON b.customer_id = l.customer_id
       UNION ALL
       SELECT b.customer_id, b.balance, NULL FROM points_balances b WHERE NOT EXISTS (SELECT 1 FROM ledger l WHERE l.customer_id = b.customer_id)`,
  ).all() as BalanceMismatch[];
  const mismatches = rows.filter((r) => r.cached !== r.ledger);
  if (!options.sumsOnly) {
    const cachedRow = prepared(
      store,
      'SELECT balance, events, deficit, open_lots AS openLots, over_expired AS overExpired FROM points_balances WHERE customer_id = ?',
    );
    for (const r of rows) {
      if (r.cached !== r.ledger || r.ledger === null) continue;
      const row = cachedRow.get(r.customerId) as CachedRow;
      if (row.openLots === null) continue;
      const truth = replayedStateOf(store, r.customerId);
      const replayed = cacheColumns(truth);
      const cached = cacheColumns(stateFromRow(row));
      if (replayed.openLots !== cached.openLots || replayed.overExpired !== cached.overExpired || truth.deficit !== row.deficit)
        mismatches.push({ ...r, lots: true });
    }
  }
  return { customers: rows.length, mismatches };
}

/**
 * Rebuilds the whole cache from the ledger (after a restore, or when verify found a mismatch): the ledger read in
 * customer order, a range of customers at a time (better-sqlite3 cannot write while a read is open).
 */
export function rebuildBalances(store: Store): void {
  store.sqlite.transaction(() => {
    prepared(store, 'DELETE FROM points_balances').run();
    const nextCustomers = prepared(
      store,
      'SELECT DISTINCT customer_id FROM points_ledger WHERE customer_id > ? ORDER BY customer_id LIMIT 2000',
    ).pluck();
    const range = prepared(
      store,
      `SELECT customer_id AS customerId, ${MOVEMENT_COLUMNS} FROM points_ledger WHERE customer_id >= ? AND customer_id <= ? AND deleted_at IS NULL ORDER BY customer_id`,
    );
    const days = eventDays(store);
    let cursor = '';
    for (;;) {
      const ids = nextCustomers.all(cursor) as string[];
      if (ids.length === 0) break;
      const rows = range.all(ids[0], ids[ids.length - 1]) as (LedgerMovement & { customerId: string })[];
      let start = 0;
      for (let i = 1; i <= rows.length; i++) {
        if (i === rows.length || rows[i]!.customerId !== rows[start]!.customerId) {
          const own = rows.slice(start, i);
          writeState(store, rows[start]!.customerId, replayLots(own, days), own.length);
          start = i;
        }
      }
      cursor = ids[ids.length - 1]!;
    }
  }).immediate();
}

/** Customers whose balance went negative (redeemed at two outlets while apart): the manager's list. */
export function flaggedBalances(store: Store): { customerId: string; balance: number }[] {
  return prepared(
    store,
    'SELECT customer_id AS customerId, balance FROM points_balances WHERE flagged = 1 ORDER BY balance, customer_id',
  ).all() as { customerId: string; balance: number }[];
}

/**
 * The manager's list of flagged balances with what is needed to act on them: the name, the cards, the offline
 * (provisional) redemptions behind the deficit and the outlets that made them.
 */
export function flaggedBalanceList(store: Store): FlaggedBalanceView[] {
  const detail = prepared(
    store,
    `SELECT c.full_name AS fullName,
            (SELECT group_concat(card_no, ' ') FROM cards k WHERE k.customer_id = c.id AND k.status = 'active' AND k.deleted_at IS NULL) AS cards,
            (SELECT coalesce(-sum(points), 0) FROM points_ledger l WHERE l.customer_id = c.id AND l.provisional = 1 AND l.deleted_at IS NULL) AS provisionalPoints,
            (SELECT group_concat(DISTINCT coalesce(o.code, l.outlet_id)) FROM points_ledger l LEFT JOIN outlets o ON o.id = l.outlet_id
               WHERE l.customer_id = c.id AND l.provisional = 1 AND l.deleted_at IS NULL) AS outlets,
            (SELECT max(occurred_at) FROM points_ledger l WHERE l.customer_id = c.id AND l.deleted_at IS NULL) AS lastEventAt
       FROM customers c WHERE c.id = ?`,
  );
  return flaggedBalances(store).map((f) => {
    const row = detail.get(f.customerId) as
      { fullName: string; cards: string | null; provisionalPoints: number; outlets: string | null; lastEventAt: string | null } | undefined;
    return {
      ...f,
      fullName: row?.fullName ?? '',
      cardNos: row?.cards ? row.cards.split(' ') : [],
      provisionalPoints: row?.provisionalPoints ?? 0,
      outlets: row?.outlets ? row.outlets.split(',') : [],
      lastEventAt: row?.lastEventAt ?? null,
    };
  });
}
