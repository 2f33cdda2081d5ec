import { outletDay } from './ledgerDays';
import type { Store } from '../store/store';
import type { Writer } from '../store/writer';
import { loyaltyErrors } from './errors';
import { appendEvent, lotStateOf } from './ledger';
import { sources } from './eventIds';
import { prepared } from './statements';

export type PointsOnMerge = 'transfer' | 'forfeit';

/**
 * A merge moves each merged-away customer's points to the survivor as transfer events, lot by lot with each lot's
 * expiry, so nothing expires later or sooner than it would have: a `transfer_out` from the lot on the merged
 * customer and a `transfer_in` lot on the survivor. A negative balance moves as one pair too. Lots already past
 * their last day stay behind for their own expiry. With `forfeit` (a card-farming cluster) only the `transfer_out`s
 * are written, with the manager's reason. Ids derive from the merge, the customer and the lot.
 */
export function transferPointsOnMerge(
  store: Store,
  w: Writer,
  input: { mergeId: string; survivorId: string; mergedIds: readonly string[]; mode?: PointsOnMerge; reason?: string | null },
): { moved: number; forfeited: number } {
  const mode = input.mode ?? 'transfer';
  const reason = input.reason?.trim() || null;
  if (mode === 'forfeit' && !reason) throw loyaltyErrors.reasonRequired();
  const today = outletDay(store, w.nowIso, store.outletId);
  let moved = 0;
  let forfeited = 0;
  for (const customerId of input.mergedIds) {
    const state = lotStateOf(store, customerId);
    const parts: { lot: string; relatedId: string | null; points: number; expiresOn: string | null }[] = [];
    for (const lot of state.lots)
      if (lot.remaining > 0 && (lot.expiresOn === null || lot.expiresOn > today))
        parts.push({ lot: lot.id, relatedId: lot.id, points: lot.remaining, expiresOn: lot.expiresOn });
    if (state.deficit > 0) parts.push({ lot: 'deficit', relatedId: null, points: -state.deficit, expiresOn: null });
    for (const part of parts) {
      const out = appendEvent(store, w, {
        source: sources.transfer(input.mergeId, 'out', customerId, part.lot),
        kind: 'transfer_out',
        customerId,
        points: -part.points,
        occurredAt: w.nowIso,
        expiresOn: part.expiresOn,
        outletId: store.outletId,
        staffId: store.staff,
        reason: mode === 'forfeit' ? reason : `merge:${input.mergeId}`,
        relatedId: part.relatedId,
      });
      if (mode === 'forfeit') {
        forfeited += part.points;
        continue;
      }
      appendEvent(store, w, {
        source: sources.transfer(input.mergeId, 'in', customerId, part.lot),
        kind: 'transfer_in',
        customerId: input.survivorId,
        points: part.points,
        occurredAt: w.nowIso,
        expiresOn: part.expiresOn,
        outletId: store.outletId,
        staffId: store.staff,
        reason: `merge:${input.mergeId}`,
        relatedId: out.event.id,
      });
      moved += part.points;
    }
  }
  return { moved, forfeited };
}

/**
 * An unmerge gives every transfer of the merge its opposite, on the same customer and naming it (so it takes from
 * or restores the very lot), dated now. What expired of a moved lot on the survivor in the meantime (its expiry
 * with that expiry's corrections) would have expired on the merged customer too, so it is not given back twice:
 * each pair is undone for what did not expire.
 * The merged customer gets back every other point (even those the survivor spent since: the survivor then owes
 * them, and its balance shows it); each balance is what the merge found, plus what happened since.
 */
export function undoMergeTransfers(store: Store, w: Writer, mergeId: string): number {
  const events = prepared(
    store,
    `SELECT id, source, kind, customer_id AS customerId, points, expires_on AS expiresOn, related_id AS relatedId FROM points_ledger
       WHERE source >= ? AND source < ? AND kind IN ('transfer_in', 'transfer_out') AND deleted_at IS NULL ORDER BY source`,
  ).all(`transfer:${mergeId}:`, `transfer:${mergeId};`) as {
    id: string;
    source: string;
    kind: 'transfer_in' | 'transfer_out';
    customerId: string;
    points: number;
    expiresOn: string | null;
    relatedId: string | null;
  }[];
  // What the lot's expiry ended, with its corrections (expire.ts): given back beyond the lot, or taken of what it left.
  const expiredOf = prepared(
    store,
    `SELECT coalesce(-sum(points), 0) FROM points_ledger WHERE deleted_at IS NULL AND (
       (kind = 'expire' AND related_id = @lot)
       OR (kind = 'expire_fix' AND related_id IN (SELECT id FROM points_ledger WHERE kind = 'expire' AND related_id = @lot AND deleted_at IS NULL)))`,
  ).pluck();
  // Expired on the survivor, per transfer_out (the pair's other half names it).
  const expired = new Map<string, number>();
  for (const e of events)
    if (e.kind === 'transfer_in' && e.points > 0) {
      const amount = expiredOf.get({ lot: e.id }) as number;
      expired.set(e.id, amount);
      if (e.relatedId) expired.set(e.relatedId, amount);
    }
  for (const e of events) {
    const gone = expired.get(e.id) ?? 0;
    const points = -(e.points - Math.sign(e.points) * gone);
    if (points === 0) continue;
    appendEvent(store, w, {
      source: `un${e.source}`,
      kind: e.kind === 'transfer_out' ? 'transfer_in' : 'transfer_out',
      customerId: e.customerId,
      points,
      occurredAt: w.nowIso,
      expiresOn: e.expiresOn,
      outletId: store.outletId,
      staffId: store.staff,
      reason: `unmerge:${mergeId}`,
      relatedId: e.id,
    });
  }
  return events.length;
}
