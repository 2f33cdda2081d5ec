import type { Store } from '../store/store';
import { SyncError } from '../sync/syncClient';
import type { SyncEngine } from '../sync/syncEngine';
import { loyaltyErrors, requirePositivePoints } from './errors';
import type { LedgerEvent } from './ledger';
import { redeemPoints, redemptionOfKey, type RedeemInput } from './redeem';
import { requireCustomer } from './ledger';
import { beyondServerBalance } from './eventRules';

/** Failures that mean "the server is out of reach now": the counter redeems offline instead. */
const OUT_OF_REACH = new Set(['unreachable', 'timeout', 'certificate_untrusted', 'server_error', 'rate_limited', 'not_enrolled', 'staff_signature_required']);

export interface CheckedRedemption {
  event: LedgerEvent;
  /** The server's balance before this redemption; null when the server could not be reached (offline redemption). */
  serverBalance: number | null;
  /** A retry under a key already redeemed: the earlier redemption, not asked again. */
  repeated?: boolean;
}

/**
 * The counter's redemption (issue 17 point 4). With the server reachable: this device's changes go up and the
 * others' come down (one sync round), then the server's ledger says what the customer holds, and the redemption
 * is refused beyond it; it is not provisional and not bound by the offline limit, and it is pushed at once. Out of reach: the offline
 * redemption, provisional and within the offline limit (redeem.ts).
 */
export async function redeemChecked(store: Store, engine: SyncEngine | null, input: Omit<RedeemInput, 'online'>): Promise<CheckedRedemption> {
  const points = requirePositivePoints(input.points);
  // A retry of a redemption already made (same key) is that redemption: asked again, the server's balance, which
  // already counts it, would refuse it.
  const earlier = input.key ? redemptionOfKey(store, input.key, requireCustomer(store, input.customerId), points) : null;
  if (earlier) return { event: earlier, serverBalance: null, repeated: true };
  // The caller's staff member signs the balance read and is stamped on the event, whatever another call on the
  // store set while this one waited for the server.
  const { staff, authority } = store;
  const asCaller = () => Object.assign(store, { staff, authority });
  let serverBalance: number | null = null;
  if (engine) {
    try {
      await engine.syncOnce();
      asCaller();
      serverBalance = (await engine.serverLoyaltyBalance(input.customerId)).balance;
    } catch (error) {
      if (!(error instanceof SyncError) || !OUT_OF_REACH.has(error.code)) throw error;
      serverBalance = null;
    }
  }
  if (serverBalance !== null && beyondServerBalance(points, serverBalance)) throw loyaltyErrors.beyondServerBalance(Math.max(0, serverBalance));
  asCaller();
  const event = redeemPoints(store, { ...input, points, online: serverBalance !== null });
  // An online redemption goes up at once, so the next counter's check sees it on the server's ledger.
  if (engine && serverBalance !== null) await engine.syncOnce().catch(() => engine.requestSync(0));
  return { event, serverBalance };
}
