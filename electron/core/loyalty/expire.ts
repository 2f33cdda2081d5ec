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
  return { events, points, customers: touched.size };
}
