import { prepared } from './statements';
import type { InferSelectModel } from 'drizzle-orm';
import { pointsLedger } from '../../../db/schema/loyalty';
import { readSetting, writeSetting, type Store } from '../store/store';
import type { NewRow, Writer } from '../store/writer';
import { balanceChanged, cachedStateOf } from './balances';
import { loyaltyErrors } from './errors';
import { ledgerEventId } from './eventIds';
import type { LotState } from './lots';

export type LedgerEvent = InferSelectModel<typeof pointsLedger>;
export type NewLedgerEvent = Omit<NewRow<typeof pointsLedger>, 'id'>;

/** The customer's id when it names a customer in the store (not erased, not deleted); else the specific error. */
export function requireCustomer(store: Store, customerId: string): string {
  const found = prepared(store, 'SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL').pluck().get(customerId);
  if (!found) throw loyaltyErrors.unknownCustomer();
  return customerId;
}

/** The customer's lots, deficit and over-expiries as a replay of their ledger ends, read from the balance cache. */
export function lotStateOf(store: Store, customerId: string): LotState {
  return cachedStateOf(store, customerId);
}

export function eventById(store: Store, id: string): LedgerEvent | undefined {
  const row = prepared(store, 'SELECT * FROM points_ledger WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  return row ? eventFromRow(row) : undefined;
}

/**
 * Writes an event whose id its source decides, unless the ledger has it already: then the existing event is
 * the answer and nothing is written (a retry, a second path to the same purchase line). The customer's cached
 * balance follows in the same transaction.
 */
export function appendEvent(store: Store, w: Writer, event: NewLedgerEvent): { event: LedgerEvent; written: boolean } {
  const id = ledgerEventId(event.source);
  const existing = eventById(store, id);
  if (existing) return { event: existing, written: false };
  w.insert(pointsLedger, { provisional: false, ...event, id });
  balanceChanged(store, event.customerId);
  return { event: eventById(store, id)!, written: true };
}

/** A per-device sequence for events that have no outside source (a redemption without a key, an adjustment). */
export function nextLocalSeq(store: Store): number {
  const seq = Number(readSetting(store.sqlite, 'loyalty_seq') ?? 0) + 1;
  writeSetting(store.sqlite, 'loyalty_seq', String(seq));
  return seq;
}

/** The audit columns of a row read with SELECT *, by their property names. */
export function auditFieldsOf(row: Record<string, unknown>) {
  return {
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    createdByDevice: row.created_by_device as string,
    createdByStaff: (row.created_by_staff as string | null) ?? null,
    updatedByDevice: row.updated_by_device as string,
    updatedByStaff: (row.updated_by_staff as string | null) ?? null,
    deletedAt: (row.deleted_at as string | null) ?? null,
  };
}

export function eventFromRow(row: Record<string, unknown>): LedgerEvent {
  return {
    id: row.id as string,
    source: row.source as string,
    kind: row.kind as LedgerEvent['kind'],
    customerId: row.customer_id as string,
    points: row.points as number,
    occurredAt: row.occurred_at as string,
    expiresOn: (row.expires_on as string | null) ?? null,
    outletId: (row.outlet_id as string | null) ?? null,
    staffId: (row.staff_id as string | null) ?? null,
    approvedBy: (row.approved_by as string | null) ?? null,
    reason: (row.reason as string | null) ?? null,
    ruleId: (row.rule_id as string | null) ?? null,
    purchaseId: (row.purchase_id as string | null) ?? null,
    invoiceNo: (row.invoice_no as string | null) ?? null,
    amount: (row.amount as number | null) ?? null,
    relatedId: (row.related_id as string | null) ?? null,
    provisional: row.provisional === 1,
    ...auditFieldsOf(row),
  };
}
