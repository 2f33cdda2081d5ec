import { followUps } from '../../../db/schema/care';
import { offersMade, opportunities, opportunityEvents } from '../../../db/schema/knowledge';
import {
  isLegalTransition,
  opportunityCreateSchema,
  opportunityUpdateSchema,
  stageTransitions,
  type LostReason,
  type Opportunity,
  type OpportunityCreateInput,
  type OpportunityStage,
  type OpportunityUpdateInput,
  type ReasonNotBought,
} from '../../../shared/knowledge';
import type { PipelineColumn } from '../../../shared/knowledgeViews';
import { prepared, requireCustomerRow } from '../care/careReads';
import { closeFollowUpIn, outletToday, requireFollowUpRow } from '../care/followUps/followUps';
import { parseOrThrow, requireOutlet } from '../care/settings/careSettings';
import { dateToDayNumber, dayNumberToDate } from '../care/serviceLevel/businessTime';
import { newId } from '../ids';
import { knowledgeErrors } from '../knowledge/errors';
import type { Store } from '../store/store';
import { transact, type Writer } from '../store/writer';

/** Days from today to the first follow-up of a new opportunity unless the clerk picks one. */
export const DEFAULT_FOLLOW_UP_DAYS = 3;

export interface OpportunityRow {
  id: string;
  customer_id: string;
  customer_name: string;
  outlet_id: string;
  owner: string | null;
  product: string;
  category: string;
  budget: number;
  stage: OpportunityStage;
  expected_decision_date: string;
  reason_not_bought: ReasonNotBought | null;
  note: string | null;
  follow_up_id: string | null;
  closed_at: string | null;
  invoice_no: string | null;
  won_amount: number | null;
  lost_reason: LostReason | null;
  lost_note: string | null;
  created_at: string;
}

export const opportunitySelect = `SELECT o.id, o.customer_id, c.full_name AS customer_name, o.outlet_id, o.owner, o.product, o.category, o.budget,
  o.stage, o.expected_decision_date, o.reason_not_bought, o.note, o.follow_up_id, o.closed_at, o.invoice_no, o.won_amount,
  o.lost_reason, o.lost_note, o.created_at
  FROM opportunities o JOIN customers c ON c.id = o.customer_id`;

export function toOpportunity(r: OpportunityRow): Opportunity {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    outletId: r.outlet_id,
    owner: r.owner,
    product: r.product,
    category: r.category,
    budget: r.budget,
    stage: r.stage,
    expectedDecisionDate: r.expected_decision_date,
    reasonNotBought: r.reason_not_bought,
    note: r.note,
    followUpId: r.follow_up_id,
    closedAt: r.closed_at,
    invoiceNo: r.invoice_no,
    wonAmount: r.won_amount,
    lostReason: r.lost_reason,
    lostNote: r.lost_note,
    createdAt: r.created_at,
    next: [...stageTransitions[r.stage]],
  };
}

export function getOpportunity(store: Store, id: string): Opportunity {
  const row = prepared(store, `${opportunitySelect} WHERE o.id = ? AND o.deleted_at IS NULL`).get(id) as OpportunityRow | undefined;
  if (!row) throw knowledgeErrors.opportunityNotFound();
  return toOpportunity(row);
}

const followUpReason = (product: string) => `Tindak lanjut calon penjualan: ${product}`;

function insertFollowUp(
  w: Writer,
  o: { customerId: string; outletId: string; owner: string | null; product: string; dueDate: string; opportunityId: string },
): string {
  const id = newId();
  w.insert(followUps, {
    id,
    customerId: o.customerId,
    outletId: o.outletId,
    owner: o.owner,
    kind: 'manual',
    reason: followUpReason(o.product),
    dueDate: o.dueDate,
    sourceId: o.opportunityId,
  });
  return id;
}

function event(store: Store, w: Writer, opportunityId: string, fromStage: OpportunityStage | null, toStage: OpportunityStage): void {
  w.insert(opportunityEvents, {
    id: newId(),
    opportunityId,
    at: w.nowIso,
    staff: store.staff,
    outletId: store.outletId,
    fromStage,
    toStage,
  });
}

/**
 * Records a potential sale at this device's outlet with its first follow-up on "my day". The decision date may
 * not be in the past; the follow-up falls three days from today unless given, never after the decision date.
 */
export function createOpportunity(store: Store, input: OpportunityCreateInput | unknown): Opportunity {
  const o = parseOrThrow(opportunityCreateSchema, input);
  requireCustomerRow(store, o.customerId);
  const outlet = requireOutlet(store, store.outletId);
  const today = outletToday(store, outlet.id);
  if (o.expectedDecisionDate < today) throw knowledgeErrors.decisionDateInPast();
  if (o.followUpDate && o.followUpDate < today) throw knowledgeErrors.followUpDateInPast();
  const inThreeDays = dayNumberToDate(dateToDayNumber(today) + DEFAULT_FOLLOW_UP_DAYS);
  const dueDate = o.followUpDate ?? (inThreeDays < o.expectedDecisionDate ? inThreeDays : o.expectedDecisionDate);
  const id = newId();
  const owner = o.owner ?? store.staff;
  transact(store, (w) => {
    const followUpId = insertFollowUp(w, {
      customerId: o.customerId,
      outletId: outlet.id,
      owner,
      product: o.product,
      dueDate,
      opportunityId: id,
    });
    w.insert(opportunities, {
      id,
      customerId: o.customerId,
      outletId: outlet.id,
      owner,
      product: o.product,
      category: o.category,
      budget: o.budget,
      expectedDecisionDate: o.expectedDecisionDate,
      reasonNotBought: o.reasonNotBought,
      note: o.note,
      followUpId,
      offerId: o.offerId,
      stage: o.stage,
      closedAt: null,
      invoiceNo: null,
      purchaseId: null,
      wonAmount: null,
      lostReason: null,
      lostNote: null,
    });
    event(store, w, id, null, o.stage);
  });
  return getOpportunity(store, id);
}

/**
 * Changes an opportunity: details (budget, decision date, reason, owner, note), the next follow-up, and its
 * stage, checked against this replica's stage. A stage change writes the whole lifecycle block; won needs the
 * invoice of a purchase of this customer, lost needs a reason. Closing it closes its open follow-up.
 */
export function updateOpportunity(store: Store, input: OpportunityUpdateInput | unknown): Opportunity {
  const u = parseOrThrow(opportunityUpdateSchema, input);
  const current = getOpportunity(store, u.opportunityId);
  const today = outletToday(store, current.outletId);
  const closed = current.stage === 'won' || current.stage === 'lost';
  const stage = u.stage && u.stage !== current.stage ? u.stage : null;
  if (stage && !isLegalTransition(current.stage, stage)) throw knowledgeErrors.illegalTransition(current.stage, stage);
  if (!stage && closed) throw knowledgeErrors.notOpen();
  if (u.followUpDate && u.followUpDate < today) throw knowledgeErrors.followUpDateInPast();
  let purchase: { id: string; amount: number } | null = null;
  if (stage === 'won') {
    if (!u.invoiceNo) throw knowledgeErrors.invoiceRequired();
    purchase = prepared(
      store,
      'SELECT id, amount FROM purchases WHERE invoice_no = ? AND customer_id = ? AND deleted_at IS NULL ORDER BY purchased_at DESC LIMIT 1',
    ).get(u.invoiceNo, current.customerId) as { id: string; amount: number } | null;
    if (!purchase) throw knowledgeErrors.invoiceNotFound();
  }
  if (stage === 'lost' && !u.lostReason) throw knowledgeErrors.lostReasonRequired();

  transact(store, (w) => {
    const patch: Parameters<Writer['update']>[2] & Record<string, unknown> = {};
    if (u.budget !== undefined) patch.budget = u.budget;
    if (u.expectedDecisionDate !== undefined) patch.expectedDecisionDate = u.expectedDecisionDate;
    if (u.reasonNotBought !== undefined) patch.reasonNotBought = u.reasonNotBought;
    if (u.owner !== undefined) patch.owner = u.owner;
    if (u.note !== undefined) patch.note = u.note;
    const openFollowUp = current.followUpId ? requireFollowUpRow(store, current.followUpId) : null;
    const followUpOpen = openFollowUp && openFollowUp.status === null;
    if (stage) {
      const closing = stage === 'won' || stage === 'lost';
      Object.assign(patch, {
        stage,
        closedAt: closing ? w.nowIso : null,
        invoiceNo: stage === 'won' ? u.invoiceNo : null,
        purchaseId: purchase?.id ?? null,
        wonAmount: purchase?.amount ?? null,
        lostReason: stage === 'lost' ? u.lostReason : null,
        lostNote: stage === 'lost' ? (u.lostNote ?? null) : null,
      });
      if (closing && followUpOpen) closeFollowUpIn(store, w, openFollowUp, stage === 'won' ? 'done' : 'cancelled', null);
      event(store, w, current.id, current.stage, stage);
    }
    if (u.followUpDate && (!stage || !(stage === 'won' || stage === 'lost'))) {
      if (followUpOpen) closeFollowUpIn(store, w, openFollowUp, 'cancelled', null);
      patch.followUpId = insertFollowUp(w, {
        customerId: current.customerId,
        outletId: current.outletId,
        owner: (patch.owner as string | null | undefined) ?? current.owner,
        product: current.product,
        dueDate: u.followUpDate,
        opportunityId: current.id,
      });
    }
    if (Object.keys(patch).length > 0) w.update(opportunities, current.id, patch);
  });
  return getOpportunity(store, current.id);
}

export interface OpportunityFilter {
  outletId?: string;
  customerId?: string;
  stage?: OpportunityStage;
  open?: boolean;
  limit?: number;
}

export function listOpportunities(store: Store, filter: OpportunityFilter = {}): Opportunity[] {
  const where = ['o.deleted_at IS NULL'];
  const params: unknown[] = [];
  const match = (column: string, value: string | undefined) => {
    if (!value) return;
    where.push(`o.${column} = ?`);
    params.push(value);
  };
  match('outlet_id', filter.outletId);
  match('customer_id', filter.customerId);
  match('stage', filter.stage);
  if (filter.open) where.push(`o.stage IN ('interested', 'quoted', 'negotiating')`);
  // A handful of distinct filters: each statement is prepared once per store (the customer page asks on every visit).
  const rows = prepared(store, `${opportunitySelect} WHERE ${where.join(' AND ')} ORDER BY o.expected_decision_date, o.id LIMIT ?`).all(
    ...params,
    filter.limit ?? 500,
  ) as OpportunityRow[];
  return rows.map(toOpportunity);
}

export type { PipelineColumn };

/** The pipeline board of one outlet: a column per stage with its rupiah total; won and lost of the last 30 days. */
export function pipelineBoard(store: Store, outletId: string, limitPerColumn = 50, limits: Partial<Record<OpportunityStage, number>> = {}): PipelineColumn[] {
  const since = new Date(store.now().getTime() - 30 * 86_400_000).toISOString();
  const stages: OpportunityStage[] = ['interested', 'quoted', 'negotiating', 'won', 'lost'];
  return stages.map((stage) => {
    const closing = stage === 'won' || stage === 'lost';
    const cond = `o.outlet_id = ? AND o.stage = ? AND o.deleted_at IS NULL${closing ? ' AND o.closed_at >= ?' : ''}`;
    const args = closing ? [outletId, stage, since] : [outletId, stage];
    const totals = prepared(
      store,
      `SELECT count(*) AS n, coalesce(sum(${stage === 'won' ? 'coalesce(o.won_amount, o.budget)' : 'o.budget'}), 0) AS total FROM opportunities o WHERE ${cond}`,
    ).get(...args) as { n: number; total: number };
    const rows = prepared(store, `${opportunitySelect} WHERE ${cond} ORDER BY o.expected_decision_date, o.id LIMIT ?`).all(
      ...args,
      limits[stage] ?? limitPerColumn,
    ) as OpportunityRow[];
    return { stage, count: totals.n, total: totals.total, opportunities: rows.map(toOpportunity) };
  });
}

/** Records that a clerk acted on an offer (the "offers made" of the report). */
export function recordOfferMade(
  store: Store,
  w: Writer,
  offer: { customerId: string; product: string; because: string | null; confidence: number },
  action: 'opportunity' | 'follow_up',
): string {
  const id = newId();
  w.insert(offersMade, {
    id,
    customerId: offer.customerId,
    outletId: store.outletId,
    staff: store.staff,
    product: offer.product,
    because: offer.because,
    confidence: offer.confidence,
    action,
    madeAt: w.nowIso,
  });
  return id;
}
