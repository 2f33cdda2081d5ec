import { localDay, zoneOfOutlet } from './ledgerDays';
import { prepared } from './statements';
import type { Store } from '../store/store';
import { cachedBalanceOf } from './balances';
import type { StatementLineView } from '../../../shared/loyalty';
import { requireCustomer } from './ledger';
import { availableOn } from './lots';

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

/** Shown with the lookup at the counter: the customer's one cache row (and the outlet's zone), no ledger read. */
export function pointsBalance(store: Store, customerId: string): PointsBalance {
  requireCustomer(store, customerId);
  const zone = zoneOfOutlet(store, store.outletId);
  const now = store.now().getTime();
  const today = localDay(new Date(now).toISOString(), zone);
  const soon = localDay(new Date(now + 30 * 86_400_000).toISOString(), zone);
  const { state, events } = cachedBalanceOf(store, customerId);
  const expiringSoon = state.lots.reduce(
    (sum, l) => sum + (l.expiresOn !== null && l.expiresOn > today && l.expiresOn <= soon ? l.remaining : 0),
    0,
  );
  return {
    customerId,
    balance: state.balance,
    available: availableOn(state, today),
    expiringSoon,
    flagged: state.balance < 0,
    events,
  };
}

/** A statement line: what the screen and the CLI show of an event, with the balance after it. */
export type StatementLine = StatementLineView;

const STATEMENT_COLUMNS =
  'id, kind, points, occurred_at AS occurredAt, expires_on AS expiresOn, invoice_no AS invoiceNo, reason, provisional';

/**
 * The customer's events newest first, each with the balance after it; `limit` lines from `offset`. Only the
 * columns a statement shows are read: a 1,000-line statement spent as long building full event rows (two dozen
 * strings each) as reading them.
 */
export function pointsStatement(store: Store, customerId: string, options: { limit?: number; offset?: number } = {}): StatementLine[] {
  requireCustomer(store, customerId);
  const limit = options.limit ?? 100;
  const offset = options.offset ?? 0;
  const total = (prepared(store, 'SELECT balance FROM points_balances WHERE customer_id = ?').pluck().get(customerId) as number | undefined) ?? 0;
  const rows = prepared(
    store,
    `SELECT ${STATEMENT_COLUMNS} FROM points_ledger WHERE customer_id = ? AND deleted_at IS NULL ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?`,
  ).all(customerId, limit, offset) as (Omit<StatementLine, 'provisional' | 'balanceAfter'> & { provisional: number; balanceAfter: number })[];
  const newer = offset
    ? (prepared(
        store,
        'SELECT coalesce(sum(points), 0) FROM (SELECT points FROM points_ledger WHERE customer_id = ? AND deleted_at IS NULL ORDER BY occurred_at DESC, id DESC LIMIT ?)',
      )
        .pluck()
        .get(customerId, offset) as number)
    : 0;
  let after = total - newer;
  const lines = rows as unknown as StatementLine[];
  for (const row of rows) {
    (row as unknown as StatementLine).provisional = row.provisional === 1;
    row.balanceAfter = after;
    after -= row.points;
  }
  return lines;
}
