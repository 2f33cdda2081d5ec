import { prepared } from './statements';
import type { Store } from '../store/store';
import { eventFromRow, lotStateOf, requireCustomer, type LedgerEvent } from './ledger';
import { availableOn } from './lots';
import { dayOf } from './rules';

export interface PointsBalance {
  customerId: string;
  /** The ledger's sum, from the cache. */
  balance: number;
  /** What can be redeemed today: points in lots not yet past their last day. */
  available: number;
  /** Points whose last day is within the next 30 days. */
  expiringSoon: number;
  flagged: boolean;
  events: number;
}

export function pointsBalance(store: Store, customerId: string): PointsBalance {
  requireCustomer(store, customerId);
  const cached = prepared(store, 'SELECT balance, events, flagged FROM points_balances WHERE customer_id = ?').get(customerId) as
    { balance: number; events: number; flagged: number } | undefined;
  const today = dayOf(store.now().toISOString());
  const soon = dayOf(new Date(store.now().getTime() + 30 * 86_400_000).toISOString());
  const state = lotStateOf(store, customerId);
  const expiringSoon = state.lots.reduce(
    (sum, l) => sum + (l.expiresOn !== null && l.expiresOn > today && l.expiresOn <= soon ? l.remaining : 0),
    0,
  );
  return {
    customerId,
    balance: cached?.balance ?? 0,
    available: availableOn(state, today),
    expiringSoon,
    flagged: cached?.flagged === 1,
    events: cached?.events ?? 0,
  };
}

export interface StatementLine extends LedgerEvent {
  /** The balance after this event, in ledger order. */
  balanceAfter: number;
}

/** The customer's events newest first, each with the balance after it; `limit` lines from `offset`. */
export function pointsStatement(store: Store, customerId: string, options: { limit?: number; offset?: number } = {}): StatementLine[] {
  requireCustomer(store, customerId);
  const limit = options.limit ?? 100;
  const offset = options.offset ?? 0;
  const total = prepared(store, 'SELECT coalesce(sum(points), 0) FROM points_ledger WHERE customer_id = ? AND deleted_at IS NULL')
    .pluck()
    .get(customerId) as number;
  const rows = prepared(
    store,
    'SELECT * FROM points_ledger WHERE customer_id = ? AND deleted_at IS NULL ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?',
  ).all(customerId, limit, offset) as Record<string, unknown>[];
  const newer = offset
    ? (prepared(
        store,
        'SELECT coalesce(sum(points), 0) FROM (SELECT points FROM points_ledger WHERE customer_id = ? AND deleted_at IS NULL ORDER BY occurred_at DESC, id DESC LIMIT ?)',
      )
        .pluck()
        .get(customerId, offset) as number)
    : 0;
  let after = total - newer;
  return rows.map((row) => {
    const event = eventFromRow(row);
    const line = { ...event, balanceAfter: after };
    after -= event.points;
    return line;
  });
}
