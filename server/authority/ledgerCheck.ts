import { sql } from 'drizzle-orm';
import { writeRuleOf } from '../../electron/core/authority/writeRules';
import { parseStamp } from '../../electron/core/clock/hybridClock';
import { transferOfSource } from '../../electron/core/loyalty/eventIds';
import {
  adjustApproved,
  adjustLotFits,
  beyondOfflineLimit,
  beyondServerBalance,
  correctionOwed,
  datedByItsStamp,
  earnFitsItsLine,
  earnUnder,
  expiryFitsLot,
  mostAvailableSeen,
  moveInFitsMoveOut,
  moveOutFitsLot,
  namesItsSigner,
  onRelatedCustomer,
  otherSpellingIds,
  pointsFitKind,
  reversalFitsEarn,
  transferFitsMerge,
  transferPairIds,
  undoFitsTransfer,
  type MergeFacts,
} from '../../electron/core/loyalty/eventRules';
import { DEFAULT_ZONE, localDay } from '../../electron/core/loyalty/ledgerDays';
import { replayLots, type LedgerMovement } from '../../electron/core/loyalty/lots';
import { ruleFromRow } from '../../electron/core/loyalty/rules';
import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import { movementOfRow, serverLedgerBalance, serverLedgerMovements } from '../storage/loyaltyBalance';
import { rows, type ServerDrizzle } from '../storage/database';
import { heldRows } from '../storage/heldRows';
import { firstPulledAt, pulledThrough } from '../storage/retention';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;

/** What the server knows of a ledger event it holds (or accepted earlier in the push), as its first change wrote it. */
interface HeldEvent {
  kind: string;
  points: number;
  customerId: string;
  outletId: string | null;
  /** A lot's last day (`expires_on`). */
  lastDay: string | null;
  /** The event's other fields that no copy of it may change (`fixedFieldsOf`), as its first change wrote them. */
  fixed: Row;
}

/**
 * Besides kind, points and customer, what an event is: where it came from, what it names, when its lot ends, and
 * (an adjustment) who approved it and why. Every device that writes an event writes these alike (its id derives
 * from its source), and the core never updates a ledger row, so a copy with other values is a rewrite: before, an
 * event sent again with another last day (a lot that never expires) or tombstoned (a redemption's points back, an
 * earn's gone) was accepted and applied on every replica, while the server still judged by the first version.
 */
const FIXED_FIELDS = ['source', 'related_id', 'expires_on', 'approved_by', 'reason'] as const;

/** A return's reason is the returning clerk's words: two devices reversing one earn may word it differently. */
const fixedFieldsOf = (kind: string) => (kind === 'adjust' ? FIXED_FIELDS : FIXED_FIELDS.filter((field) => field !== 'reason'));

/** Who signed a pushed change, as the ledger's rules need it. */
export interface LedgerSigner {
  staffId: string;
  /** Their name, as the core names the staff of an event (`store.staff`). */
  name: string;
  /** A manager of the pushing device's outlet (or an admin) with a password session, in service. */
  manager: boolean;
}

/** An earn of no sale the server holds (`akrab points earn`) is dated at most this far after its stamp (a date typed in another zone). */
const EARN_AHEAD_MS = 86_400_000;

/** The tables whose rows a ledger event names, read whole (folded from their changes) when an event needs them. */
const FACT_TABLES = ['merges', 'loyalty_rules', 'outlets', 'purchases'] as const;
type FactTable = (typeof FACT_TABLES)[number];

/**
 * The server's judgement of pushed points-ledger events (writeRules.ts `ledger`), with what they name loaded once
 * per batch: events are written whole and never changed (the same event may come again from another device), and
 * each follows the rules the core writes it by (loyalty/eventRules.ts): an adjustment is a manager's, with a
 * reason; a transfer belongs to a merge the server holds, signed by a manager; a redemption not marked
 * provisional takes no more than the server's ledger holds, a provisional one no more than the offline limit
 * leaves for the device, card and day; an unmerge's undoing of a transfer moves no more than the merge moved (and
 * gives the merged customer back only what the survivor gives up); an earn carries the points of the rule it names;
 * points go the way the event's kind moves them; an expiry is its lot's, taking no more than the lot gave; a reversal
 * takes its earn's points; an expiry's correction is the one a replay of the customer's ledger (as the server holds
 * it, with the batch's accepted events) owes; an event naming another is on its customer.
 */
export class LedgerCheck {
  private constructor(
    /** The held and accepted events the batch's events are or name, by id. */
    private readonly held: Map<string, HeldEvent>,
    private readonly facts: Map<FactTable, Map<string, Row>>,
    private readonly balances: Map<string, number>,
    /** The pushing device's offline redemptions of each card in this push: when, and how many points. */
    private readonly offline: Map<string, { at: string; points: number }[]>,
    /** The whole ledger of each customer an expiry correction of this push is for (accepted events added). */
    private readonly ledgers: Map<string, LedgerMovement[]>,
    /** The whole ledger of each customer a debit of this push is for, each event marked when the pushing device sent it. */
    private readonly seen: Map<string, (LedgerMovement & { own: boolean })[]>,
    /** Which points rule versions the pushing device can have known when it wrote a credit naming none (`mayHaveKnown`). */
    private readonly versions: VersionKnowledge,
  ) {}

  static async load(tx: Tx, batch: readonly OutgoingChange[], deviceId: string): Promise<LedgerCheck> {
    const ledger = batch.filter((c) => writeRuleOf(c.table) === 'ledger');
    const ids = new Set<string>();
    const named: Record<FactTable, Set<string>> = { merges: new Set(), loyalty_rules: new Set(), outlets: new Set(), purchases: new Set() };
    const redeemers = new Set<string>();
    const offlineCards = new Set<string>();
    const corrected = new Set<string>();
    const debited = new Set<string>();
    let credits = false;
    let unnamedCredits = false;
    for (const change of ledger) {
      const d = change.data;
      ids.add(change.rowId);
      if (typeof d.related_id === 'string') ids.add(d.related_id);
      const transfer = typeof d.source === 'string' ? transferOfSource(d.source) : null;
      if (transfer) named.merges.add(transfer.mergeId);
      if (transfer) for (const id of Object.values(transferPairIds(transfer))) ids.add(id);
      if (d.kind === 'earn') {
        if (typeof d.rule_id === 'string') named.loyalty_rules.add(d.rule_id);
        if (typeof d.outlet_id === 'string') named.outlets.add(d.outlet_id);
        if (typeof d.purchase_id === 'string') named.purchases.add(d.purchase_id);
      }
      if (d.kind === 'redeem' && typeof d.customer_id === 'string') {
        if (!isProvisional(d)) redeemers.add(d.customer_id);
        else offlineCards.add(d.customer_id);
        if (typeof d.rule_id === 'string') named.loyalty_rules.add(d.rule_id);
        if (typeof d.outlet_id === 'string') named.outlets.add(d.outlet_id);
      }
      if (d.kind === 'expire_fix' && typeof d.customer_id === 'string') corrected.add(d.customer_id);
      if (d.kind === 'adjust' && typeof d.points === 'number') {
        if (typeof d.outlet_id === 'string') named.outlets.add(d.outlet_id);
        if (d.points < 0 && typeof d.customer_id === 'string') debited.add(d.customer_id);
        if (d.points > 0) credits = true;
        if (d.points > 0 && (d.rule_id ?? null) === null) unnamedCredits = true;
      }
    }
    // A correction is judged by a replay: its customer's whole ledger, and the outlets its events' days are in.
    const ledgers = await serverLedgerMovements(tx, [...corrected]);
    const seen = await ledgersSeenBy(tx, [...debited], deviceId);
    if (corrected.size > 0 || debited.size > 0) {
      for (const change of ledger) if (typeof change.data.outlet_id === 'string') named.outlets.add(change.data.outlet_id);
      for (const list of [...ledgers.values(), ...seen.values()]) for (const m of list) if (m.outletId) named.outlets.add(m.outletId);
    }
    const facts = new Map<FactTable, Map<string, Row>>();
    // A credit naming no rule version is judged by every version (adjustLotFits): a small table.
    for (const table of FACT_TABLES) facts.set(table, await foldedRows(tx, table, table === 'loyalty_rules' && credits ? 'all' : named[table]));
    // An earn is its line's one earn under either spelling (otherSpellingIds): the other spelling's id is looked up.
    for (const change of ledger) {
      const d = change.data;
      if (d.kind !== 'earn' || typeof d.source !== 'string') continue;
      const outlet = typeof d.outlet_id === 'string' ? facts.get('outlets')!.get(d.outlet_id) : undefined;
      for (const id of otherSpellingIds(d.source, (outlet?.code as string | undefined) ?? null)) ids.add(id);
    }
    const balances = new Map<string, number>();
    for (const customerId of redeemers) balances.set(customerId, (await serverLedgerBalance(tx, customerId)).balance);
    const versions = unnamedCredits ? await versionKnowledge(tx, deviceId) : { cursor: null, firstPullMs: null, written: new Map() };
    return new LedgerCheck(await heldLedgerEvents(tx, [...ids]), facts, balances, await offlineRedemptions(tx, deviceId, offlineCards), ledgers, seen, versions);
  }

  /** A change of this batch was accepted: what later ledger events of the batch name may be in it. */
  accepted(change: OutgoingChange): void {
    const rows = this.facts.get(change.table as FactTable);
    if (rows && change.op === 'upsert') rows.set(change.rowId, { ...rows.get(change.rowId), ...change.data });
    // A version this device wrote it knew.
    if (change.table === 'loyalty_rules') this.versions.written.set(change.rowId, null);
    const ledger = writeRuleOf(change.table) === 'ledger' ? this.ledgers.get(change.data.customer_id as string) : undefined;
    if (ledger && !ledger.some((m) => m.id === change.rowId)) ledger.push(movementOfRow(change.rowId, change.data));
    const seen = writeRuleOf(change.table) === 'ledger' ? this.seen.get(change.data.customer_id as string) : undefined;
    if (seen && !seen.some((m) => m.id === change.rowId)) seen.push({ ...movementOfRow(change.rowId, change.data), own: true });
  }

  judge(change: OutgoingChange, signer: LedgerSigner | null): RefusalReason | null {
    if (writeRuleOf(change.table) !== 'ledger') return null;
    if (change.op === 'delete') return 'ledger_immutable';
    const d = change.data;
    const event = heldEventOf(d);
    if (event === null) return 'ledger_immutable';
    const known = this.held.get(change.rowId);
    if (known !== undefined) return sameEvent(known, event, d) ? null : 'ledger_immutable';
    const reason = this.breach(change, signer);
    if (reason) return reason;
    this.held.set(change.rowId, event);
    const balance = this.balances.get(d.customer_id as string);
    if (balance !== undefined) this.balances.set(d.customer_id as string, balance + (d.points as number));
    return null;
  }

  private breach(change: OutgoingChange, signer: LedgerSigner | null): RefusalReason | null {
    const d = change.data;
    const kind = d.kind as string;
    const customerId = d.customer_id as string;
    const source = typeof d.source === 'string' ? d.source : '';
    // Every event is dated (ledger.ts): the replays that judge later events place it by its time.
    if (typeof d.occurred_at !== 'string' || !Number.isFinite(Date.parse(d.occurred_at))) return 'ledger_immutable';
    if (!namesItsSigner(d.staff_id, signer)) return 'ledger_staff_mismatch';
    const related = typeof d.related_id === 'string' ? this.held.get(d.related_id) : undefined;
    if (related && !onRelatedCustomer({ kind, source, customerId }, related.customerId)) return 'ledger_related_mismatch';
    if (!pointsFitKind(kind, d.points, source)) return 'ledger_points_sign';
    const named = related && { kind: related.kind, points: related.points, expiresOn: related.lastDay };
    const facts = { id: change.rowId, source, relatedId: d.related_id, points: d.points as number, occurredAt: d.occurred_at };
    if (kind === 'expire') return expiryFitsLot(facts, named, new Date()) ? null : 'ledger_expire_mismatch';
    if (kind === 'reverse') return reversalFitsEarn(facts, named) ? null : 'ledger_reverse_mismatch';
    if (kind === 'adjust') return this.adjustFits(change, signer);
    if (kind === 'transfer_in' || kind === 'transfer_out') {
      const transfer = transferOfSource(source);
      const merge = transfer ? mergeFacts(this.facts.get('merges')!.get(transfer.mergeId)) : null;
      if (!signer?.manager || !transferFitsMerge({ kind, customerId, source }, merge)) return 'ledger_transfer_without_merge';
      const held = (id: string) => this.held.get(id);
      if (transfer!.undo) return undoFitsTransfer(facts, held) ? null : 'ledger_unmerge_mismatch';
      if (kind === 'transfer_out') return moveOutFitsLot(facts, held) ? null : 'ledger_transfer_without_merge';
      return kind === 'transfer_in' && !moveInFitsMoveOut(facts, held) ? 'ledger_transfer_without_merge' : null;
    }
    if (kind === 'redeem' && !isProvisional(d)) {
      const balance = this.balances.get(customerId) ?? 0;
      return beyondServerBalance(-(d.points as number), balance) ? 'ledger_redeem_beyond_balance' : null;
    }
    if (kind === 'redeem') return this.withinOfflineLimit(d) ? null : 'ledger_redeem_beyond_offline_limit';
    if (kind === 'earn') return this.earnFollowsRule(change) ? null : 'ledger_earn_mismatch';
    if (kind === 'expire_fix') {
      const state = replayLots(this.ledgers.get(customerId) ?? [], (m) => localDay(m.occurredAt, this.zoneOf(m.outletId)));
      const owed = correctionOwed({ id: change.rowId, source, relatedId: d.related_id, points: d.points as number }, state);
      return owed ? null : 'ledger_expire_fix_mismatch';
    }
    return null;
  }

  /**
   * An adjustment (adjust.ts) is a manager's, with a reason; dated when written, its credit a lot that ends as the
   * rule version it names ends a lot from that day; its debit no more than the device can have seen available.
   */
  private adjustFits(change: OutgoingChange, signer: LedgerSigner | null): RefusalReason | null {
    const d = change.data;
    if (!adjustApproved({ reason: d.reason, approvedBy: d.approved_by }, signer)) return 'ledger_adjust_not_permitted';
    const points = d.points as number;
    if (points === 0 || !datedByItsStamp(d.occurred_at, parseStamp(change.hlc).millis)) return 'ledger_adjust_mismatch';
    const zone = this.zoneOf(d.outlet_id as string | null | undefined);
    const day = localDay(d.occurred_at as string, zone);
    if (points > 0) {
      const rules = this.facts.get('loyalty_rules')!;
      const ruleRow = typeof d.rule_id === 'string' ? rules.get(d.rule_id) : undefined;
      if ((d.rule_id ?? null) !== null && !ruleRow) return 'ledger_adjust_mismatch';
      // A credit naming no version is what a counter that knew none in force writes, a lot that never ends: held to
      // the versions it can have known (a counter that had not pulled the programme yet is not refused), and dated
      // when written (a day's slack for a clock behind), not back before the programme began.
      if (!ruleRow && Date.parse(d.occurred_at as string) < parseStamp(change.hlc).millis - UNNAMED_CREDIT_BEHIND_MS) return 'ledger_adjust_mismatch';
      const inForce = [day, localDay(new Date().toISOString(), zone)].some((on) =>
        [...rules].some(([id, version]) => baseVersionOn(version, on) && mayHaveKnown(this.versions, id, change.hlc)),
      );
      const rule = ruleRow ? ruleFromRow({ id: d.rule_id, ...ruleRow }) : null;
      return adjustLotFits({ points, expiresOn: d.expires_on, day }, rule, inForce) ? null : 'ledger_adjust_mismatch';
    }
    if (!adjustLotFits({ points, expiresOn: d.expires_on, day }, null, false)) return 'ledger_adjust_mismatch';
    const available = mostAvailableSeen(this.seen.get(d.customer_id as string) ?? [], day, (m) => localDay(m.occurredAt, this.zoneOf(m.outletId)));
    return -points > available ? 'ledger_adjust_beyond_balance' : null;
  }

  /** An outlet's zone as the server holds it; WIB for none or one it does not know (loyalty/ledgerDays.ts `eventDays`). */
  private zoneOf(outletId: string | null | undefined): string {
    const outlet = outletId ? this.facts.get('outlets')!.get(outletId) : undefined;
    return (outlet?.time_zone as string | undefined) || DEFAULT_ZONE;
  }

  /** The redemption's rule (in force on its day), and this device's offline redemptions of the card that day. */
  private withinOfflineLimit(d: Row): boolean {
    const ruleRow = typeof d.rule_id === 'string' ? this.facts.get('loyalty_rules')!.get(d.rule_id) : undefined;
    if (!ruleRow || typeof d.occurred_at !== 'string') return false;
    const rule = ruleFromRow({ id: d.rule_id, ...ruleRow });
    const outlet = typeof d.outlet_id === 'string' ? this.facts.get('outlets')!.get(d.outlet_id) : undefined;
    const zone = (outlet?.time_zone as string | undefined) ?? DEFAULT_ZONE;
    const day = localDay(d.occurred_at, zone);
    const earlier = this.offline.get(d.customer_id as string) ?? [];
    const used = earlier.filter((e) => localDay(e.at, zone) === day).reduce((sum, e) => sum + e.points, 0);
    if (rule.validFrom > day || beyondOfflineLimit(used, -(d.points as number), rule.offlineRedeemLimit)) return false;
    this.offline.set(d.customer_id as string, [...earlier, { at: d.occurred_at, points: -(d.points as number) }]);
    return true;
  }

  private earnFollowsRule(change: OutgoingChange): boolean {
    const d = change.data;
    const ruleRow = typeof d.rule_id === 'string' ? this.facts.get('loyalty_rules')!.get(d.rule_id) : undefined;
    if (!ruleRow || typeof d.amount !== 'number' || typeof d.occurred_at !== 'string') return false;
    const rule = ruleFromRow({ id: d.rule_id, ...ruleRow });
    const outlet = typeof d.outlet_id === 'string' ? this.facts.get('outlets')!.get(d.outlet_id) : undefined;
    const purchase = typeof d.purchase_id === 'string' ? this.facts.get('purchases')!.get(d.purchase_id) : undefined;
    if (purchase && (purchase.amount !== d.amount || purchase.customer_id !== d.customer_id)) return false;
    const outletCode = (outlet?.code as string | undefined) ?? null;
    const source = typeof d.source === 'string' ? d.source : '';
    const line = { id: change.rowId, source, invoiceNo: d.invoice_no, outletId: d.outlet_id, purchaseId: d.purchase_id, occurredAt: d.occurred_at };
    const held = purchase && { invoiceNo: (purchase.invoice_no as string | null) ?? null, outletId: (purchase.outlet_id as string | null) ?? null, purchasedAt: purchase.purchased_at as string };
    if (!earnFitsItsLine(line, outletCode, held ?? null)) return false;
    // An earn of a held sale is dated at that sale (earnFitsItsLine), whenever the core let it be recorded (any time
    // given: editCustomer.ts `addPurchase`); one of no held sale has only its stamp to be dated by.
    if (!held && !datedByItsStamp(d.occurred_at, parseStamp(change.hlc).millis + EARN_AHEAD_MS)) return false;
    // One earn per invoice line: the same line under the other spelling, at the same outlet, is the same sale.
    const twin = otherSpellingIds(source, outletCode).map((id) => this.held.get(id));
    if (twin.some((e) => e?.kind === 'earn' && e.outletId === ((d.outlet_id as string | null | undefined) ?? null))) return false;
    const earned = earnUnder(rule, {
      amount: d.amount,
      occurredAt: d.occurred_at,
      product: (purchase?.main_product as string | null | undefined) ?? null,
      outletCode: (outlet?.code as string | undefined) ?? null,
      zone: (outlet?.time_zone as string | undefined) ?? null,
    });
    // A version that had not started on the purchase's day was not in force; one ended since may have been, for a
    // device that had not heard of its successor yet.
    return rule.validFrom <= earned.day && earned.points === d.points && earned.expiresOn === d.expires_on;
  }
}

/** How far before its stamp a credit naming no rule version may be dated: a device's clock may run behind. */
const UNNAMED_CREDIT_BEHIND_MS = 86_400_000;

/**
 * What the server knows of what a device had seen of the points rule versions: the cursor of its latest pull, and
 * the change that wrote each version (its sequence number and stamp; null for one the device wrote itself). A
 * version whose change retention pruned was pulled by every active device (retention.ts), so it is not listed: known.
 */
interface VersionKnowledge {
  cursor: number | null;
  /** When the device first pulled (retention.ts `firstPulledAt`). */
  firstPullMs: number | null;
  written: Map<string, { seq: number; hlc: string } | null>;
}

async function versionKnowledge(tx: Tx, deviceId: string): Promise<VersionKnowledge> {
  const found = await rows<{ row_id: string; seq: number | string; hlc: string; device_id: string }>(
    tx,
    sql`SELECT DISTINCT ON (row_id) row_id, seq, hlc, device_id FROM changes WHERE table_name = 'loyalty_rules' AND data ? 'valid_from'
        ORDER BY row_id, hlc COLLATE "C"`,
  );
  const written = new Map(found.map((r) => [r.row_id, r.device_id === deviceId ? null : { seq: Number(r.seq), hlc: r.hlc }]));
  return { cursor: await pulledThrough(tx, deviceId), firstPullMs: await firstPulledAt(tx, deviceId), written };
}

/**
 * Whether a device can have known a rule version when it wrote a change stamped `hlc`: one it wrote itself; else not
 * when it wrote the change before it first pulled (a new device's first round bootstraps, then pushes what it wrote
 * before); else only when it has pulled it (its cursor is past the version's change; the cursor only grows, and a
 * round pushes before it pulls) and its clock had received the version's stamp (applyRemoteChanges.ts), so its
 * later writes are stamped above it.
 */
function mayHaveKnown(knowledge: VersionKnowledge, versionId: string, hlc: string): boolean {
  const first = knowledge.written.get(versionId);
  if (first === null) return true;
  if (knowledge.firstPullMs !== null && parseStamp(hlc).millis < knowledge.firstPullMs) return false;
  if (first === undefined) return true;
  return knowledge.cursor !== null && first.seq <= knowledge.cursor && first.hlc < hlc;
}

/** A points rule row the server holds is the base programme's version in force on the day (rules.ts `ruleOn`). */
function baseVersionOn(row: Row, day: string): boolean {
  if ((row.kind ?? 'base') !== 'base' || typeof row.valid_from !== 'string' || row.valid_from > day) return false;
  return typeof row.valid_to !== 'string' || row.valid_to > day;
}

/** Booleans travel as 1/0 in a change (writer.ts); a hand-made change may send true. */
function isProvisional(d: Row): boolean {
  return d.provisional === 1 || d.provisional === true;
}

function mergeFacts(row: Row | undefined): MergeFacts | null {
  if (!row || typeof row.survivor_id !== 'string' || typeof row.merged_ids !== 'string') return null;
  try {
    const mergedIds = JSON.parse(row.merged_ids) as unknown;
    return Array.isArray(mergedIds) ? { survivorId: row.survivor_id, mergedIds: mergedIds.filter((id): id is string => typeof id === 'string') } : null;
  } catch {
    return null;
  }
}

/** A ledger event as a change carries it; null when the change does not carry it whole. */
function heldEventOf(data: Row): HeldEvent | null {
  const { kind, points, customer_id: customerId } = data;
  if (typeof kind !== 'string' || typeof points !== 'number' || typeof customerId !== 'string') return null;
  // The core never deletes a ledger row; a tombstone is a rewrite, and a new event born deleted would count on the
  // server's balance (which sums what it holds) and on no device.
  if (data.deleted_at !== undefined && data.deleted_at !== null) return null;
  const fixed: Row = {};
  for (const field of FIXED_FIELDS) fixed[field] = data[field] ?? null;
  const outletId = typeof data.outlet_id === 'string' ? data.outlet_id : null;
  return { kind, points, customerId, outletId, lastDay: typeof data.expires_on === 'string' ? data.expires_on : null, fixed };
}

/**
 * What makes a ledger event the event it is: the same id sent again with these is the same event, re-delivered.
 * A fixed field the copy does not name is one it leaves as it is.
 */
function sameEvent(held: HeldEvent, copy: HeldEvent, copyData: Row): boolean {
  if (held.kind !== copy.kind || held.points !== copy.points || held.customerId !== copy.customerId) return false;
  return fixedFieldsOf(held.kind).every((field) => !(field in copyData) || held.fixed[field] === copy.fixed[field]);
}

/** The ledger events with these ids the server holds already, as their first change wrote them. */
async function heldLedgerEvents(tx: Tx, ids: readonly string[]): Promise<Map<string, HeldEvent>> {
  const held = new Map<string, HeldEvent>();
  if (ids.length === 0) return held;
  const found = await rows<{ row_id: string; data: unknown }>(
    tx,
    sql`SELECT DISTINCT ON (row_id) row_id, data FROM changes WHERE table_name = 'points_ledger'
        AND row_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)) ORDER BY row_id, hlc COLLATE "C"`,
  );
  for (const row of found) {
    const event = heldEventOf(parsed(row.data));
    if (event !== null) held.set(row.row_id, event);
  }
  return held;
}

/** The offline (provisional) redemptions this device holds on the server for each of these customers. */
async function offlineRedemptions(tx: Tx, deviceId: string, customers: ReadonlySet<string>): Promise<Map<string, { at: string; points: number }[]>> {
  const out = new Map<string, { at: string; points: number }[]>();
  if (customers.size === 0) return out;
  const found = await rows<{ data: unknown }>(
    tx,
    sql`SELECT DISTINCT ON (row_id) data FROM changes WHERE table_name = 'points_ledger' AND device_id = ${deviceId}
        AND data->>'kind' = 'redeem' AND data->>'customer_id' IN (SELECT jsonb_array_elements_text(${JSON.stringify([...customers])}::jsonb))
        ORDER BY row_id, hlc COLLATE "C"`,
  );
  for (const row of found) {
    const d = parsed(row.data);
    if (!isProvisional(d) || typeof d.occurred_at !== 'string' || typeof d.points !== 'number') continue;
    const list = out.get(d.customer_id as string) ?? [];
    list.push({ at: d.occurred_at, points: -d.points });
    out.set(d.customer_id as string, list);
  }
  return out;
}

/**
 * The customers' ledgers as the server holds them, each event marked when the pushing device sent it (a copy of it
 * or the first): what that device can have seen (`mostAvailableSeen`).
 */
async function ledgersSeenBy(tx: Tx, customers: readonly string[], deviceId: string): Promise<Map<string, (LedgerMovement & { own: boolean })[]>> {
  const out = new Map<string, (LedgerMovement & { own: boolean })[]>();
  if (customers.length === 0) return out;
  for (const id of customers) out.set(id, []);
  const found = await rows<{ row_id: string; device_id: string; data: unknown }>(
    tx,
    sql`SELECT row_id, device_id, data FROM changes WHERE table_name = 'points_ledger'
        AND data->>'customer_id' IN (SELECT jsonb_array_elements_text(${JSON.stringify(customers)}::jsonb)) ORDER BY row_id, hlc COLLATE "C"`,
  );
  const events = new Map<string, (LedgerMovement & { own: boolean; customerId: string }) | null>();
  for (const row of found) {
    if (events.has(row.row_id)) {
      const known = events.get(row.row_id);
      if (known) known.own ||= row.device_id === deviceId;
      continue;
    }
    // Events are immutable (another version is refused): the first change is the event.
    const data = parsed(row.data);
    const event = heldEventOf(data);
    // An undated event (held from before every event had to be dated) has no place in a replay.
    const dated = typeof data.occurred_at === 'string' && Number.isFinite(Date.parse(data.occurred_at));
    events.set(row.row_id, event && dated ? { ...movementOfRow(row.row_id, data), own: row.device_id === deviceId, customerId: event.customerId } : null);
  }
  for (const held of events.values()) {
    if (!held) continue;
    const { customerId, ...event } = held;
    out.get(customerId)?.push(event);
  }
  return out;
}

/** Rows of a synced table as the server holds them (retention may have pruned their changes); deleted rows are left out. */
async function foldedRows(tx: Tx, table: FactTable, ids: ReadonlySet<string> | 'all'): Promise<Map<string, Row>> {
  const out = await heldRows(tx, table, ids);
  for (const [id, row] of out) if (row.deleted_at) out.delete(id);
  return out;
}

function parsed(data: unknown): Row {
  return (typeof data === 'string' ? JSON.parse(data) : data) as Row;
}
