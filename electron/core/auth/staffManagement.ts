import type { StaffDirectory, StaffMember } from '../../../shared/auth';
import { staff } from '../../../db/schema/staff';
import { AkrabError, validationError } from '../../../shared/errors';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { audit } from './auditLog';
import { roleRank, type Role, type Session } from './roles';
import { hashSecret } from './secrets';
import { authorityKeysFor } from '../authority/signing';
import { checkNewPassword, checkNewPin, roleNeedsPassword } from './secretRules';
import { clearAttempts, lockedUntil } from './signInAttempts';
import { assertMayAssign, assertMayManage } from './staffAuthority';

interface StaffRow {
  id: string;
  name: string;
  role: Role;
  outletId: string | null;
  outletCode: string | null;
  active: boolean;
  hasPassword: boolean;
}

const SELECT_STAFF = `SELECT s.id, s.name, s.role, s.outlet_id, o.code AS outlet_code, s.active, s.password_hash IS NOT NULL AS has_password
  FROM staff s LEFT JOIN outlets o ON o.id = s.outlet_id WHERE s.deleted_at IS NULL`;

type RawRow = {
  id: string;
  name: string;
  role: Role;
  outlet_id: string | null;
  outlet_code: string | null;
  active: number;
  has_password: number;
};
const toRow = (r: RawRow): StaffRow => ({
  id: r.id,
  name: r.name,
  role: r.role,
  outletId: r.outlet_id,
  outletCode: r.outlet_code,
  active: r.active === 1,
  hasPassword: r.has_password === 1,
});

function staffRow(store: Store, staffId: string): StaffRow {
  const raw = store.sqlite.prepare(`${SELECT_STAFF} AND s.id = ?`).get(staffId) as RawRow | undefined;
  if (!raw) throw new AkrabError({ code: 'not_found', messageKey: 'error.staff_not_found' });
  return toRow(raw);
}

function mayManage(actor: Session, target: StaffRow): boolean {
  try {
    assertMayManage(actor, target);
    return true;
  } catch {
    return false;
  }
}

function member(store: Store, actor: Session, row: StaffRow): StaffMember {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    outletCode: row.outletCode,
    active: row.active,
    hasPassword: row.hasPassword,
    lockedUntil: lockedUntil(store, row.id),
    manageable: mayManage(actor, row),
  };
}

const memberById = (store: Store, actor: Session, staffId: string) => member(store, actor, staffRow(store, staffId));

/**
 * The staff screen's list: every account for an admin; for a manager the accounts of their own outlet. Deactivated
 * accounts stay listed (they stay in the history too); "locked" is this device's lockout after wrong secrets.
 */
export function staffDirectory(store: Store, actor: Session): StaffDirectory {
  const admin = actor.role === 'admin';
  if (!admin && actor.role !== 'manager') throw new AkrabError({ code: 'forbidden', messageKey: 'error.forbidden_role' });
  const rows = (
    store.sqlite.prepare(`${SELECT_STAFF} ${admin ? '' : 'AND s.outlet_id = ?'}`).all(...(admin ? [] : [actor.outletId])) as RawRow[]
  ).map(toRow);
  rows.sort((a, b) => Number(b.active) - Number(a.active) || roleRank[b.role] - roleRank[a.role] || a.name.localeCompare(b.name));
  const outlets = store.sqlite
    .prepare(`SELECT code, name FROM outlets WHERE deleted_at IS NULL ${admin ? '' : 'AND id = ?'} ORDER BY code`)
    .all(...(admin ? [] : [actor.outletId])) as { code: string; name: string }[];
  return {
    staff: rows.map((r) => member(store, actor, r)),
    outlets,
    assignableRoles: admin ? ['booth', 'clerk', 'manager', 'admin'] : ['booth', 'clerk'],
  };
}

/**
 * Changes a staff member's role, recorded with before and after in the same transaction. A role at manager or
 * above needs a password: the account's own, or `password` given here (an admin promoting a clerk sets it).
 */
export function changeRole(store: Store, actor: Session, staffId: string, role: Role, password?: string | null): StaffMember {
  const target = staffRow(store, staffId);
  assertMayManage(actor, target);
  assertMayAssign(actor, role, target.outletId);
  if (role !== 'admin' && !target.outletId) throw validationError('role', 'error.outlet_required');
  if (password) {
    if (!roleNeedsPassword(role)) throw validationError('password', 'error.password_not_for_role');
    checkNewPassword(password);
  } else if (roleNeedsPassword(role) && !target.hasPassword) {
    throw validationError('password', 'error.password_required_for_role');
  }
  if (role === target.role && !password) return member(store, actor, target);
  transact(store, (w) => {
    w.update(staff, staffId, { role, ...(password && { passwordHash: hashSecret(password) }) }, password ? authorityKeysFor(staffId, { password }) : undefined);
    audit(store, actor, {
      action: 'staff.role',
      details: { staffId, name: target.name, before: target.role, after: role, ...(password && { passwordSet: true }) },
    });
  });
  return memberById(store, actor, staffId);
}

/**
 * Deactivates (or reactivates) an account. A deactivated account cannot sign in and leaves the sign-in list, and
 * any session it has ends at its next call (here or, through sync, on other devices); its history stays.
 */
export function setStaffActive(store: Store, actor: Session, staffId: string, active: boolean): StaffMember {
  const target = staffRow(store, staffId);
  assertMayManage(actor, target);
  if (target.active === active) return member(store, actor, target);
  transact(store, (w) => {
    w.update(staff, staffId, { active });
    audit(store, actor, {
      action: active ? 'staff.reactivate' : 'staff.deactivate',
      details: { staffId, name: target.name, before: { active: target.active }, after: { active } },
    });
  });
  return memberById(store, actor, staffId);
}

/**
 * Gives another staff member a new PIN (and, for a manager or admin, optionally a new password), and lifts this
 * device's lockout of the account. The audit says what was reset, never the secret.
 */
export function resetPin(store: Store, actor: Session, staffId: string, pin: string, password?: string | null): StaffMember {
  const target = staffRow(store, staffId);
  assertMayManage(actor, target);
  checkNewPin(pin);
  if (password) {
    if (!roleNeedsPassword(target.role)) throw validationError('password', 'error.password_not_for_role');
    checkNewPassword(password);
  }
  const wasLocked = lockedUntil(store, staffId) !== null;
  transact(store, (w) => {
    w.update(staff, staffId, { pinHash: hashSecret(pin), ...(password && { passwordHash: hashSecret(password) }) }, authorityKeysFor(staffId, { pin, password }));
    clearAttempts(store, staffId);
    audit(store, actor, {
      action: 'staff.reset_pin',
      details: { staffId, name: target.name, reset: password ? ['pin', 'password'] : ['pin'], unlocked: wasLocked },
    });
  });
  return memberById(store, actor, staffId);
}
