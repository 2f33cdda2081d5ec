import { followUpOutcomes, followUps } from '../../../../db/schema/care';
import {
  followUpCloseSchema,
  followUpCreateSchema,
  type FollowUp,
  type FollowUpCloseInput,
  type FollowUpCreateInput,
  type FollowUpKind,
  type FollowUpStatus,
} from '../../../../shared/care';
import { AkrabError } from '../../../../shared/errors';
import { newId } from '../../ids';
import type { Store } from '../../store/store';
import { transact, type Writer } from '../../store/writer';
import { customerNames, outletCodes, requireCustomerRow, prepared } from '../careReads';
import { businessCalendar, parseOrThrow, requireOutlet } from '../settings/careSettings';
import { localDate } from '../serviceLevel/businessTime';
import { insertInteraction } from '../interactions/interactions';

export interface FollowUpRow {
  id: string;
  customer_id: string;
  outlet_id: string;
  owner: string | null;
  kind: FollowUpKind;
  reason: string;
  due_date: string;
  source_id: string | null;
  /** From follow_up_outcomes; null = open. */
  status: FollowUpStatus | null;
  closed_at: string | null;
  closed_by: string | null;
}

export const followUpSelect = `SELECT f.id, f.customer_id, f.outlet_id, f.owner, f.kind, f.reason, f.due_date, f.source_id,
  o.status AS status, o.at AS closed_at, o.staff AS closed_by
  FROM follow_ups f LEFT JOIN follow_up_outcomes o ON o.id = f.id`;

/** Today's date at the outlet (YYYY-MM-DD, in its zone). */
export function outletToday(store: Store, outletId: string): string {
  return localDate(store.now(), businessCalendar(store, outletId));
}

/** A follow-up someone asked for: due today or later, owned by a staff member or the whole outlet. */
export function createFollowUp(store: Store, input: FollowUpCreateInput | unknown): FollowUp {
  const f = parseOrThrow(followUpCreateSchema, input);
  requireCustomerRow(store, f.customerId);
  const outlet = requireOutlet(store, store.outletId);
  if (f.dueDate < outletToday(store, outlet.id))
    throw new AkrabError({ code: 'validation', field: 'dueDate', messageKey: 'error.due_date_past' });
  const id = newId();
  transact(store, (w) =>
    w.insert(followUps, {
      id,
      customerId: f.customerId,
      outletId: outlet.id,
      owner: f.owner,
      kind: 'manual',
      reason: f.reason,
      dueDate: f.dueDate,
      sourceId: null,
    }),
  );
  return getFollowUp(store, id);
}

export function requireFollowUpRow(store: Store, id: string): FollowUpRow {
  const row = prepared(store, `${followUpSelect} WHERE f.id = ? AND f.deleted_at IS NULL`).get(id) as FollowUpRow | undefined;
  if (!row) throw new AkrabError({ code: 'not_found', field: 'followUpId', messageKey: 'error.follow_up_not_found' });
  return row;
}

/**
 * Writes the follow-up's outcome. The outcome row shares the follow-up's id and only people write it, so a
 * rule re-inserting the same follow-up on another device can never undo a "done".
 */
export function closeFollowUpIn(store: Store, w: Writer, row: FollowUpRow, status: 'done' | 'cancelled', note: string | null): void {
  if (row.status === 'done' || row.status === 'cancelled') {
    throw new AkrabError({
      code: 'conflict',
      field: 'followUpId',
      messageKey: 'error.follow_up_already_closed',
      params: { status: row.status },
    });
  }
  const values = { outletId: row.outlet_id, status, at: w.nowIso, staff: store.staff, note };
  if (prepared(store, 'SELECT 1 FROM follow_up_outcomes WHERE id = ?').pluck().get(row.id)) w.update(followUpOutcomes, row.id, values);
  else w.insert(followUpOutcomes, { id: row.id, ...values });
}

/** Marks a follow-up done (optionally logging the contact that did it) or cancelled. */
export function closeFollowUp(store: Store, status: 'done' | 'cancelled', input: FollowUpCloseInput | unknown): FollowUp {
  const c = parseOrThrow(followUpCloseSchema, input);
  const row = requireFollowUpRow(store, c.followUpId);
  transact(store, (w) => {
    closeFollowUpIn(store, w, row, status, c.note);
    if (status === 'done' && c.interaction) {
      const channel = c.interaction.channel;
      insertInteraction(store, w, {
        id: newId(),
        customerId: row.customer_id,
        channel,
        direction: channel === 'visit' || channel === 'consultation' ? 'in' : 'out',
        at: w.nowIso,
        note: c.note,
        outcome: c.interaction.outcome ?? null,
        followUpId: row.id,
      });
    }
  });
  return getFollowUp(store, row.id);
}

export function toFollowUps(store: Store, rows: FollowUpRow[]): FollowUp[] {
  const codes = outletCodes(store);
  const names = customerNames(
    store,
    rows.map((r) => r.customer_id),
  );
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    customerName: names.get(r.customer_id) ?? null,
    outletCode: codes.get(r.outlet_id) ?? null,
    owner: r.owner,
    kind: r.kind,
    reason: r.reason,
    dueDate: r.due_date,
    status: r.status ?? 'open',
    closedAt: r.closed_at,
    closedBy: r.closed_by,
  }));
}

export function getFollowUp(store: Store, id: string): FollowUp {
  return toFollowUps(store, [requireFollowUpRow(store, id)])[0]!;
}

export interface FollowUpFilter {
  outletId?: string;
  customerId?: string;
  status?: FollowUpStatus;
  /** Due on or before this local date. */
  dueBy?: string;
  limit?: number;
}

export function listFollowUps(store: Store, filter: FollowUpFilter = {}): FollowUp[] {
  const where = ['f.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (filter.outletId) {
    where.push('f.outlet_id = ?');
    params.push(filter.outletId);
  }
  if (filter.customerId) {
    where.push('f.customer_id = ?');
    params.push(filter.customerId);
  }
  if (filter.dueBy) {
    where.push('f.due_date <= ?');
    params.push(filter.dueBy);
  }
  if (filter.status === 'open') where.push('o.status IS NULL');
  else if (filter.status) {
    where.push('o.status = ?');
    params.push(filter.status);
  }
  const rows = prepared(store, `${followUpSelect} WHERE ${where.join(' AND ')} ORDER BY f.due_date, f.id LIMIT ?`).all(
    ...params,
    filter.limit ?? 500,
  ) as FollowUpRow[];
  return toFollowUps(store, rows);
}
