import { roleRank } from '../../electron/core/auth/roles';
import { verifyBalanceRead } from '../../electron/core/authority/signing';
import type { LoyaltyBalanceRequest } from '../../electron/core/sync/protocol';
import type { ServerDrizzle } from '../storage/database';
import type { AuthenticatedDevice } from '../storage/syncStorage';
import { AuthorityView } from './authorityView';

/** How far a signed read's time may be from the server's clock: the signature is good for one redemption, not later. */
const FRESH_MS = 3 * 60_000;

/**
 * Whether a balance read is made by a staff member who may redeem (a clerk or above; `loyalty.redeem` in
 * permissions.ts), active, of the asking device's outlet (or an admin), whose signature over this device, customer
 * and moment checks against the key only the server holds. The staff member id when it is, else null.
 */
export async function balanceReader(db: ServerDrizzle, device: AuthenticatedDevice, request: LoyaltyBalanceRequest, now = Date.now()): Promise<string | null> {
  if (!request.author || !request.at) return null;
  const at = Date.parse(request.at);
  if (!Number.isFinite(at) || Math.abs(now - at) > FRESH_MS) return null;
  const view = await AuthorityView.load(db);
  const staff = view.staffMember(request.author.staffId);
  if (!staff || !staff.active || staff.deleted || roleRank[staff.role] < roleRank.clerk) return null;
  if (staff.role !== 'admin' && view.outletCode(staff.outletId) !== device.outletCode) return null;
  const key = view.key(staff.id, request.author.kind);
  if (!key) return null;
  const read = { deviceId: request.deviceId, customerId: request.customerId, at: request.at };
  return verifyBalanceRead(key, read, request.author.signature) ? staff.id : null;
}
