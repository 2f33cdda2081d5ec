import { deriveAuthorityKey } from '../../../electron/core/authority/signing';
import type { Store } from '../../../electron/core/store/store';
import type { ServerDrizzle } from '../../../server/storage/database';
import { createFirstAdmin } from '../../../server/storage/serverChanges';

export const ADMIN = { name: 'Admin Ayu', pin: '73916428', password: 'kunci-admin-ayu-2026' };

/** The chain's first admin, made on the server as `akrab server create-admin` makes it. */
export async function firstAdmin(db: ServerDrizzle): Promise<{ staffId: string }> {
  return createFirstAdmin(db, ADMIN);
}

/**
 * The store's writes from now on are signed by this staff member's password session, as dispatch sets it for a
 * signed-in manager (DeviceSession.authority).
 */
export function signedBy(store: Store, staffId: string, password = ADMIN.password): Store {
  store.authority = { staffId, kind: 'password', key: deriveAuthorityKey(password, staffId, 'password') };
  return store;
}
