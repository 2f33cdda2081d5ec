import { prepared } from './statements';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { sources } from './eventIds';
import { appendEvent, lotStateOf } from './ledger';
import { expiredLots } from './lots';
import { dayOf } from './rules';

/**
 * The scheduled expiry pass: for each lot whose last day has passed with points left, an `expire` event for
 * exactly what is left, dated at the lot's expiry. Its id derives from the lot, so running the pass again, or
 * on another device, writes nothing new.
 */
export function expirePoints(
  store: Store,
  onDay = dayOf(store.now().toISOString()),
): { events: number; points: number; customers: number } {
  const customers = prepared(
    store,
    `SELECT DISTINCT l.customer_id FROM points_ledger l WHERE l.expires_on IS NOT NULL AND l.expires_on <= ? AND l.points > 0 AND l.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM points_ledger e WHERE e.related_id = l.id AND e.kind = 'expire')`,
  )
    .pluck()
    .all(onDay) as string[];
  let events = 0;
  let points = 0;
  const touched = new Set<string>();
  transact(store, (w) => {
    for (const customerId of customers) {
      for (const lot of expiredLots(lotStateOf(store, customerId), onDay)) {
        const { written } = appendEvent(store, w, {
          source: sources.expire(lot.id),
          kind: 'expire',
          customerId,
          points: -lot.remaining,
          occurredAt: `${lot.expiresOn}T00:00:00.000Z`,
          outletId: store.outletId,
          staffId: store.staff,
          relatedId: lot.id,
        });
        if (written) {
          events++;
          points += lot.remaining;
          touched.add(customerId);
        }
      }
    }
  });
  const fixed = correctOverExpiry(store);
  return { events, points, customers: touched.size, ...(fixed.events > 0 && { corrected: fixed }) };
}

/**
 * An expiry pass on a device that had not yet received another device's debit of a lot (a redemption or a
 * negative adjustment dated before the lot's last day) expired the whole lot; once the debit arrives, the lot has
 * been debited twice. The expiry's id comes from its lot, so it is one event everywhere, but its amount was that
 * device's view. Replaying the whole ledger shows the excess; an `expire_fix` event gives it back. Its id is the
 * expiry's and the number of corrections already made, so devices seeing the same ledger write the same event,
 * and a device whose view differed has its correction refused by the server (same id, other points), reverted,
 * and corrects again from the ledger it then holds.
 */
export function correctOverExpiry(store: Store, customerIds?: readonly string[]): { events: number; points: number } {
  const candidates =
    customerIds ??
    (prepared(store, `SELECT DISTINCT customer_id FROM points_ledger WHERE kind = 'expire' AND deleted_at IS NULL`).pluck().all() as string[]);
  let events = 0;
  let points = 0;
  transact(store, (w) => {
    for (const customerId of candidates) {
      for (const [expireId, e] of lotStateOf(store, customerId).overExpired) {
        const owed = e.excess - e.corrected;
        if (owed === 0 || !e.occurredAt) continue;
        const { written } = appendEvent(store, w, {
          source: sources.expireFix(expireId, e.fixes),
          kind: 'expire_fix',
          customerId,
          points: owed,
          occurredAt: e.occurredAt,
          outletId: store.outletId,
          staffId: store.staff,
          relatedId: expireId,
        });
        if (written) {
          events++;
          points += owed;
        }
      }
    }
  });
  return { events, points };
}
