import { staff } from '../../db/schema/staff';
import { createCore, type Core } from '../../electron/core/api/core';
import type { SignInMethod } from '../../electron/core/auth/deviceSession';
import type { Role, Session } from '../../electron/core/auth/roles';
import { hashSecret } from '../../electron/core/auth/secrets';
import { newId } from '../../electron/core/ids';
import type { Store } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';

export const TEST_PIN = '9999';
export const TEST_PASSWORD = 'rahasia-uji';

// scrypt is slow on purpose; tests hash the two test secrets once per process.
let hashes: { pin: string; password: string } | null = null;
const testHashes = () => (hashes ??= { pin: hashSecret(TEST_PIN), password: hashSecret(TEST_PASSWORD) });

/**
 * A staff account of `role` on this store (created once, named after the store's staff member so writes carry
 * the same name as before sign-in existed), with PIN TEST_PIN and password TEST_PASSWORD.
 */
export function testStaff(store: Store, role: Role = 'admin', name = store.staff ?? `Uji ${role}`): Session {
  const outletId = role === 'admin' ? null : store.outletId;
  const existing = store.sqlite
    .prepare('SELECT id FROM staff WHERE name = ? AND role = ? AND deleted_at IS NULL')
    .pluck()
    .get(name, role) as string | undefined;
  if (existing) return { staffId: existing, name, role, outletId };
  const id = newId();
  const { pin, password } = testHashes();
  transact(store, (w) => w.insert(staff, { id, name, role, outletId, pinHash: pin, passwordHash: password, active: true }));
  return { staffId: id, name, role, outletId };
}

/** A core (one transport connection) with a staff member of `role` already signed in. */
export function signedInCore(store: Store, role: Role = 'admin', options: { name?: string; method?: SignInMethod } = {}): Core {
  const core = createCore(store);
  core.session.start(testStaff(store, role, options.name), options.method ?? 'password');
  return core;
}
