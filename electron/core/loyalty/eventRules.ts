import { ledgerKinds } from '../../../db/schema/loyalty';
import { earnOfSource, expireFixOfSource, ledgerEventId, normalizeInvoiceNo, sources, transferOfSource, type TransferSource } from './eventIds';
import { DEFAULT_ZONE, localDay } from './ledgerDays';
import { availableOn, expiryCorrection, replayLots, type LedgerMovement, type LotState } from './lots';
import { expiryDay, pointsFor, type LoyaltyRule } from './rules';

/**
 * What a ledger event must be to be one the core would write, judged from the event and the facts it names:
 * the core writes its events by these rules, and the server (server/authority/ledgerCheck.ts) refuses a pushed
 * event that breaks one, so a hostile device cannot write what staff at a screen cannot.
 */

/** An adjustment names why, and the manager who approved it is the one who signed it. */
export function adjustApproved(event: { reason: unknown; approvedBy: unknown }, signer: { staffId: string; manager: boolean } | null): boolean {
  if (!signer?.manager) return false;
  return typeof event.reason === 'string' && event.reason.trim() !== '' && event.approvedBy === signer.staffId;
}

/**
 * An event names the staff member whose session wrote it (`store.staff`, the session's name) or nobody (a pass run
 * as the device). A device says who its session is only by signing its changes (authority/signing.ts), so an event
 * naming staff is signed by them; before, a clerk's device could put a redemption in a manager's name.
 */
export function namesItsSigner(staffId: unknown, signer: { staffId: string; name: string } | null): boolean {
  if (staffId === null || staffId === undefined) return true;
  return signer !== null && (staffId === signer.name || staffId === signer.staffId);
}

/**
 * An adjustment is dated when it is written (adjust.ts), so never after the stamp of the change that carries it
 * (a device's clock is at least its own time, and the server refuses stamps ahead of its own): a credit dated later
 * would end its lot later.
 */
export function datedByItsStamp(occurredAt: unknown, stampMillis: number): boolean {
  const at = typeof occurredAt === 'string' ? Date.parse(occurredAt) : NaN;
  return Number.isFinite(at) && at <= stampMillis;
}

/**
 * An adjustment's lot (adjust.ts): a debit has none; a credit lasts as long as points earned that day under the
 * rule version it names, which had started on its day; a credit naming no version (none was in force on the
 * writing device) never ends, which is only so while no version is in force on its day or today (`programmeInForce`):
 * else a device could date a credit before the programme began to give a lot that never ends.
 */
export function adjustLotFits(
  event: { points: number; expiresOn: unknown; day: string },
  rule: Pick<LoyaltyRule, 'validFrom' | 'validityMonths'> | null,
  programmeInForce: boolean,
): boolean {
  if (event.points < 0) return (event.expiresOn ?? null) === null;
  if (!rule) return !programmeInForce && (event.expiresOn ?? null) === null;
  return rule.validFrom <= event.day && event.expiresOn === expiryDay(event.day, rule.validityMonths);
}

/**
 * The most a device can have seen available on a day: adjust.ts refuses a debit beyond what its ledger shows, but
 * the server cannot know what the device had pulled. Whatever it had, it held its own events and no lot the server
 * does not hold (lots reach devices through the server, or were the device's own, pushed before); other devices'
 * debits it may not have seen (an expiry pass racing an offline adjustment, tests/loyalty/overExpiry.test.ts). So
 * the replay of every lot and of the device's own events is the most it can have shown.
 */
export function mostAvailableSeen(events: readonly (LedgerMovement & { own: boolean })[], day: string, dayOfEvent: (event: LedgerMovement) => string): number {
  const seen = events.filter((e) => e.own || (e.points > 0 && e.kind !== 'expire_fix'));
  return availableOn(replayLots(seen, dayOfEvent), day);
}

/**
 * An event that names another (`related_id`: a reversal its earn, an expiry its lot, a correction its expiry, a
 * transfer out its lot, an unmerge's undoing its transfer) is on that event's customer; only a merge's move in
 * names an event of another customer (its move out, on the merged customer). So an event derived from one the
 * server refused (the same id written for another customer, e.g. an invoice number reused for two customers) is
 * refused with it.
 */
export function onRelatedCustomer(event: { kind: string; source: string; customerId: string }, relatedCustomerId: string): boolean {
  if (event.kind === 'transfer_in' && !transferOfSource(event.source)?.undo) return true;
  return event.customerId === relatedCustomerId;
}

/** A merge as the ledger needs it: who survived and who was merged away. */
export interface MergeFacts {
  survivorId: string;
  mergedIds: readonly string[];
}

/**
 * A transfer is one its merge makes (transfers.ts): its source names the merge and one of its merged customers;
 * a move `out` is on that customer, a move `in` on the survivor; an unmerge's undoing is the opposite kind on the
 * same customer.
 */
export function transferFitsMerge(event: { kind: string; customerId: string; source: string }, merge: MergeFacts | null): boolean {
  const transfer = transferOfSource(event.source);
  if (!transfer || !merge || !merge.mergedIds.includes(transfer.customerId)) return false;
  const onCustomer = transfer.direction === 'out' ? transfer.customerId : merge.survivorId;
  const outward = (transfer.direction === 'out') !== transfer.undo;
  return event.customerId === onCustomer && event.kind === (outward ? 'transfer_out' : 'transfer_in');
}

/** A pushed transfer as its rules read it, and the events the server holds by id. */
type TransferEvent = { id: string; source: string; relatedId: unknown; points: number };
type HeldLookup = (id: string) => (NamedEvent & { customerId: string }) | undefined;

/** The ids of the events a transfer is held to (`moveInFitsMoveOut`, `undoFitsTransfer`): its merge's move out and move in of its lot, and that move in's undoing. */
export function transferPairIds(t: TransferSource): { out: string; in: string; inUndone: string } {
  const of = (direction: 'out' | 'in') => sources.transfer(t.mergeId, direction, t.customerId, t.lot);
  return { out: ledgerEventId(of('out')), in: ledgerEventId(of('in')), inUndone: ledgerEventId(`un${of('in')}`) };
}

/**
 * A merge's move in (transfers.ts `transferPointsOnMerge`) is the one its source names (the id derives from it),
 * names the move out of the same merge, customer and lot, held, and gives exactly what that took: one move in per
 * move out.
 */
export function moveInFitsMoveOut(event: TransferEvent, held: HeldLookup): boolean {
  const transfer = transferOfSource(event.source);
  if (!transfer || transfer.undo || transfer.direction !== 'in' || event.id !== ledgerEventId(event.source)) return false;
  const ids = transferPairIds(transfer);
  if (event.relatedId !== ids.out) return false;
  const out = held(ids.out);
  return out?.kind === 'transfer_out' && out.customerId === transfer.customerId && out.points === -event.points;
}

/**
 * A merge's move out (transfers.ts `transferPointsOnMerge`) is the one its source names (the id derives from it) and
 * takes from a lot the merged customer holds, the lot its source and related id name, no more than that lot gave; or
 * it moves the customer's debt (lot `deficit`, naming no event), giving the points the survivor then owes.
 */
export function moveOutFitsLot(event: TransferEvent, held: HeldLookup): boolean {
  const transfer = transferOfSource(event.source);
  if (!transfer || transfer.undo || transfer.direction !== 'out' || event.id !== ledgerEventId(event.source)) return false;
  if (transfer.lot === 'deficit') return (event.relatedId ?? null) === null && event.points > 0;
  if (event.relatedId !== transfer.lot) return false;
  const lot = held(transfer.lot);
  return !!lot && lot.customerId === transfer.customerId && lot.points > 0 && -event.points <= lot.points;
}

/**
 * An unmerge's undoing of a transfer (transfers.ts `undoMergeTransfers`) is the one its source names (the id
 * derives from it), names the transfer it undoes (its source less `un`), held, and moves points the other way, no
 * more than the merge moved: the undoing of a move in takes back at most what the move in gave (what of the moved
 * lot expired on the survivor meanwhile is not taken back, so it may be less); the undoing of a move out gives back
 * exactly what the undoing of that lot's move in took (written before it, in the same unmerge), or, when the merge
 * moved nothing in for the lot (a forfeit), what the move out took. So an unmerge gives the merged customer no point
 * that the survivor does not give up, whichever device's view of the expiries it was written from.
 */
export function undoFitsTransfer(event: TransferEvent, held: HeldLookup): boolean {
  const transfer = transferOfSource(event.source);
  if (!transfer?.undo || event.id !== ledgerEventId(event.source)) return false;
  const ids = transferPairIds(transfer);
  const undoneId = transfer.direction === 'out' ? ids.out : ids.in;
  const undone = held(undoneId);
  if (event.relatedId !== undoneId || !undone || Math.sign(event.points) !== -Math.sign(undone.points)) return false;
  if (transfer.direction === 'in') return undone.kind === 'transfer_in' && Math.abs(event.points) <= Math.abs(undone.points);
  if (undone.kind !== 'transfer_out') return false;
  const moveIn = held(ids.in);
  if (!moveIn) return event.points === -undone.points;
  const inUndone = held(ids.inUndone);
  return inUndone?.kind === 'transfer_out' && inUndone.customerId === moveIn.customerId && event.points === -inUndone.points;
}

/**
 * An expiry's correction (expire.ts `correctExpiries`) is the one a replay of the customer's whole ledger owes:
 * the next one of that expiry (its source numbers the corrections before it, the id derives from the source), for
 * exactly the points still owed, given back or taken. So two devices holding the same ledger write the same event,
 * and a correction from another view of the ledger, or a made-up one, is not accepted.
 */
export function correctionOwed(event: { id: string; source: string; relatedId: unknown; points: number }, state: LotState): boolean {
  const fix = expireFixOfSource(event.source);
  if (!fix || event.id !== ledgerEventId(event.source) || event.relatedId !== fix.expireId) return false;
  const expiry = state.expiries.get(fix.expireId);
  return !!expiry && expiry.fixes === fix.n && event.points !== 0 && expiryCorrection(expiry) === event.points;
}

const TAKING: ReadonlySet<string> = new Set(['redeem', 'expire', 'reverse', 'transfer_out']);
const GIVING: ReadonlySet<string> = new Set(['earn', 'transfer_in']);

/**
 * An event is of a kind the ledger has, its points a whole number, taken by a redemption, an expiry, a return's
 * reversal and a merge's move out, given by an earn and a move in (an adjustment and an expiry's correction go
 * either way, by their own rules). A merge moves a merged customer's debt the other way (transfers.ts: the
 * `deficit` part goes out positive and in negative). A redemption "of" +500 points would otherwise add them.
 */
export function pointsFitKind(kind: string, points: unknown, source = ''): boolean {
  if (!(ledgerKinds as readonly string[]).includes(kind) || typeof points !== 'number' || !Number.isInteger(points)) return false;
  const debt = (kind === 'transfer_out' || kind === 'transfer_in') && transferOfSource(source)?.lot === 'deficit';
  if (TAKING.has(kind)) return debt ? points > 0 : points < 0;
  if (GIVING.has(kind)) return debt ? points < 0 : points > 0;
  return true;
}

/** A ledger event as another names it: its kind, points and (a lot's) last day. */
export interface NamedEvent {
  kind: string;
  points: number;
  expiresOn?: string | null;
}

/** The first instant of a day anywhere (UTC+14): a lot cannot have expired before it in any outlet's zone. */
const earliestStartOf = (day: string) => Date.parse(`${day}T00:00:00+14:00`);

/**
 * An expiry is the one of the lot it names (expire.ts: its source names the lot, its id derives from the source),
 * dated no earlier than the lot's expiry day began, a day that has begun (`now`), and takes no more than the lot
 * gave. How much it takes is the expiring device's view of the lot; a view that differs from the whole ledger's is
 * corrected by `expire_fix`, so this is all a server can hold it to.
 */
export function expiryFitsLot(
  event: { id: string; source: string; relatedId: unknown; points: number; occurredAt: unknown },
  lot: NamedEvent | undefined,
  now: Date,
): boolean {
  if (typeof event.relatedId !== 'string' || event.source !== sources.expire(event.relatedId) || event.id !== ledgerEventId(event.source)) return false;
  if (!lot || lot.points <= 0 || lot.kind === 'expire_fix' || -event.points > lot.points || !lot.expiresOn) return false;
  const begins = earliestStartOf(lot.expiresOn);
  const at = typeof event.occurredAt === 'string' ? Date.parse(event.occurredAt) : NaN;
  return at >= begins && now.getTime() >= begins;
}

/** A return's reversal (earn.ts `reversePurchaseEarn`) names the earn its source derives from and takes exactly its points. */
export function reversalFitsEarn(event: { id: string; source: string; relatedId: unknown; points: number }, earn: NamedEvent | undefined): boolean {
  const earnSource = event.source.startsWith('reverse:') ? event.source.slice('reverse:'.length) : '';
  if (!earnSource || event.id !== ledgerEventId(event.source) || event.relatedId !== ledgerEventId(earnSource)) return false;
  return earn?.kind === 'earn' && event.points === -earn.points;
}

/** An online (not provisional) redemption takes no more than the server's ledger holds (redeemChecked.ts). */
export function beyondServerBalance(points: number, serverBalance: number): boolean {
  return points > serverBalance;
}

/** An offline (provisional) redemption keeps a device's redemptions of a card within the day's offline limit (redeem.ts). */
export function beyondOfflineLimit(usedToday: number, points: number, limit: number): boolean {
  return usedToday + points > limit;
}

/** A purchase line as an earn is computed from it. */
export interface EarnFacts {
  amount: number;
  occurredAt: string;
  product?: string | null;
  outletCode?: string | null;
  /** The zone of the purchase's outlet; WIB when the outlet is not known. */
  zone?: string | null;
}

/** The points and last day of an earn under a rule version (earn.ts), on the purchase's local day. */
export function earnUnder(rule: LoyaltyRule, purchase: EarnFacts): { day: string; points: number; expiresOn: string } {
  const day = localDay(purchase.occurredAt, purchase.zone ?? DEFAULT_ZONE);
  return {
    day,
    points: pointsFor(rule, purchase.amount, { product: purchase.product, outletCode: purchase.outletCode ?? null, day }),
    expiresOn: expiryDay(day, rule.validityMonths),
  };
}

/** A purchase as the server holds it, as its earn is held to it. */
export interface HeldPurchase {
  invoiceNo: string | null;
  outletId: string | null;
  purchasedAt: string;
}

/**
 * An earn is its purchase line's (earn.ts): its id derives from its source, which spells the line from the event's
 * own invoice and outlet (`earn@<outlet code>:<invoice>:<line>`, or `earn:<invoice>:<line>`, as every earn was spelled
 * before outlet codes and a purchase of no known outlet still is) or, for a purchase without an invoice, names the
 * purchase (`earn:purchase:<id>`). A purchase the server holds is one line (line 1): its earn carries its invoice,
 * outlet and time, so it is dated at the sale and its lot ends the rule's validity from the sale's day. An earn of no
 * purchase the server holds is `akrab points earn`'s invoice line on its own (purchase `invoice:<invoice>:<line>`).
 * Before, an earn of a held sale could be dated years later (its lot ending years later) or spelled another way.
 */
export function earnFitsItsLine(
  event: { id: string; source: string; invoiceNo: unknown; outletId: unknown; purchaseId: unknown; occurredAt: unknown },
  outletCode: string | null,
  purchase: HeldPurchase | null,
): boolean {
  const line = earnOfSource(event.source);
  if (!line || event.id !== ledgerEventId(event.source)) return false;
  if ('purchaseId' in line) {
    if (event.purchaseId !== line.purchaseId || event.invoiceNo) return false;
  } else if (event.invoiceNo !== line.invoiceNo || (line.outletCode !== null && line.outletCode !== outletCode)) return false;
  if (!purchase) return !('purchaseId' in line) && event.purchaseId === `invoice:${line.invoiceNo}:${line.line}`;
  const invoiceNo = purchase.invoiceNo ? normalizeInvoiceNo(purchase.invoiceNo) : '';
  const sameLine = 'purchaseId' in line ? invoiceNo === '' : invoiceNo === line.invoiceNo && line.line === 1;
  const at = typeof event.occurredAt === 'string' ? Date.parse(event.occurredAt) : NaN;
  return sameLine && (event.outletId ?? null) === purchase.outletId && at === Date.parse(purchase.purchasedAt);
}

/**
 * The ids the same invoice line's earn has under the other spelling (`earn@<code>:…` and `earn:…`, see
 * `earnFitsItsLine`): one earn per line whichever spelling the device used. Before, a device could earn a sale again
 * under the spelling devices used before outlet codes.
 */
export function otherSpellingIds(source: string, outletCode: string | null): string[] {
  const line = earnOfSource(source);
  if (!line || 'purchaseId' in line) return [];
  if (line.outletCode !== null) return [ledgerEventId(`earn:${line.invoiceNo}:${line.line}`)];
  return outletCode ? [ledgerEventId(`earn@${outletCode}:${line.invoiceNo}:${line.line}`)] : [];
}
