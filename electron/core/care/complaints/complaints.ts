import { complaintEvents, complaints } from '../../../../db/schema/care';
import {
  complaintOpenSchema,
  complaintTransitionSchema,
  type Complaint,
  type ComplaintDetail,
  type ComplaintEvent,
  type ComplaintOpenInput,
  type ComplaintStatus,
  type ComplaintTransitionInput,
} from '../../../../shared/care';
import { AkrabError } from '../../../../shared/errors';
import { newId } from '../../ids';
import type { Store } from '../../store/store';
import { transact } from '../../store/writer';
import { customerNames, outletCodes, requireCustomerRow, prepared } from '../careReads';
import { businessCalendar, parseOrThrow, serviceLevels } from '../settings/careSettings';
import { defaultOpeningHours, defaultServiceLevels } from '../settings/defaults';
import type { BusinessCalendar } from '../serviceLevel/businessTime';
import { tierServiceLevel } from '../../loyalty/tiers/read';
import { activeStatuses, isOverdue, legalTransitions, openedBlock, transition, type LifecycleBlock } from './lifecycle';

type Row = Record<string, string | number | null>;

/** The calendar and service levels of the outlet that owns the complaint (chain defaults in WIB without one). */
function clockOf(store: Store, outletId: string | null): { cal: BusinessCalendar; levels: ReturnType<typeof serviceLevels> } {
  if (outletId) return { cal: businessCalendar(store, outletId), levels: serviceLevels(store, outletId) };
  const closed = prepared(store, 'SELECT date FROM closed_days WHERE outlet_id IS NULL AND active = 1 AND deleted_at IS NULL')
    .pluck()
    .all() as string[];
  return { cal: { offsetMinutes: 420, hours: defaultOpeningHours, closedDates: new Set(closed) }, levels: defaultServiceLevels };
}

/** Which purchase an invoice number names for this customer; refused when it is another customer's invoice. */
function resolveInvoice(store: Store, customerId: string, invoiceNo: string | null): string | null {
  if (!invoiceNo) return null;
  const owners = prepared(store, 'SELECT id, customer_id FROM purchases WHERE invoice_no = ? AND deleted_at IS NULL').all(invoiceNo) as {
    id: string;
    customer_id: string;
  }[];
  const own = owners.find((p) => p.customer_id === customerId);
  if (own) return own.id;
  if (owners.length > 0)
    throw new AkrabError({ code: 'validation', field: 'invoiceNo', messageKey: 'error.invoice_other_customer', params: { invoiceNo } });
  // An invoice this device has not seen (paper, another system, not synced yet) is kept as written.
  return null;
}

export function openComplaint(store: Store, input: ComplaintOpenInput | unknown): ComplaintDetail {
  const c = parseOrThrow(complaintOpenSchema, input);
  requireCustomerRow(store, c.customerId);
  const purchaseId = resolveInvoice(store, c.customerId, c.invoiceNo);
  const { cal, levels } = clockOf(store, store.outletId);
  const now = store.now();
  // A tier with a shorter complaint service level is served faster (issue 17 point 5).
  const block = openedBlock(now, tierServiceLevel(store, c.customerId, levels[c.category][c.severity]), cal);
  const id = newId();
  transact(store, (w) => {
    w.insert(complaints, {
      id,
      customerId: c.customerId,
      outletId: store.outletId,
      category: c.category,
      severity: c.severity,
      invoiceNo: c.invoiceNo,
      purchaseId,
      description: c.description,
      promisedAction: c.promisedAction,
      promisedDate: c.promisedDate,
      openedAt: now.toISOString(),
      ...block,
    });
    w.insert(complaintEvents, {
      id: newId(),
      complaintId: id,
      kind: 'opened',
      at: now.toISOString(),
      staff: store.staff,
      outletId: store.outletId,
      fromStatus: null,
      toStatus: 'open',
      note: null,
      satisfaction: null,
    });
  });
  return getComplaint(store, id);
}

function requireComplaintRow(store: Store, complaintId: string): Row {
  const row = prepared(store, 'SELECT * FROM complaints WHERE id = ? AND deleted_at IS NULL').get(complaintId) as Row | undefined;
  if (!row) throw new AkrabError({ code: 'not_found', field: 'complaintId', messageKey: 'error.complaint_not_found' });
  return row;
}

function blockOf(row: Row): LifecycleBlock {
  return {
    status: row.status as ComplaintStatus,
    clockStartedAt: row.clock_started_at as string,
    firstResponseDueAt: row.first_response_due_at as string,
    resolutionDueAt: row.resolution_due_at as string,
    firstResponseAt: row.first_response_at as string | null,
    resolvedAt: row.resolved_at as string | null,
    closedAt: row.closed_at as string | null,
    satisfaction: row.satisfaction as number | null,
    reopenCount: row.reopen_count as number,
  };
}

/**
 * Moves a complaint to another status. The check runs here, against this replica's current status; the write
 * carries the whole lifecycle block plus one history event, so replicas converge and the history keeps every change.
 */
export function transitionComplaint(store: Store, input: ComplaintTransitionInput | unknown): ComplaintDetail {
  const t = parseOrThrow(complaintTransitionSchema, input);
  const row = requireComplaintRow(store, t.complaintId);
  const now = store.now();
  const { cal, levels } = clockOf(store, row.outlet_id as string | null);
  const level = tierServiceLevel(
    store,
    row.customer_id as string,
    levels[row.category as keyof typeof levels][row.severity as 'low' | 'normal' | 'high'],
  );
  const current = blockOf(row);
  const next = transition(current, t.status, now, t.satisfaction, level, cal);
  transact(store, (w) => {
    w.update(complaints, t.complaintId, {
      ...next,
      ...(t.promisedAction !== undefined && { promisedAction: t.promisedAction || null }),
      ...(t.promisedDate !== undefined && { promisedDate: t.promisedDate }),
    });
    w.insert(complaintEvents, {
      id: newId(),
      complaintId: t.complaintId,
      kind: 'transition',
      at: now.toISOString(),
      staff: store.staff,
      outletId: store.outletId,
      fromStatus: current.status,
      toStatus: next.status,
      note: t.note,
      satisfaction: t.satisfaction,
    });
  });
  return getComplaint(store, t.complaintId);
}

function toComplaint(row: Row, codes: Map<string, string>, names: Map<string, string>, now: Date, escalated: boolean): Complaint {
  const block = blockOf(row);
  return {
    id: row.id as string,
    customerId: row.customer_id as string,
    customerName: names.get(row.customer_id as string) ?? null,
    outletCode: row.outlet_id ? (codes.get(row.outlet_id as string) ?? null) : null,
    category: row.category as Complaint['category'],
    severity: row.severity as Complaint['severity'],
    invoiceNo: row.invoice_no as string | null,
    description: row.description as string,
    promisedAction: row.promised_action as string | null,
    promisedDate: row.promised_date as string | null,
    openedAt: row.opened_at as string,
    status: block.status,
    firstResponseDueAt: block.firstResponseDueAt,
    resolutionDueAt: block.resolutionDueAt,
    firstResponseAt: block.firstResponseAt,
    resolvedAt: block.resolvedAt,
    closedAt: block.closedAt,
    satisfaction: block.satisfaction,
    reopenCount: block.reopenCount,
    overdue: isOverdue(block, now),
    escalated,
  };
}

function escalatedSince(store: Store, complaintId: string, since: string): boolean {
  return !!prepared(store, `SELECT 1 FROM complaint_events WHERE complaint_id = ? AND kind = 'escalated' AND at >= ?`)
    .pluck()
    .get(complaintId, since);
}

export function complaintHistory(store: Store, complaintId: string, codes = outletCodes(store)): ComplaintEvent[] {
  const rows = prepared(store, 'SELECT * FROM complaint_events WHERE complaint_id = ? AND deleted_at IS NULL ORDER BY at, id').all(
    complaintId,
  ) as Row[];
  return rows.map((r) => ({
    id: r.id as string,
    kind: r.kind as ComplaintEvent['kind'],
    at: r.at as string,
    staff: r.staff as string | null,
    outletCode: r.outlet_id ? (codes.get(r.outlet_id as string) ?? null) : null,
    fromStatus: r.from_status as ComplaintStatus | null,
    toStatus: r.to_status as ComplaintStatus | null,
    note: r.note as string | null,
    satisfaction: r.satisfaction as number | null,
  }));
}

export function getComplaint(store: Store, complaintId: string): ComplaintDetail {
  const row = requireComplaintRow(store, complaintId);
  const codes = outletCodes(store);
  const complaint = toComplaint(
    row,
    codes,
    customerNames(store, [row.customer_id as string]),
    store.now(),
    escalatedSince(store, complaintId, row.clock_started_at as string),
  );
  return { ...complaint, history: complaintHistory(store, complaintId, codes), next: [...legalTransitions[complaint.status]] };
}

export interface ComplaintFilter {
  status?: ComplaintStatus;
  overdue?: boolean;
  outletId?: string;
  customerId?: string;
  limit?: number;
}

/**
 * Complaints, most urgent first when only active ones are asked for (by resolution due time), else newest first.
 * `overdue` keeps the active ones past a due time at this moment.
 */
export function listComplaints(store: Store, filter: ComplaintFilter = {}): Complaint[] {
  const where = ['deleted_at IS NULL'];
  const params: unknown[] = [];
  const now = store.now();
  if (filter.status) {
    where.push('status = ?');
    params.push(filter.status);
  }
  if (filter.outletId) {
    where.push('outlet_id = ?');
    params.push(filter.outletId);
  }
  if (filter.customerId) {
    where.push('customer_id = ?');
    params.push(filter.customerId);
  }
  if (filter.overdue) {
    const t = now.toISOString();
    where.push(`status IN ('open', 'in_progress', 'reopened')`);
    where.push(`(resolution_due_at < ? OR (first_response_at IS NULL AND first_response_due_at < ?))`);
    params.push(t, t);
  }
  const urgent = filter.overdue || (filter.status !== undefined && activeStatuses.includes(filter.status));
  const order = urgent ? 'resolution_due_at, id' : 'opened_at DESC, id DESC';
  const rows = prepared(
    store,
    `SELECT c.*, EXISTS (SELECT 1 FROM complaint_events e WHERE e.complaint_id = c.id AND e.at >= c.clock_started_at AND e.kind = 'escalated') AS escalated
     FROM complaints c WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`,
  ).all(...params, filter.limit ?? 500) as Row[];
  const codes = outletCodes(store);
  const names = customerNames(
    store,
    rows.map((r) => r.customer_id as string),
  );
  return rows.map((r) => toComplaint(r, codes, names, now, r.escalated === 1));
}

/**
 * The outlet's complaints past a due time, most urgent first, and how many there are: what 'my day' highlights.
 * Ordered index ranges per status instead of one OR query, so a busy outlet's thousands of active complaints
 * are counted in the index and only the first `limit` rows are read whole.
 */
export function overdueComplaintsOf(store: Store, outletId: string, limit: number): { complaints: Complaint[]; count: number } {
  const t = store.now().toISOString();
  const pastResolution = prepared(
    store,
    `SELECT id, resolution_due_at FROM complaints WHERE outlet_id = ? AND status = ? AND resolution_due_at < ? AND deleted_at IS NULL ORDER BY resolution_due_at LIMIT ?`,
  );
  const pastResponse = prepared(
    store,
    `SELECT id, resolution_due_at FROM complaints WHERE outlet_id = ? AND status = ? AND resolution_due_at >= ? AND first_response_at IS NULL AND first_response_due_at < ? AND deleted_at IS NULL`,
  );
  const countPastResolution = prepared(
    store,
    `SELECT count(*) FROM complaints WHERE outlet_id = ? AND status = ? AND resolution_due_at < ? AND deleted_at IS NULL`,
  ).pluck();
  const candidates: { id: string; resolution_due_at: string }[] = [];
  let count = 0;
  for (const status of activeStatuses) {
    candidates.push(...(pastResolution.all(outletId, status, t, limit) as { id: string; resolution_due_at: string }[]));
    count += countPastResolution.get(outletId, status, t) as number;
    if (status !== 'in_progress') {
      const late = pastResponse.all(outletId, status, t, t) as { id: string; resolution_due_at: string }[];
      candidates.push(...late);
      count += late.length;
    }
  }
  candidates.sort((a, b) =>
    a.resolution_due_at < b.resolution_due_at ? -1 : a.resolution_due_at > b.resolution_due_at ? 1 : a.id < b.id ? -1 : 1,
  );
  return { complaints: complaintsByIds(store, candidates.slice(0, limit)), count };
}

/** Whole complaints for a page of ids, in the order given. */
function complaintsByIds(store: Store, page: { id: string }[]): Complaint[] {
  const byId = prepared(
    store,
    `SELECT c.*, EXISTS (SELECT 1 FROM complaint_events e WHERE e.complaint_id = c.id AND e.at >= c.clock_started_at AND e.kind = 'escalated') AS escalated
     FROM complaints c WHERE c.id = ?`,
  );
  const rows = page.map((c) => byId.get(c.id) as Row);
  const codes = outletCodes(store);
  const names = customerNames(
    store,
    rows.map((r) => r.customer_id as string),
  );
  const now = store.now();
  return rows.map((r) => toComplaint(r, codes, names, now, r.escalated === 1));
}

/** Statuses in which a complaint has had no first response yet: transitions to in progress or resolved set it. */
const awaitingStatuses = ['open', 'reopened'] as const;

/**
 * The outlet's fresh complaints: open or reopened, no first response yet, and not past either due time (those
 * are overdueComplaintsOf's), most urgent first, and how many there are. The same (outlet, status, resolution
 * due) index range as the overdue list, read in order and cut at `limit`; the count runs only when a page is
 * full (otherwise the page is the count), so a quiet outlet pays one short range scan per status.
 */
export function awaitingResponseOf(store: Store, outletId: string, limit: number): { complaints: Complaint[]; count: number } {
  const t = store.now().toISOString();
  const fresh = `FROM complaints WHERE outlet_id = ? AND status = ? AND resolution_due_at >= ? AND first_response_at IS NULL AND first_response_due_at >= ? AND deleted_at IS NULL`;
  const page = prepared(store, `SELECT id, resolution_due_at ${fresh} ORDER BY resolution_due_at LIMIT ?`);
  const countAll = prepared(store, `SELECT count(*) ${fresh}`).pluck();
  const candidates: { id: string; resolution_due_at: string }[] = [];
  let count = 0;
  for (const status of awaitingStatuses) {
    const rows = page.all(outletId, status, t, t, limit) as { id: string; resolution_due_at: string }[];
    candidates.push(...rows);
    count += rows.length < limit ? rows.length : (countAll.get(outletId, status, t, t) as number);
  }
  candidates.sort((a, b) =>
    a.resolution_due_at < b.resolution_due_at ? -1 : a.resolution_due_at > b.resolution_due_at ? 1 : a.id < b.id ? -1 : 1,
  );
  return { complaints: complaintsByIds(store, candidates.slice(0, limit)), count };
}
