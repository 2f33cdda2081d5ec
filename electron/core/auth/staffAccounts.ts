import { staff } from '../../../db/schema/staff';
import { AkrabError, validationError } from '../../../shared/errors';
import { hasVisibleLetter, withoutInvisibles } from '../../../shared/text';
import { newId } from '../ids';
import { outletByCode, outletById } from '../outlets/outlets';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { audit } from './auditLog';
import type { Role, Session } from './roles';
import { hashSecret, verifySecret } from './secrets';
import { authorityKeysFor } from '../authority/signing';
import { checkLegacyPinFormat, checkNewPassword, checkNewPin, roleNeedsPassword } from './secretRules';
import { lockedUntil, recordAttempt } from './signInAttempts';
import { assertMayAssign } from './staffAuthority';
import { readSyncState } from '../sync/syncState';

export { LOCK_MINUTES, MAX_FAILURES } from './signInAttempts';

export interface StaffSummary {
  id: string;
  name: string;
  role: Role;
  outletCode: string | null;
  active: boolean;
}

export interface NewStaff {
  name: string;
  role: Role;
  outletCode?: string | null;
  pin: string;
  password?: string | null;
}

/**
 * Creates a staff account. The very first account of a store must be an admin and needs no signed-in actor;
 * after that, admins create anyone and managers create accounts below manager at their own outlet.
 * `allowWeakPin` is for the demo store alone, whose PINs (1111…) are printed on the sign-in screen anyway.
 */
export function createStaff(store: Store, actor: Session | null, input: NewStaff, options: { allowWeakPin?: boolean } = {}): StaffSummary {
  const name = withoutInvisibles(input.name).trim();
  if (!name || name.length > 80) throw validationError('name', name ? 'error.too_long' : 'error.name_required');
  if (!hasVisibleLetter(name)) throw validationError('name', 'error.name_no_letters');
  if (options.allowWeakPin) checkLegacyPinFormat(input.pin);
  else checkNewPin(input.pin);
  if (roleNeedsPassword(input.role)) checkNewPassword(input.password);
  const first = (store.sqlite.prepare('SELECT count(*) FROM staff').pluck().get() as number) === 0;
  // A manager's new account is at their own outlet unless they say otherwise (and they may not say otherwise).
  const outlet = input.outletCode
    ? outletByCode(store, input.outletCode.trim().toUpperCase())
    : actor?.role === 'manager' && actor.outletId
      ? outletById(store, actor.outletId)
      : null;
  if (input.outletCode && !outlet) throw validationError('outletCode', 'error.outlet_unknown');
  if (first) {
    if (input.role !== 'admin') throw new AkrabError({ code: 'validation', field: 'role', messageKey: 'error.first_staff_admin' });
  } else if (!actor) {
    throw new AkrabError({ code: 'forbidden', messageKey: 'error.forbidden_role' });
  } else {
    assertMayAssign(actor, input.role, outlet?.id ?? null);
  }
  if (input.role !== 'admin' && !outlet) throw validationError('outletCode', 'error.outlet_required');
  const id = newId();
  transact(store, (w) => {
    w.insert(staff, { id, name, role: input.role, outletId: outlet?.id ?? null, pinHash: hashSecret(input.pin), passwordHash: input.password ? hashSecret(input.password) : null, active: true }, authorityKeysFor(id, input));
    audit(store, actor, { action: 'staff.create', details: { staffId: id, name, role: input.role, outlet: outlet?.code ?? null } });
  });
  return listStaff(store).find((s) => s.id === id)!;
}

export function hasStaff(store: Store): boolean {
  return !!store.sqlite.prepare('SELECT 1 FROM staff WHERE deleted_at IS NULL LIMIT 1').get();
}

/**
 * The first admin of a device that keeps its own staff (the app's first-start form, `akrab staff create-admin`): not
 * once it has staff, and not on an enrolled device, whose staff come from the central server, where its first admin
 * is made (`akrab server create-admin`).
 */
export function createFirstAdmin(store: Store, input: { name: string; pin: string; password: string }): StaffSummary {
  if (hasStaff(store)) throw new AkrabError({ code: 'conflict', messageKey: 'error.setup_done' });
  if (readSyncState(store).token) throw new AkrabError({ code: 'conflict', messageKey: 'error.setup_on_server' });
  return createStaff(store, null, { ...input, role: 'admin' });
}

export function listStaff(store: Store, outletId?: string | null): StaffSummary[] {
  const rows = store.sqlite
    .prepare(
      `SELECT s.id, s.name, s.role, s.active, o.code AS outlet_code FROM staff s LEFT JOIN outlets o ON o.id = s.outlet_id
       WHERE s.deleted_at IS NULL ${outletId ? 'AND (s.outlet_id = ? OR s.outlet_id IS NULL)' : ''} ORDER BY s.name`,
    )
    .all(...(outletId ? [outletId] : [])) as { id: string; name: string; role: Role; active: number; outlet_code: string | null }[];
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, outletCode: r.outlet_code, active: r.active === 1 }));
}

/**
 * Signs a staff member in with their PIN (or password). After MAX_FAILURES wrong secrets in a row the account
 * is locked on this device for LOCK_MINUTES; every attempt is audited. A deactivated account cannot sign in.
 */
export function signIn(store: Store, staffId: string, secret: { pin?: string; password?: string }): Session {
  const row = store.sqlite.prepare(`SELECT id, name, role, outlet_id, pin_hash, password_hash, active FROM staff WHERE id = ? AND deleted_at IS NULL`).get(staffId) as
    | { id: string; name: string; role: Role; outlet_id: string | null; pin_hash: string; password_hash: string | null; active: number }
    | undefined;
  if (!row || row.active !== 1) throw new AkrabError({ code: 'unauthorized', messageKey: 'error.sign_in_failed' });
  const until = lockedUntil(store, staffId);
  if (until) {
    audit(store, null, { action: 'sign_in', outcome: 'denied', details: { staffId, reason: 'locked' } });
    throw new AkrabError({ code: 'unauthorized', messageKey: 'error.account_locked', params: { until } });
  }
  const ok = secret.password ? !!row.password_hash && verifySecret(secret.password, row.password_hash) : !!secret.pin && verifySecret(secret.pin, row.pin_hash);
  const session: Session = { staffId: row.id, name: row.name, role: row.role, outletId: row.outlet_id };
  transact(store, () => {
    recordAttempt(store, staffId, ok);
    audit(store, ok ? session : null, { action: 'sign_in', outcome: ok ? 'ok' : 'failed', details: { staffId, with: secret.password ? 'password' : 'pin' } });
  });
  if (!ok) throw new AkrabError({ code: 'unauthorized', messageKey: 'error.sign_in_failed' });
  return session;
}
