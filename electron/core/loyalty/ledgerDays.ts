import { wallClockInstant, zoneOffsetMinutes } from '../../../shared/time';
import type { Store } from '../store/store';
import { prepared } from './statements';

/**
 * The ledger's days are the outlet's local days (WIB, WITA, WIT), not UTC: a purchase at 23:30 WIB earns under the
 * rule of that evening's day and its points are valid N months from it; "today" for a redemption, the offline
 * limit and the expiry pass is the device's outlet's day. An event's day is judged in the zone of the outlet it
 * names, so every replica that holds the same ledger and outlets computes the same days.
 */
export const DEFAULT_ZONE = 'Asia/Jakarta';

// Indonesia's zones keep no daylight saving: one offset per zone is exact, and Intl is slow per call.
const offsets = new Map<string, number>();
function offsetOf(zone: string): number {
  let offset = offsets.get(zone);
  if (offset === undefined) offsets.set(zone, (offset = zoneOffsetMinutes(new Date(), zone)));
  return offset;
}

/** The zone of an outlet (its `time_zone`), else of this device's outlet, else WIB. */
export function zoneOfOutlet(store: Store, outletId: string | null | undefined): string {
  const zone = outletId ? (prepared(store, 'SELECT time_zone FROM outlets WHERE id = ?').pluck().get(outletId) as string | undefined) : undefined;
  if (zone) return zone;
  if (store.outletId && store.outletId !== outletId) return zoneOfOutlet(store, store.outletId);
  return DEFAULT_ZONE;
}

/** The local calendar day (YYYY-MM-DD) of a UTC ISO instant in a zone. */
export function localDay(at: string, zone: string): string {
  return new Date(Date.parse(at) + offsetOf(zone) * 60_000).toISOString().slice(0, 10);
}

/** Today at this device's outlet; `plusDays` later. */
export function deviceToday(store: Store, plusDays = 0): string {
  return localDay(new Date(store.now().getTime() + plusDays * 86_400_000).toISOString(), zoneOfOutlet(store, store.outletId));
}

/** The day of an instant at an outlet. */
export function outletDay(store: Store, at: string, outletId: string | null | undefined): string {
  return localDay(at, zoneOfOutlet(store, outletId));
}

/** The UTC instant (ISO) the local day starts at in a zone: an expiry is dated at the start of the lot's last day. */
export function dayStart(day: string, zone: string): string {
  return wallClockInstant(day, null, zone, offsetOf(zone)).toISOString();
}

/** A function giving each ledger event's day in its outlet's zone, the outlets' zones read once. */
export function eventDays(store: Store): (movement: { occurredAt: string; outletId?: string | null }) => string {
  const zones = new Map<string | null, string>();
  return (m) => {
    const key = m.outletId ?? null;
    let zone = zones.get(key);
    // Not the device's zone for an event without a (known) outlet: every replica must judge it alike.
    if (!zone) zones.set(key, (zone = (key && (prepared(store, 'SELECT time_zone FROM outlets WHERE id = ?').pluck().get(key) as string | undefined)) || DEFAULT_ZONE));
    return localDay(m.occurredAt, zone);
  };
}
