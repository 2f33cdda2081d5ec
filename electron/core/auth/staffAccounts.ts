import { staff } from '../../../db/schema/staff';
import { AkrabError, validationError } from '../../../shared/errors';
import { newId } from '../ids';
import { outletByCode } from '../outlets/outlets';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { audit } from './auditLog';
import { roleRank, type Role, type Session } from './roles';
import { hashSecret, verifySecret } from './secrets';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 5;

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

function checkSecrets(role: Role, pin: string, password: string | null | undefined): void {
  if (!/^\d{4,8}$/.test(pin)) throw validationError('pin', 'error.pin_format');
  if (roleRank[role] >= roleRank.manager) {
    if (!password || password.length < 8) throw validationError('password', 'error.password_too_short');
  }
}

/**
 * Creates a staff account. The very first account of a store must be an admin and needs no signed-in actor;
 * after that, admins create anyone and managers create accounts below manager at their own outlet.
 */
export function createStaff(store: Store, actor: Session | null, input: NewStaff): StaffSummary {
  const name = input.name.trim();
  if (!name || name.length > 80) throw validationError('name', name ? 'error.too_long' : 'error.name_required');
  checkSecrets(input.role, input.pin, input.password);
  const first = (store.sqlite.prepare('SELECT count(*) FROM staff').pluck().get() as number) === 0;
  const outlet = input.outletCode ? outletByCode(store, input.outletCode.trim().toUpperCase()) : null;
  if (input.outletCode && !outlet) throw validationError('outletCode', 'error.outlet_unknown');
  if (first) {
    if (input.role !== 'admin') throw new AkrabError({ code: 'validation', field: 'role', messageKey: 'error.first_staff_admin' });
  } else if (!actor || !(actor.role === 'admin' || (actor.role === 'manager' && roleRank[input.role] < roleRank.manager && outlet?.id === actor.outletId))) {
    throw new AkrabError({ code: 'forbidden', messageKey: 'error.forbidden_role' });
  }
  if (input.role !== 'admin' && !outlet) throw validationError('outletCode', 'error.outlet_required');
  const id = newId();
  transact(store, (w) => {
    w.insert(staff, { id, name, role: input.role, outletId: outlet?.id ?? null, pinHash: hashSecret(input.pin), passwordHash: input.password ? hashSecret(input.password) : null, active: true });
    audit(store, actor, { action: 'staff.create', details: { staffId: id, name, role: input.role, outlet: outlet?.code ?? null } });
  });
  return listStaff(store).find((s) => s.id === id)!;
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
 * is locked on this device for LOCK_MINUTES; every attempt is audited.
 */
export function signIn(store: Store, staffId: string, secret: { pin?: string; password?: string }): Session {
  const row = store.sqlite.prepare(`SELECT id, name, role, outlet_id, pin_hash, password_hash, active FROM staff WHERE id = ? AND deleted_at IS NULL`).get(staffId) as
    | { id: string; name: string; role: Role; outlet_id: string | null; pin_hash: string; password_hash: string | null; active: number }
    | undefined;
  if (!row || row.active !== 1) throw new AkrabError({ code: 'unauthorized', messageKey: 'error.sign_in_failed' });
  const attempts = store.sqlite.prepare(`SELECT failures, locked_until FROM sign_in_attempts WHERE staff_id = ?`).get(staffId) as { failures: number; locked_until: string | null } | undefined;
  const now = store.now();
  if (attempts?.locked_until && attempts.locked_until > now.toISOString()) {
    audit(store, null, { action: 'sign_in', outcome: 'denied', details: { staffId, reason: 'locked' } });
    throw new AkrabError({ code: 'unauthorized', messageKey: 'error.account_locked', params: { until: attempts.locked_until } });
  }
  const ok = secret.password ? !!row.password_hash && verifySecret(secret.password, row.password_hash) : !!secret.pin && verifySecret(secret.pin, row.pin_hash);
  const session: Session = { staffId: row.id, name: row.name, role: row.role, outletId: row.outlet_id };
  store.sqlite.transaction(() => {
    if (ok) {
      store.sqlite.prepare(`DELETE FROM sign_in_attempts WHERE staff_id = ?`).run(staffId);
    } else {
      const failures = (attempts?.failures ?? 0) + 1;
      const lockedUntil = failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
      store.sqlite
        .prepare(`INSERT INTO sign_in_attempts (staff_id, failures, locked_until) VALUES (?, ?, ?) ON CONFLICT(staff_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`)
        .run(staffId, lockedUntil ? 0 : failures, lockedUntil);
    }
    audit(store, ok ? session : null, { action: 'sign_in', outcome: ok ? 'ok' : 'failed', details: { staffId, with: secret.password ? 'password' : 'pin' } });
  })();
  if (!ok) throw new AkrabError({ code: 'unauthorized', messageKey: 'error.sign_in_failed' });
  return session;
}

/** Changes a staff member's role: admins only, and recorded with before and after. */
export function changeRole(store: Store, actor: Session, staffId: string, role: Role): StaffSummary {
  if (actor.role !== 'admin') throw new AkrabError({ code: 'forbidden', messageKey: 'error.forbidden_role' });
  const before = listStaff(store).find((s) => s.id === staffId);
  if (!before) throw new AkrabError({ code: 'not_found', messageKey: 'error.staff_not_found' });
  const needsPassword = roleRank[role] >= roleRank.manager && !(store.sqlite.prepare('SELECT password_hash FROM staff WHERE id = ?').pluck().get(staffId) as string | null);
  if (needsPassword) throw validationError('password', 'error.password_required_for_role');
  transact(store, (w) => {
    w.update(staff, staffId, { role });
    audit(store, actor, { action: 'staff.role', details: { staffId, before: before.role, after: role } });
  });
  return listStaff(store).find((s) => s.id === staffId)!;
}
