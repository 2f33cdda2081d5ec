import type Database from 'better-sqlite3';
import type { FollowUpKind, FollowUpRules } from '../../../../shared/care';
import { ruleReason } from '../../../../shared/followUpReasons';
import { deterministicId, idTimePart } from '../deterministicId';
import { dateToDayNumber, dayNumberToDate, localDayNumber } from '../serviceLevel/businessTime';

/**
 * What the follow-up rules find in a store: the follow-ups that should exist (birthdays, satisfaction calls
 * after a big purchase, neglected high-value customers, checks after a resolved complaint) and the complaints
 * to escalate. Reads only, on any connection to the store: the rule pass runs them on a reading thread of
 * their own (see ruleReaderThread.ts) while the app's thread writes what they found.
 *
 * Each rule follow-up's id is derived from (rule, trigger occurrence): the same trigger always names the same
 * row, so a trigger already served is known by its id.
 */

/** A device that was off for a week still creates the follow-ups it missed, within this many days. */
export const CATCH_UP_DAYS = 7;

const DAY = 86_400_000;

/** One outlet as the rules see it; plain data, so it can be handed to the reading thread. */
export interface OutletContext {
  id: string;
  rules: FollowUpRules;
  offsetMinutes: number;
  /** The outlet's local day number (days since 1970-01-01) at the pass's instant. */
  today: number;
}

/** A follow-up a rule wants to exist; written only when no row with its id does. */
export interface ProposedFollowUp {
  kind: FollowUpKind;
  id: string;
  customerId: string;
  outletId: string;
  owner: string | null;
  reason: string;
  dueDate: string;
  sourceId: string | null;
}

/** A complaint past a due time, not escalated in its current service-level period yet. */
export interface Escalation {
  complaintId: string;
  outletId: string;
  eventId: string;
  which: 'response' | 'resolution';
}

/** What one rule found. */
export interface TriggerBatch {
  followUps: ProposedFollowUp[];
  escalations: Escalation[];
  /** Follow-ups the rule would have proposed but that exist already. */
  skippedExisting: number;
}

type Propose = (f: ProposedFollowUp) => boolean;

/** The rules one after another, each yielding what it found; `nowIso` is the pass's instant. */
export function* ruleTriggers(db: Database.Database, outlets: readonly OutletContext[], nowIso: string): Generator<TriggerBatch, void> {
  if (outlets.length === 0) return;
  const byId = new Map(outlets.map((o) => [o.id, o]));
  const known = knownFollowUps(db, outlets);
  let batch: TriggerBatch = { followUps: [], escalations: [], skippedExisting: 0 };
  const propose: Propose = (f) => {
    if (known(f.id)) {
      batch.skippedExisting++;
      return false;
    }
    batch.followUps.push(f);
    return true;
  };
  const done = () => {
    const found = batch;
    batch = { followUps: [], escalations: [], skippedExisting: 0 };
    return found;
  };
  // Rules that are quick to read for what they find come first: the writing thread starts early, and reading
  // the others (the neglected list scans every purchase) overlaps with its writes.
  birthdays(db, byId, propose);
  yield done();
  batch.escalations = overdueComplaints(db, byId, nowIso, propose);
  yield done();
  afterPurchase(db, byId, propose);
  yield done();
  complaintChecks(db, byId, propose);
  yield done();
  neglected(db, byId, propose);
  yield done();
}

/** A rule's findings in pieces of `size` follow-ups; its escalations ride with the last, so they are written after all its follow-ups. */
export function* inPieces(batch: TriggerBatch, size: number): Generator<TriggerBatch> {
  for (let i = 0; i === 0 || i < batch.followUps.length; i += size) {
    const last = i + size >= batch.followUps.length;
    yield { followUps: batch.followUps.slice(i, i + size), escalations: last ? batch.escalations : [], skippedExisting: i === 0 ? batch.skippedExisting : 0 };
  }
}

/**
 * Whether a follow-up with this id exists. Ids sort by due day, so every follow-up due since the catch-up
 * window began comes from one range scan (a first pass proposes 200,000 on a big store; one lookup each cost a
 * second). Neglected and escalation ids carry no day and sort before the window: those are looked up one by one.
 */
function knownFollowUps(db: Database.Database, outlets: readonly OutletContext[]): (id: string) => boolean {
  const windowStart = idTimePart((Math.min(...outlets.map((o) => o.today)) - CATCH_UP_DAYS - 1) * DAY);
  const dueInWindow = new Set(db.prepare('SELECT id FROM follow_ups WHERE id >= ?').pluck().all(windowStart) as string[]);
  const exists = db.prepare('SELECT 1 FROM follow_ups WHERE id = ?').pluck();
  return (id) => (id >= windowStart ? dueInWindow.has(id) : exists.get(id) !== undefined);
}

function dueId(kind: string, dueDay: number, ...trigger: string[]): string {
  return deterministicId(dueDay * DAY, kind, ...trigger);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** This year's (or next year's) birthday on or after `fromDay`; 29 February is celebrated on the 28th in other years. */
function nextBirthday(birthDate: string, fromDay: number): number {
  const from = dayNumberToDate(fromDay);
  const monthDay = birthDate.slice(5, 10);
  for (const year of [Number(from.slice(0, 4)), Number(from.slice(0, 4)) + 1]) {
    const md = monthDay === '02-29' && !isLeap(year) ? '02-28' : monthDay;
    const day = dateToDayNumber(`${year}-${md}`);
    if (day >= fromDay) return day;
  }
  return Number.POSITIVE_INFINITY;
}

/** Customers (with marketing consent: a greeting is marketing) whose birthday falls in the next N days, at their home outlet. */
function birthdays(db: Database.Database, outlets: Map<string, OutletContext>, propose: Propose): void {
  const active = [...outlets.values()].filter((o) => o.rules.birthday.enabled);
  if (active.length === 0) return;
  const from = dayNumberToDate(Math.min(...active.map((o) => o.today)));
  const to = dayNumberToDate(Math.max(...active.map((o) => o.today + o.rules.birthday.daysAhead)) + 1);
  // By month and day of birth (MM-DD), from customers_birthday_idx alone: one range, or two across New Year.
  const range = db.prepare(
    `SELECT id, birth_date, registered_outlet_id FROM customers INDEXED BY customers_birthday_idx
     WHERE substr(birth_date, 6) BETWEEN ? AND ? AND registered_outlet_id IS NOT NULL
       AND consent_marketing = 1 AND deleted_at IS NULL AND merged_into IS NULL AND birth_date IS NOT NULL`,
  );
  const total = db.prepare('SELECT coalesce(sum(amount), 0) FROM purchases WHERE customer_id = ? AND deleted_at IS NULL').pluck();
  // `to` is the day after the window, so those born on 29 February, greeted on the 28th in other years, are in range.
  const segments: [string, string][] =
    from.slice(0, 4) === to.slice(0, 4) ? [[from.slice(5), to.slice(5)]] : [[from.slice(5), '12-31'], ['01-01', to.slice(5)]];
  for (const [a, b] of segments) {
    for (const row of range.all(a, b) as { id: string; birth_date: string; registered_outlet_id: string }[]) {
      const outlet = outlets.get(row.registered_outlet_id);
      if (!outlet?.rules.birthday.enabled) continue;
      const day = nextBirthday(row.birth_date, outlet.today);
      if (day > outlet.today + outlet.rules.birthday.daysAhead) continue;
      if (outlet.rules.birthday.minTotal > 0 && (total.get(row.id) as number) < outlet.rules.birthday.minTotal) continue;
      const dueDate = dayNumberToDate(day);
      propose({
        kind: 'birthday',
        id: dueId('birthday', day, row.id, dueDate),
        customerId: row.id,
        outletId: outlet.id,
        owner: null,
        reason: ruleReason.birthday(dueDate),
        dueDate,
        sourceId: row.birth_date,
      });
    }
  }
}

/** A satisfaction call N days after a purchase above the outlet's amount. */
function afterPurchase(db: Database.Database, outlets: Map<string, OutletContext>, propose: Propose): void {
  const active = [...outlets.values()].filter((o) => o.rules.afterPurchase.enabled);
  if (active.length === 0) return;
  const earliestDay = Math.min(...active.map((o) => o.today - o.rules.afterPurchase.afterDays - CATCH_UP_DAYS)) - 1;
  const minAmount = Math.min(...active.map((o) => o.rules.afterPurchase.minAmount));
  // Everything comes from two indexes read in order, no row looked up one by one: a busy store has a hundred
  // thousand purchases in the window, and on a store larger than memory each lookup would be a disk read.
  const recent = db
    .prepare(
      `SELECT id, customer_id, outlet_id, purchased_at, amount, invoice_no, main_product FROM purchases INDEXED BY purchases_recent_idx
       WHERE purchased_at >= ? AND amount >= ? AND deleted_at IS NULL`,
    )
    .all(dayNumberToDate(earliestDay), minAmount) as {
    id: string;
    customer_id: string;
    outlet_id: string | null;
    purchased_at: string;
    amount: number;
    invoice_no: string | null;
    main_product: string | null;
  }[];
  const gone = new Set(
    db
      .prepare('SELECT id FROM customers INDEXED BY customers_gone_idx WHERE deleted_at IS NOT NULL OR merged_into IS NOT NULL')
      .pluck()
      .all() as string[],
  );
  // A purchase without an outlet counts at the customer's home outlet: rare, read one by one.
  const homeOutlet = db.prepare('SELECT registered_outlet_id FROM customers WHERE id = ?').pluck();
  for (const p of recent) {
    if (gone.has(p.customer_id)) continue;
    const outlet = outlets.get(p.outlet_id ?? (homeOutlet.get(p.customer_id) as string | null | undefined) ?? '');
    if (!outlet?.rules.afterPurchase.enabled || p.amount < outlet.rules.afterPurchase.minAmount) continue;
    const day = localDayNumber(Date.parse(p.purchased_at), outlet) + outlet.rules.afterPurchase.afterDays;
    if (day < outlet.today - CATCH_UP_DAYS) continue;
    const what = [p.main_product, p.invoice_no].filter(Boolean).join(', ');
    propose({
      kind: 'after_purchase',
      id: dueId('after_purchase', day, p.id),
      customerId: p.customer_id,
      outletId: outlet.id,
      owner: null,
      reason: ruleReason.afterPurchase(what),
      dueDate: dayNumberToDate(day),
      sourceId: p.id,
    });
  }
}

/**
 * High-value customers (with consent) nobody has contacted or seen buy for N days: the neglected list, biggest
 * spenders first, topped up to maxOpen open ones per outlet. The trigger is the last touch, so a contact
 * starts a new episode and the same episode never produces a second follow-up.
 */
function neglected(db: Database.Database, outlets: Map<string, OutletContext>, propose: Propose): void {
  const openNeglected = db
    .prepare(
      `SELECT count(*) FROM follow_ups f LEFT JOIN follow_up_outcomes o ON o.id = f.id WHERE f.outlet_id = ? AND f.kind = 'neglected' AND f.deleted_at IS NULL AND o.status IS NULL`,
    )
    .pluck();
  // Outlets whose list is full need nothing: on most days that is every outlet, and the pass reads no purchases.
  const room = new Map<string, number>();
  for (const o of outlets.values()) {
    if (!o.rules.neglected.enabled) continue;
    const free = o.rules.neglected.maxOpen - (openNeglected.get(o.id) as number);
    if (free > 0) room.set(o.id, free);
  }
  if (room.size === 0) return;
  const wanting = [...room.keys()].map((id) => outlets.get(id)!);
  const lastContact = db
    .prepare(
      `SELECT at FROM interactions INDEXED BY interactions_timeline_idx
       WHERE customer_id = ? AND deleted_at IS NULL AND channel <> 'note' AND (outcome IS NULL OR outcome <> 'no_answer') ORDER BY at DESC LIMIT 1`,
    )
    .pluck();
  const customer = db
    .prepare(`SELECT registered_outlet_id FROM customers WHERE id = ? AND deleted_at IS NULL AND merged_into IS NULL AND consent_marketing = 1`)
    .pluck();
  const cutoffOf = (o: OutletContext) =>
    new Date((o.today - o.rules.neglected.noContactDays) * DAY - o.offsetMinutes * 60_000).toISOString();
  const cutoffs = new Map(wanting.map((o) => [o.id, cutoffOf(o)]));
  const minTotal = Math.min(...wanting.map((o) => o.rules.neglected.minTotal));
  const latestCutoff = [...cutoffs.values()].sort().at(-1)!;
  // Per-customer totals from the covering report index alone (customer order, no table reads); the customer
  // row is read only for candidates, biggest spenders first, until every outlet's list is full.
  const candidates = db
    .prepare(
      `SELECT customer_id AS id, sum(amount) AS total, max(purchased_at) AS last_purchase FROM purchases INDEXED BY purchases_report_idx
       WHERE deleted_at IS NULL GROUP BY customer_id HAVING total >= ? AND last_purchase < ?`,
    )
    .all(minTotal, latestCutoff) as { id: string; total: number; last_purchase: string }[];
  candidates.sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : 1));
  for (const c of candidates) {
    if (room.size === 0) break;
    const outletId = customer.get(c.id) as string | null | undefined;
    const free = outletId ? room.get(outletId) : undefined;
    if (!outletId || free === undefined) continue;
    const outlet = outlets.get(outletId)!;
    const cutoff = cutoffs.get(outletId)!;
    if (c.total < outlet.rules.neglected.minTotal || c.last_purchase >= cutoff) continue;
    const contact = (lastContact.get(c.id) as string | undefined) ?? '';
    const lastTouch = contact > c.last_purchase ? contact : c.last_purchase;
    if (lastTouch >= cutoff) continue;
    const anchor = dayNumberToDate(localDayNumber(Date.parse(lastTouch), outlet));
    const proposed = propose({
      kind: 'neglected',
      id: dueId('neglected', 0, c.id, anchor),
      customerId: c.id,
      outletId,
      owner: null,
      reason: ruleReason.neglected(anchor),
      dueDate: dayNumberToDate(outlet.today),
      sourceId: anchor,
    });
    if (!proposed) continue;
    if (free > 1) room.set(outletId, free - 1);
    else room.delete(outletId);
  }
}

/** N days after a complaint was resolved: check the customer is satisfied (unless they already closed it with a score). */
function complaintChecks(db: Database.Database, outlets: Map<string, OutletContext>, propose: Propose): void {
  const active = [...outlets.values()].filter((o) => o.rules.complaintCheck.enabled);
  if (active.length === 0) return;
  const earliest = Math.min(...active.map((o) => o.today - o.rules.complaintCheck.afterDays - CATCH_UP_DAYS)) - 1;
  const rows = db
    .prepare(
      `SELECT id, customer_id, outlet_id, resolved_at FROM complaints WHERE resolved_at >= ? AND status = 'resolved' AND deleted_at IS NULL`,
    )
    .all(dayNumberToDate(earliest)) as {
    id: string;
    customer_id: string;
    outlet_id: string | null;
    resolved_at: string;
  }[];
  for (const c of rows) {
    const outlet = outlets.get(c.outlet_id ?? '');
    if (!outlet?.rules.complaintCheck.enabled) continue;
    const day = localDayNumber(Date.parse(c.resolved_at), outlet) + outlet.rules.complaintCheck.afterDays;
    if (day < outlet.today - CATCH_UP_DAYS) continue;
    propose({
      kind: 'complaint_check',
      id: dueId('complaint_check', day, c.id, c.resolved_at),
      customerId: c.customer_id,
      outletId: outlet.id,
      owner: null,
      reason: ruleReason.complaintCheck(),
      dueDate: dayNumberToDate(day),
      sourceId: c.id,
    });
  }
}

/** Complaints past a due time, not escalated in their current service-level period yet: a follow-up for the outlet manager. */
function overdueComplaints(db: Database.Database, outlets: Map<string, OutletContext>, t: string, propose: Propose): Escalation[] {
  const rows = db
    .prepare(
      `SELECT id, customer_id, outlet_id, clock_started_at, first_response_at, first_response_due_at, resolution_due_at FROM complaints INDEXED BY complaints_active_clock_idx
       WHERE status IN ('open', 'in_progress', 'reopened') AND deleted_at IS NULL AND (resolution_due_at < ? OR (first_response_at IS NULL AND first_response_due_at < ?))`,
    )
    .all(t, t) as {
    id: string;
    customer_id: string;
    outlet_id: string | null;
    clock_started_at: string;
    first_response_at: string | null;
    first_response_due_at: string;
    resolution_due_at: string;
  }[];
  const eventExists = db.prepare('SELECT 1 FROM complaint_events WHERE id = ?').pluck();
  const escalations: Escalation[] = [];
  for (const c of rows) {
    const outlet = outlets.get(c.outlet_id ?? '');
    if (!outlet?.rules.escalation.enabled) continue;
    const eventId = deterministicId(Date.parse(c.clock_started_at), 'escalated', c.id, c.clock_started_at);
    if (eventExists.get(eventId)) continue;
    const which = c.resolution_due_at < t ? 'resolution' : 'response';
    escalations.push({ complaintId: c.id, outletId: outlet.id, eventId, which });
    propose({
      kind: 'escalation',
      id: dueId('escalation', 0, c.id, c.clock_started_at),
      customerId: c.customer_id,
      outletId: outlet.id,
      owner: outlet.rules.managerStaff,
      reason: ruleReason.escalation(which),
      dueDate: dayNumberToDate(outlet.today),
      sourceId: c.id,
    });
  }
  return escalations;
}
