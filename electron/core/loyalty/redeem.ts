import { addDays } from './tiers/spend';
import { dayStart, deviceToday, zoneOfOutlet } from './ledgerDays';
import { beyondOfflineLimit } from './eventRules';
import { prepared } from './statements';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { earnedOnInvoice } from './earn';
import { loyaltyErrors, requirePositivePoints } from './errors';
import { ledgerEventId, normalizeInvoiceNo, sources } from './eventIds';
import { appendEvent, eventById, lotStateOf, nextLocalSeq, requireCustomer, type LedgerEvent } from './ledger';
import { availableOn } from './lots';
import { ruleOn } from './rules';

export interface RedeemInput {
  customerId: string;
  points: unknown;
  /** Idempotency key (the sale's invoice, a request id): a retry with the same key is the same redemption. */
  key?: string;
  invoiceNo?: string;
  /**
   * Whether the caller has the server's ledger at hand (it has just synced). Without it the redemption is
   * provisional and limited to the rule's offline limit per card and day on this device.
   */
  online?: boolean;
}

/** The redemption already made under `key`, if any; the key used for another customer or amount is refused. */
export function redemptionOfKey(store: Store, key: string, customerId: string, points: number): LedgerEvent | null {
  const earlier = eventById(store, ledgerEventId(sources.redeem(key)));
  if (!earlier) return null;
  if (earlier.customerId !== customerId || earlier.points !== -points) throw loyaltyErrors.keyReused();
  return earlier;
}

/**
 * Redeems points, oldest-expiring first (the lot arithmetic in lots.ts takes them so). Offline, two outlets may
 * redeem the same points while apart: the ledger then goes negative and the balance is flagged, within the
 * offline limits only.
 */
export function redeemPoints(store: Store, input: RedeemInput): LedgerEvent {
  const points = requirePositivePoints(input.points);
  const customerId = requireCustomer(store, input.customerId);
  const now = store.now().toISOString();
  const today = deviceToday(store);
  const rule = ruleOn(store, today);
  if (!rule) throw loyaltyErrors.noRule();
  const invoiceNo = input.invoiceNo ? normalizeInvoiceNo(input.invoiceNo) : null;
  const online = input.online ?? false;
  return transact(store, (w) => {
    const earlier = input.key ? redemptionOfKey(store, input.key, customerId, points) : null;
    if (earlier) return earlier;
    const available = availableOn(lotStateOf(store, customerId), today);
    if (points > available) throw loyaltyErrors.beyondBalance(Math.max(0, available));
    if (!online) {
      const used = offlineRedeemedToday(store, customerId, today);
      if (beyondOfflineLimit(used, points, rule.offlineRedeemLimit)) throw loyaltyErrors.beyondOfflineLimit(Math.max(0, rule.offlineRedeemLimit - used));
    }
    if (invoiceNo && !rule.earnAndRedeemSameSale && earnedOnInvoice(store, invoiceNo, store.outletId)) throw loyaltyErrors.earnAndRedeemSameSale();
    const source = input.key ? sources.redeem(input.key) : sources.redeemLocal(store.deviceId, nextLocalSeq(store));
    return appendEvent(store, w, {
      source,
      kind: 'redeem',
      customerId,
      points: -points,
      occurredAt: now,
      outletId: store.outletId,
      staffId: store.staff,
      ruleId: rule.id,
      invoiceNo,
      amount: points * rule.pointValue,
      provisional: !online,
    }).event;
  });
}

/** Points this device redeemed offline for the customer today, from the start of the outlet's day to the next. */
function offlineRedeemedToday(store: Store, customerId: string, today: string): number {
  const zone = zoneOfOutlet(store, store.outletId);
  return prepared(
    store,
    `SELECT coalesce(-sum(points), 0) FROM points_ledger WHERE customer_id = ? AND kind = 'redeem' AND provisional = 1
       AND created_by_device = ? AND occurred_at >= ? AND occurred_at < ? AND deleted_at IS NULL`,
  )
    .pluck()
    .get(customerId, store.deviceId, dayStart(today, zone), dayStart(addDays(today, 1), zone)) as number;
}
