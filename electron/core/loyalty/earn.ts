import { validationError } from '../../../shared/errors';
import { prepared } from './statements';
import type { Store } from '../store/store';
import { transact, type NewRow, type Writer } from '../store/writer';
import type { purchases } from '../../../db/schema';
import { loyaltyErrors } from './errors';
import { pointsLedger } from '../../../db/schema/loyalty';
import { recomputeBalances } from './balances';
import { appendEvent, eventById, requireCustomer, type LedgerEvent, type NewLedgerEvent } from './ledger';
import { ledgerEventId, normalizeInvoiceNo, sources } from './eventIds';
import { localDay, zoneOfOutlet } from './ledgerDays';
import { earnUnder } from './eventRules';
import { ruleOn, type LoyaltyRule } from './rules';
import { resolveMerged } from '../dedup/merge';

export interface PurchaseLine {
  id: string;
  customerId: string;
  invoiceNo: string | null;
  /** The line within the invoice; purchases today are one line each, so 1. */
  line?: number;
  outletId: string | null;
  purchasedAt: string;
  amount: number;
  /** The purchase's main product: a programme may multiply its points. */
  product?: string | null;
}

/**
 * Earns a purchase line's points inside the caller's transaction, under the rule version in force on the
 * purchase's day (none before the programme started). The event id comes from the invoice and line, so the
 * same line arriving by another path (counter, legacy import, a second device) is the same event: earned once.
 * Only the device that records a purchase earns for it; the event syncs with it.
 */
export function earnForPurchase(store: Store, w: Writer, purchase: PurchaseLine): LedgerEvent | null {
  const event = earnEventFor(store, purchase, {
    ruleOn: (day) => ruleOn(store, day),
    zoneOf: (outletId) => zoneOfOutlet(store, outletId),
    codeOf: (outletId) => outletCodeOf(store, outletId),
  });
  return event ? appendEvent(store, w, event).event : null;
}

/** What earning reads besides the purchase: a batch asks each once per day or outlet. */
interface EarnLookups {
  ruleOn(day: string): LoyaltyRule | null;
  zoneOf(outletId: string | null): string;
  codeOf(outletId: string | null): string | null;
}

function memo<K, V>(read: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    if (!known.has(key)) known.set(key, read(key));
    return known.get(key)!;
  };
}

/** The earn event of a purchase line under the rule in force on its day, or null when it earns nothing. */
function earnEventFor(store: Store, purchase: PurchaseLine, lookups: EarnLookups): NewLedgerEvent | null {
  const zone = lookups.zoneOf(purchase.outletId);
  const rule = lookups.ruleOn(localDay(purchase.purchasedAt, zone));
  if (!rule) return null;
  const outletCode = lookups.codeOf(purchase.outletId);
  // The same arithmetic the server checks a pushed earn with (eventRules.ts).
  const { points, expiresOn } = earnUnder(rule, { amount: purchase.amount, occurredAt: purchase.purchasedAt, product: purchase.product, outletCode, zone });
  if (points === 0) return null;
  const invoiceNo = purchase.invoiceNo ? normalizeInvoiceNo(purchase.invoiceNo) : null;
  if (invoiceNo && !rule.earnAndRedeemSameSale && redeemedOnInvoice(store, invoiceNo, purchase.outletId)) return null;
  return {
    source: sources.earn(invoiceNo, purchase.line ?? 1, purchase.id, outletCode),
    kind: 'earn',
    customerId: purchase.customerId,
    points,
    occurredAt: purchase.purchasedAt,
    expiresOn,
    outletId: purchase.outletId,
    staffId: store.staff,
    ruleId: rule.id,
    purchaseId: purchase.id,
    invoiceNo,
    amount: purchase.amount,
    provisional: false,
  };
}

/**
 * Earns for many purchase rows at once (the legacy import), inside the caller's transaction: the same events as
 * one `earnForPurchaseRow` each, in order (an event id already in the ledger or earlier in the batch writes
 * nothing), written in multi-row statements, each customer's balance cache replayed once at the end.
 */
export function earnForPurchaseRows(store: Store, w: Writer, rows: readonly NewRow<typeof purchases>[]): number {
  const lookups: EarnLookups = {
    ruleOn: memo((day: string) => ruleOn(store, day)),
    zoneOf: memo((outletId: string | null) => zoneOfOutlet(store, outletId)),
    codeOf: memo((outletId: string | null) => outletCodeOf(store, outletId)),
  };
  const exists = prepared(store, 'SELECT 1 FROM points_ledger WHERE id = ?').pluck();
  const seen = new Set<string>();
  const events: NewRow<typeof pointsLedger>[] = [];
  for (const row of rows) {
    const event = earnEventFor(store, lineOf(row), lookups);
    if (!event) continue;
    const id = ledgerEventId(event.source);
    if (seen.has(id) || exists.get(id)) continue;
    seen.add(id);
    events.push({ ...event, id });
  }
  if (events.length === 0) return 0;
  // Which row earns was decided in the file's order above; written in customer order, the ledger's customer index
  // and the balance cache are filled front to back instead of at random.
  events.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  w.insertMany(pointsLedger, events);
  recomputeBalances(store, events.map((e) => e.customerId));
  return events.length;
}

/** Earns for a purchase row as a registration or an import writes it. */
export function earnForPurchaseRow(store: Store, w: Writer, row: NewRow<typeof purchases>): LedgerEvent | null {
  return earnForPurchase(store, w, lineOf(row));
}

function lineOf(row: NewRow<typeof purchases>): PurchaseLine {
  return {
    id: row.id,
    customerId: row.customerId,
    invoiceNo: row.invoiceNo ?? null,
    outletId: row.outletId ?? null,
    purchasedAt: row.purchasedAt,
    amount: row.amount,
    product: row.mainProduct ?? null,
  };
}

/** A till whose clock runs a little ahead of this device's still earns its sale. */
const EARN_AHEAD_TOLERANCE_MS = 5 * 60_000;

/** `akrab points earn`: earns for an invoice line on its own (the purchase itself recorded elsewhere). */
export function earnPoints(
  store: Store,
  input: { customerId: string; invoiceNo: string; line?: number; amount: number; purchasedAt?: string },
): LedgerEvent | null {
  requireCustomer(store, input.customerId);
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw validationError('amount', 'error.amount_invalid');
  if (!input.invoiceNo.trim()) throw loyaltyErrors.invoiceRequired();
  const purchasedAt = input.purchasedAt ?? store.now().toISOString();
  // An unreadable time made the day's computation throw; a sale dated ahead earns a lot that ends later, and the
  // server refuses an earn dated more than a day after its change's stamp (ledgerCheck.ts, EARN_AHEAD_MS).
  const at = Date.parse(purchasedAt);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(purchasedAt) || Number.isNaN(at)) throw validationError('purchasedAt', 'error.date_invalid');
  if (at > store.now().getTime() + EARN_AHEAD_TOLERANCE_MS) throw validationError('purchasedAt', 'error.loyalty.earn_in_future');
  return transact(store, (w) =>
    earnForPurchase(store, w, {
      id: `invoice:${normalizeInvoiceNo(input.invoiceNo)}:${input.line ?? 1}`,
      customerId: input.customerId,
      invoiceNo: input.invoiceNo,
      line: input.line,
      outletId: store.outletId,
      purchasedAt,
      amount: input.amount,
    }),
  );
}

function redeemedOnInvoice(store: Store, invoiceNo: string, outletId: string | null): boolean {
  return !!prepared(store, `SELECT 1 FROM points_ledger WHERE invoice_no = ? AND outlet_id IS ? AND kind = 'redeem' AND deleted_at IS NULL`)
    .pluck()
    .get(invoiceNo, outletId);
}

function outletCodeOf(store: Store, outletId: string | null): string | null {
  if (!outletId) return null;
  return (prepared(store, 'SELECT code FROM outlets WHERE id = ?').pluck().get(outletId) as string | undefined) ?? null;
}

export function earnedOnInvoice(store: Store, invoiceNo: string, outletId: string | null): boolean {
  return !!prepared(store, `SELECT 1 FROM points_ledger WHERE invoice_no = ? AND outlet_id IS ? AND kind = 'earn' AND deleted_at IS NULL`)
    .pluck()
    .get(invoiceNo, outletId);
}

/**
 * A returned purchase line gives its points back: a reverse event for exactly the points it earned, once
 * (its id derives from the earn's). Purchases have no return flow yet; this is the call it will make.
 *
 * Only an earn of the purchase's own customer is reversed: one outlet may reuse an invoice number for two
 * customers (a data error); the server keeps one earn of the line and refuses the other, so on the device whose
 * earn was refused the line's earn is the other customer's. Whose purchase it is: `customerId`, else the customer
 * of `purchaseId` (whose invoice and outlet are the line's when not given), else the one customer whose purchases
 * at the outlet bear the invoice (two or more: `reverse_whose_purchase`; none, an earn by `akrab points earn`
 * alone: the earn's). Customers merged since count as the customer they were merged into.
 */
export function reversePurchasePoints(
  store: Store,
  input: { invoiceNo?: string | null; line?: number; purchaseId?: string; customerId?: string; reason?: string; outletId?: string | null },
): LedgerEvent {
  const purchase = input.purchaseId
    ? (prepared(store, 'SELECT customer_id AS customerId, invoice_no AS invoiceNo, outlet_id AS outletId FROM purchases WHERE id = ? AND deleted_at IS NULL').get(
        input.purchaseId,
      ) as { customerId: string; invoiceNo: string | null; outletId: string | null } | undefined)
    : undefined;
  const typed = input.invoiceNo || purchase?.invoiceNo;
  const invoiceNo = typed ? normalizeInvoiceNo(typed) : null;
  if (!invoiceNo && !input.purchaseId) throw loyaltyErrors.nothingToReverse();
  // The invoice's outlet (the purchase's, else this device's); an earn from before outlets were in the id has the invoice alone.
  const outletId = input.outletId !== undefined ? input.outletId : purchase ? purchase.outletId : store.outletId;
  const outletCode = outletCodeOf(store, outletId);
  const owner = input.customerId ?? purchase?.customerId ?? (invoiceNo ? onlyCustomerOfInvoice(store, typed!, invoiceNo, outletId) : null);
  let earnSource = '';
  let earn: LedgerEvent | undefined;
  for (const code of new Set([outletCode, null])) {
    earnSource = sources.earn(invoiceNo, input.line ?? 1, input.purchaseId ?? '', code);
    earn = eventById(store, ledgerEventId(earnSource));
    if (earn?.kind === 'earn') break;
    earn = undefined;
  }
  if (!earn || (owner !== null && resolveMerged(store, earn.customerId) !== resolveMerged(store, owner))) throw loyaltyErrors.nothingToReverse();
  return transact(
    store,
    (w) =>
      appendEvent(store, w, {
        source: sources.reverse(earnSource),
        kind: 'reverse',
        customerId: earn.customerId,
        points: -earn.points,
        occurredAt: store.now().toISOString(),
        outletId: store.outletId,
        staffId: store.staff,
        reason: input.reason?.trim() || null,
        purchaseId: earn.purchaseId,
        invoiceNo: earn.invoiceNo,
        relatedId: earn.id,
      }).event,
  );
}

/**
 * The customer whose purchases at the outlet bear the invoice (as typed or in its normalized form), merged-away
 * customers counted as their survivor; null when no purchase bears it; several: the caller must say whose.
 */
function onlyCustomerOfInvoice(store: Store, typed: string, invoiceNo: string, outletId: string | null): string | null {
  const found = prepared(store, 'SELECT DISTINCT customer_id FROM purchases WHERE invoice_no IN (?, ?) AND outlet_id IS ? AND deleted_at IS NULL')
    .pluck()
    .all(typed.trim(), invoiceNo, outletId) as string[];
  const owners = new Set(found.map((id) => resolveMerged(store, id)));
  if (owners.size > 1) throw loyaltyErrors.reverseWhosePurchase();
  return owners.size === 1 ? [...owners][0]! : null;
}
