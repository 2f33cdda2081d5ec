import { startOfLocalDay } from '../../../shared/time';
import { currentOutlet } from '../outlets/outlets';
import type { Store } from '../store/store';

/** Registrations made today (in the outlet's time zone) at this device's outlet, or by this device when it has none. */
export function registrationsToday(store: Store): number {
  const outlet = currentOutlet(store);
  const since = startOfLocalDay(store.now(), outlet?.time_zone ?? 'Asia/Jakarta').toISOString();
  if (outlet) {
    return store.sqlite.prepare(`SELECT count(*) FROM customers WHERE registered_outlet_id = ? AND created_at >= ? AND deleted_at IS NULL`).pluck().get(outlet.id, since) as number;
  }
  return store.sqlite.prepare(`SELECT count(*) FROM customers WHERE created_by_device = ? AND created_at >= ? AND deleted_at IS NULL`).pluck().get(store.deviceId, since) as number;
}
