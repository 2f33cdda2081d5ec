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
   * Every expiry event in the ledger, with how far its amount (the expiring device's view) is off when the whole
   * ledger is replayed, and the corrections (`expire_fix`) written so far: `excess`, what it and the corrections
   * taking more ended beyond what its lot held (a debit of the lot the pass had not seen yet); `left`, what its lot
   * still holds at the end (the pass's view had debits taken from the lot that the whole ledger takes from other
   * lots); `corrected`, the points given back. `expiryCorrection` says what is still owed.
   */
  expiries: Map<string, ExpiryState>;
}

export interface ExpiryState {
  occurredAt: string;
  excess: number;
  corrected: number;
  fixes: number;
  left: number;
}

/**
 * The correction an expiry still needs: positive gives back what it took beyond its lot, negative ends what its lot
 * still holds past its last day; 0 when it ended exactly its lot. One number, so an expiry is off one way at a time.
 */
export function expiryCorrection(e: ExpiryState): number {
  return e.occurredAt ? e.excess - e.corrected - e.left : 0;
}

const NEVER = '9999-12-31';

/**
 * An event's place in the replay: time, id, 1 for an expiry placed right after the lot it names, and the event's
 * own place among those (a correction comes right after its expiry).
 */
type ReplayKey = [at: string, id: string, after: 0 | 1, own: string];

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
  const expiryKeys = new Map<string, ReplayKey>();
  const keyOf = (e: LedgerMovement): ReplayKey => {
    const lot = e.kind === 'expire' && e.relatedId ? lots.get(e.relatedId) : undefined;
    if (lot && (lot.occurredAt > e.occurredAt || (lot.occurredAt === e.occurredAt && lot.id > e.id))) return [lot.occurredAt, lot.id, 1, e.id];
    return [e.occurredAt, e.id, 0, e.id];
  };
  for (const e of events) if (e.kind === 'expire') expiryKeys.set(e.id, keyOf(e));
  return events.map((e): ReplayKey => {
    // Right after its expiry: what a correction takes from the expiry's lot or gives back is then judged there.
    const expiry = e.kind === 'expire_fix' && e.relatedId ? expiryKeys.get(e.relatedId) : undefined;
    if (expiry) return [expiry[0], expiry[1], expiry[2], `${expiry[3]}|${e.id}`];
    return expiryKeys.get(e.id) ?? keyOf(e);
  });
}

function compareKeys(a: ReplayKey, b: ReplayKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  if (a[2] !== b[2]) return a[2] - b[2];
  return a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0;
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
  const expiries: LotState['expiries'] = new Map();
  const expiryOf = (id: string) => {
    let entry = expiries.get(id);
    if (!entry) expiries.set(id, (entry = { occurredAt: '', excess: 0, corrected: 0, fixes: 0, left: 0 }));
    return entry;
  };
  // The lot each expiry ends (its related event), for its corrections and what the lot holds at the end.
  const lotOfExpiry = new Map<string, string>();
  for (const e of events) if (e.kind === 'expire' && e.relatedId) lotOfExpiry.set(e.id, e.relatedId);
  for (const event of sorted) {
    balance += event.points;
    if (event.kind === 'expire_fix') {
      const entry = expiryOf(event.relatedId ?? '');
      entry.fixes++;
      if (event.points > 0) {
        // It gives back what an expiry took beyond its lot: it pays off that deficit, it is no lot.
        deficit -= event.points;
        entry.corrected += event.points;
      } else {
        // It ends what the expiry's lot still held; what the lot lacks is taken beyond it, as by the expiry.
        const lotId = event.relatedId ? lotOfExpiry.get(event.relatedId) : undefined;
        const lot = lotId ? byId.get(lotId) : undefined;
        const short = -event.points - (lot ? take(lot, -event.points) : 0);
        entry.excess += short;
        deficit += short;
      }
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
  for (const [expireId, entry] of expiries) {
    const lotId = lotOfExpiry.get(expireId);
    entry.left = (lotId && byId.get(lotId)?.remaining) || 0;
  }
  return { lots, deficit, balance, expiries };
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
