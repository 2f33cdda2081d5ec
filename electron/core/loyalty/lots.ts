import { DEFAULT_ZONE, localDay } from './ledgerDays';

/** A ledger event as the points arithmetic needs it. */
export interface LedgerMovement {
  id: string;
  kind: string;
  points: number;
  occurredAt: string;
  expiresOn: string | null;
  relatedId: string | null;
  outletId?: string | null;
}

export interface Lot {
  id: string;
  expiresOn: string | null;
  points: number;
  remaining: number;
}

export interface LotState {
  lots: Lot[];
  /** Points taken when no lot had any left: a negative balance (two outlets redeemed the same points apart). */
  deficit: number;
  balance: number;
  /**
   * Expiry events that ended more than their lot held when the whole ledger is replayed (the pass ran on a device
   * that had not yet seen another device's debit of the lot), with the corrections (`expire_fix`) written so far.
   */
  overExpired: Map<string, { occurredAt: string; excess: number; corrected: number; fixes: number }>;
}

const NEVER = '9999-12-31';

/** An event's place in the replay: time, id, and 1 for an expiry placed right after the lot it names. */
type ReplayKey = [at: string, id: string, after: 0 | 1];

/**
 * Where an event replays: at its time (ties by id, so every replica replays it alike), except an expiry of a lot
 * that arrived after the expiry's date. An expiry is dated at its lot's last day, but a lot can carry a last day
 * already past when it arrives (an unmerge gives back points whose day went by while they were on the survivor):
 * in time order the expiry would come first, find no lot, count all it took as an over-expiry to give back, and
 * leave the expired lot open. It ends its lot when the lot arrives instead.
 */
function replayKeys(events: readonly LedgerMovement[]): ReplayKey[] {
  const lots = new Map<string, LedgerMovement>();
  for (const e of events) if (e.points > 0 && e.kind !== 'expire_fix') lots.set(e.id, e);
  return events.map((e): ReplayKey => {
    const lot = e.kind === 'expire' && e.relatedId ? lots.get(e.relatedId) : undefined;
    if (lot && (lot.occurredAt > e.occurredAt || (lot.occurredAt === e.occurredAt && lot.id > e.id))) return [lot.occurredAt, lot.id, 1];
    return [e.occurredAt, e.id, 0];
  });
}

function compareKeys(a: ReplayKey, b: ReplayKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return a[2] - b[2];
}

/**
 * Replays a customer's ledger in time order (`replayKeys`). Each positive event is a lot; each negative one takes
 * from the lot it names (an expiry its lot, a reversal its earn) and then from the lots still valid on its day,
 * the one expiring first first. What no lot covers is a deficit.
 */
export function replayLots(
  events: readonly LedgerMovement[],
  dayOfEvent: (event: LedgerMovement) => string = (e) => localDay(e.occurredAt, DEFAULT_ZONE),
): LotState {
  const keys = replayKeys(events);
  const sorted = events
    .map((_, i) => i)
    .sort((a, b) => compareKeys(keys[a]!, keys[b]!))
    .map((i) => events[i]!);
  const lots: Lot[] = [];
  const byId = new Map<string, Lot>();
  let deficit = 0;
  let balance = 0;
  const overExpired: LotState['overExpired'] = new Map();
  const expiryOf = (id: string) => {
    let entry = overExpired.get(id);
    if (!entry) overExpired.set(id, (entry = { occurredAt: '', excess: 0, corrected: 0, fixes: 0 }));
    return entry;
  };
  for (const event of sorted) {
    balance += event.points;
    // A correction gives back what an expiry took beyond its lot: it pays off that deficit, it is no lot.
    if (event.kind === 'expire_fix') {
      deficit -= event.points;
      const entry = expiryOf(event.relatedId ?? '');
      entry.corrected += event.points;
      entry.fixes++;
      continue;
    }
    if (event.points > 0) {
      const lot = { id: event.id, expiresOn: event.expiresOn, points: event.points, remaining: event.points };
      lots.push(lot);
      byId.set(lot.id, lot);
      continue;
    }
    let owed = -event.points;
    const named = event.relatedId ? byId.get(event.relatedId) : undefined;
    if (named) owed -= take(named, owed);
    // An expiry ends its own lot only; what it could not find there is not taken from fresher points.
    if (owed > 0 && event.kind !== 'expire') {
      const day = dayOfEvent(event);
      const valid = lots.filter((l) => l.remaining > 0 && (l.expiresOn ?? NEVER) > day);
      valid.sort((a, b) =>
        (a.expiresOn ?? NEVER) < (b.expiresOn ?? NEVER) ? -1 : (a.expiresOn ?? NEVER) > (b.expiresOn ?? NEVER) ? 1 : 0,
      );
      for (const lot of valid) {
        if (owed === 0) break;
        owed -= take(lot, owed);
      }
    }
    if (event.kind === 'expire') {
      const entry = expiryOf(event.id);
      entry.occurredAt = event.occurredAt;
      entry.excess = owed;
    }
    deficit += owed;
  }
  return { lots, deficit, balance, overExpired };
}

function take(lot: Lot, wanted: number): number {
  const taken = Math.min(lot.remaining, wanted);
  lot.remaining -= taken;
  return taken;
}

/** Points that can be redeemed on a day: what remains in lots still valid then, less any deficit. */
export function availableOn(state: LotState, day: string): number {
  const valid = state.lots.reduce((sum, l) => sum + ((l.expiresOn ?? NEVER) > day ? l.remaining : 0), 0);
  return valid - state.deficit;
}

/** Lots whose last day has passed with points left: what an expiry pass on `day` ends. */
export function expiredLots(state: LotState, day: string): Lot[] {
  return state.lots.filter((l) => l.expiresOn !== null && l.expiresOn <= day && l.remaining > 0);
}
