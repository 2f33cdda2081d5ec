import type { FlaggedBalanceView } from '../../../shared/loyalty';
import { prepared } from './statements';
import type { Store } from '../store/store';

/**
 * The balance cache is recomputed from the ledger, never synced: on every local ledger write and whenever
 * ledger rows arrive from the server (applyRemoteChanges) or leave after a refusal (revertRefused). A synced
 * cache would be a second truth that two devices could write differently; a recomputed one cannot disagree.
 */
export function recomputeBalances(store: Store, customerIds: Iterable<string>): void {
  const sum = prepared(
    store,
    'SELECT coalesce(sum(points), 0) AS balance, count(*) AS events FROM points_ledger WHERE customer_id = ? AND deleted_at IS NULL',
  );
  const upsert = prepared(
    store,
    `INSERT INTO points_balances (customer_id, balance, events, flagged, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET balance = excluded.balance, events = excluded.events, flagged = excluded.flagged, updated_at = excluded.updated_at`,
  );
  const drop = prepared(store, 'DELETE FROM points_balances WHERE customer_id = ?');
  const now = store.now().toISOString();
  for (const customerId of new Set(customerIds)) {
    const { balance, events } = sum.get(customerId) as { balance: number; events: number };
    if (events === 0) drop.run(customerId);
    else upsert.run(customerId, balance, events, balance < 0 ? 1 : 0, now);
  }
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
}

/** Whether every cached balance equals its ledger's sum (and every customer with events has one). */
export function verifyBalances(store: Store): { customers: number; mismatches: BalanceMismatch[] } {
  const rows = prepared(
    store,
    `WITH ledger AS (SELECT customer_id, sum(points) AS total FROM points_ledger WHERE deleted_at IS NULL GROUP BY customer_id)
       SELECT l.customer_id AS customerId, b.balance AS cached, l.total AS ledger FROM ledger l LEFT JOIN points_balances b ON b.customer_id = l.customer_id
       UNION ALL
       SELECT b.customer_id, b.balance, NULL FROM points_balances b WHERE NOT EXISTS (SELECT 1 FROM ledger l WHERE l.customer_id = b.customer_id)`,
  ).all() as BalanceMismatch[];
  return { customers: rows.length, mismatches: rows.filter((r) => r.cached !== r.ledger) };
}

/** Rebuilds the whole cache from the ledger (after a restore, or when verify found a mismatch). */
export function rebuildBalances(store: Store): void {
  store.sqlite.transaction(() => {
    prepared(store, 'DELETE FROM points_balances').run();
    const customers = prepared(store, 'SELECT DISTINCT customer_id FROM points_ledger').pluck().all() as string[];
    recomputeBalances(store, customers);
  })();
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
      | { fullName: string; cards: string | null; provisionalPoints: number; outlets: string | null; lastEventAt: string | null }
      | undefined;
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
