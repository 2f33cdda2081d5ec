import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/api/core';
import { dispatch } from '../../electron/core/api/dispatch';
import { listAudit } from '../../electron/core/auth/auditLog';
import { changeOwnSecret } from '../../electron/core/auth/ownSecret';
import type { Session } from '../../electron/core/auth/roles';
import { staffForSignIn } from '../../electron/core/auth/sessionInfo';
import { createStaff, LOCK_MINUTES, MAX_FAILURES, signIn } from '../../electron/core/auth/staffAccounts';
import { changeRole, resetPin, setStaffActive, staffDirectory } from '../../electron/core/auth/staffManagement';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { applyRemoteChanges, type RemoteChange } from '../../electron/core/sync/applyRemoteChanges';
import type { Store } from '../../electron/core/store/store';
import { akrabErrorOf } from '../support/akrabError';
import { tempStore } from '../support/tempStore';

const ADMIN = { pin: '909014', password: 'rahasia-admin' };
const MANAGER = { pin: '864209', password: 'manajer-bdg-1' };

/** Outlets BDG01 (this device) and SBY01; an admin, a manager at BDG01 and staff at both outlets. */
function outletStaff(now = () => new Date('2026-11-23T03:00:00Z')) {
  const store = tempStore({ now });
  useOutlet(store, ensureOutlet(store, 'BDG01'));
  ensureOutlet(store, 'SBY01');
  const admin = createStaff(store, null, { name: 'Admin', role: 'admin', ...ADMIN });
  const adminSession = signIn(store, admin.id, { password: ADMIN.password });
  const manager = createStaff(store, adminSession, { name: 'Pak Budi', role: 'manager', outletCode: 'BDG01', ...MANAGER });
  const managerSession = signIn(store, manager.id, { password: MANAGER.password });
  const rina = createStaff(store, managerSession, { name: 'Rina', role: 'clerk', pin: '135792' });
  const dodi = createStaff(store, managerSession, { name: 'Dodi', role: 'booth', pin: '246813' });
  const other = createStaff(store, adminSession, { name: 'Sari Surabaya', role: 'clerk', outletCode: 'SBY01', pin: '357924' });
  const otherManager = createStaff(store, adminSession, {
    name: 'Bu Wati',
    role: 'manager',
    outletCode: 'BDG01',
    pin: '468035',
    password: 'manajer-kedua',
  });
  return { store, admin, adminSession, manager, managerSession, rina, dodi, other, otherManager };
}

const staffRow = (store: Store, id: string) =>
  store.sqlite.prepare('SELECT role, active, pin_hash, password_hash FROM staff WHERE id = ?').get(id);

describe('the staff list', () => {
  it('a manager sees the accounts of their own outlet, deactivated ones included, and may manage only clerks and booth staff', () => {
    const { store, managerSession, rina, dodi, other, admin } = outletStaff();
    setStaffActive(store, managerSession, dodi.id, false);
    const directory = staffDirectory(store, managerSession);
    const names = directory.staff.map((s) => s.name);
    expect(names).toEqual(['Bu Wati', 'Pak Budi', 'Rina', 'Dodi']);
    expect(names).not.toContain(other.name);
    expect(names).not.toContain(admin.name);
    expect(Object.fromEntries(directory.staff.map((s) => [s.name, s.manageable]))).toEqual({
      'Bu Wati': false,
      'Pak Budi': false,
      Rina: true,
      Dodi: true,
    });
    expect(directory.staff.find((s) => s.id === rina.id)).toMatchObject({
      active: true,
      lockedUntil: null,
      hasPassword: false,
      outletCode: 'BDG01',
    });
    expect(directory.staff.find((s) => s.id === dodi.id)).toMatchObject({ active: false });
    expect(directory.outlets.map((o) => o.code)).toEqual(['BDG01']);
    expect(directory.assignableRoles).toEqual(['booth', 'clerk']);
  });

  it('an admin sees everyone at every outlet and may manage everyone but themselves', () => {
    const { store, adminSession } = outletStaff();
    const directory = staffDirectory(store, adminSession);
    expect(directory.staff).toHaveLength(6);
    expect(directory.staff.filter((s) => !s.manageable).map((s) => s.name)).toEqual(['Admin']);
    expect(directory.outlets.map((o) => o.code)).toEqual(['BDG01', 'SBY01']);
    expect(directory.assignableRoles).toEqual(['booth', 'clerk', 'manager', 'admin']);
  });

  it("shows this device's lockout", () => {
    const { store, managerSession, rina } = outletStaff();
    for (let i = 0; i < MAX_FAILURES; i++) akrabErrorOf(() => signIn(store, rina.id, { pin: '0000' }));
    expect(staffDirectory(store, managerSession).staff.find((s) => s.id === rina.id)!.lockedUntil).toBe('2026-11-23T03:05:00.000Z');
  });
});

describe('deactivating and reactivating', () => {
  it('a deactivated clerk cannot sign in and leaves the sign-in list but stays in the history; reactivated, they sign in again', () => {
    const { store, managerSession, rina } = outletStaff();
    expect(signIn(store, rina.id, { pin: '135792' }).name).toBe('Rina');
    expect(setStaffActive(store, managerSession, rina.id, false)).toMatchObject({ id: rina.id, active: false });
    expect(akrabErrorOf(() => signIn(store, rina.id, { pin: '135792' })).messageKey).toBe('error.sign_in_failed');
    expect(staffForSignIn(store).map((s) => s.name)).not.toContain('Rina');
    expect(listAudit(store, { staffId: rina.id }).map((a) => a.action)).toContain('sign_in');
    expect(listAudit(store, { action: 'staff.deactivate' })[0]).toMatchObject({
      staffName: 'Pak Budi',
      outcome: 'ok',
      details: { staffId: rina.id, name: 'Rina', before: { active: true }, after: { active: false } },
    });

    setStaffActive(store, managerSession, rina.id, true);
    expect(signIn(store, rina.id, { pin: '135792' }).name).toBe('Rina');
    expect(staffForSignIn(store).map((s) => s.name)).toContain('Rina');
    expect(listAudit(store, { action: 'staff.reactivate' })[0]).toMatchObject({
      details: { before: { active: false }, after: { active: true } },
    });
  });

  it('deactivating an account that already is writes nothing', () => {
    const { store, managerSession, rina } = outletStaff();
    setStaffActive(store, managerSession, rina.id, false);
    const changes = store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get();
    setStaffActive(store, managerSession, rina.id, false);
    expect(store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get()).toBe(changes);
  });

  it('the change and its audit entry are one transaction: when the audit cannot be written, the account stays active', () => {
    const { store, managerSession, rina } = outletStaff();
    store.sqlite.exec(
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'staff.deactivate' BEGIN SELECT RAISE(ABORT, 'audit refused'); END`,
    );
    expect(() => setStaffActive(store, managerSession, rina.id, false)).toThrow('audit refused');
    expect(staffRow(store, rina.id)).toMatchObject({ active: 1 });
    expect(
      store.sqlite
        .prepare(`SELECT count(*) FROM changes WHERE table_name = 'staff' AND row_id = ? AND data LIKE '%"active":0%'`)
        .pluck()
        .get(rina.id),
    ).toBe(0);
  });

  it('reaches another device through sync: the account loses its session there and cannot sign in', () => {
    const { store, managerSession, rina } = outletStaff();
    const other = tempStore();
    const copy = (from: Store, to: Store) => {
      const rows = from.sqlite.prepare('SELECT hlc, device_id, table_name, row_id, op, data FROM changes ORDER BY hlc').all() as Record<
        string,
        string
      >[];
      const changes: RemoteChange[] = rows.map((r) => ({
        hlc: r.hlc!,
        deviceId: r.device_id!,
        table: r.table_name!,
        rowId: r.row_id!,
        op: r.op as 'upsert' | 'delete',
        data: JSON.parse(r.data!),
      }));
      applyRemoteChanges(to, changes);
    };
    copy(store, other);
    const counter = createCore(other);
    counter.session.start(signIn(other, rina.id, { pin: '135792' }), 'pin');
    expect(dispatch(counter, 'customers.search', { text: 'a' }).ok).toBe(true);

    setStaffActive(store, managerSession, rina.id, false);
    copy(store, other);
    expect(dispatch(counter, 'customers.search', { text: 'a' })).toMatchObject({
      ok: false,
      error: { messageKey: 'error.sign_in_required' },
    });
    expect(akrabErrorOf(() => signIn(other, rina.id, { pin: '135792' })).messageKey).toBe('error.sign_in_failed');
    expect(listAudit(other, { action: 'staff.deactivate' })).toHaveLength(1);
  });
});

describe('what a manager may not do, enforced in the core', () => {
  it.each([
    [
      'manage staff of another outlet',
      (s: ReturnType<typeof outletStaff>) => setStaffActive(s.store, s.managerSession, s.other.id, false),
      'error.staff_other_outlet',
    ],
    [
      'reset the PIN of another outlet',
      (s: ReturnType<typeof outletStaff>) => resetPin(s.store, s.managerSession, s.other.id, '147036'),
      'error.staff_other_outlet',
    ],
    [
      'deactivate another manager',
      (s: ReturnType<typeof outletStaff>) => setStaffActive(s.store, s.managerSession, s.otherManager.id, false),
      'error.staff_role_too_high',
    ],
    [
      'reset a manager PIN',
      (s: ReturnType<typeof outletStaff>) => resetPin(s.store, s.managerSession, s.otherManager.id, '147036'),
      'error.staff_role_too_high',
    ],
    [
      'deactivate an admin',
      (s: ReturnType<typeof outletStaff>) => setStaffActive(s.store, s.managerSession, s.admin.id, false),
      'error.staff_role_too_high',
    ],
    [
      'promote a clerk to manager',
      (s: ReturnType<typeof outletStaff>) => changeRole(s.store, s.managerSession, s.rina.id, 'manager', 'sandi-baru-123'),
      'error.staff_role_too_high',
    ],
    [
      'promote a clerk to admin',
      (s: ReturnType<typeof outletStaff>) => changeRole(s.store, s.managerSession, s.rina.id, 'admin', 'sandi-baru-123'),
      'error.staff_role_too_high',
    ],
    [
      'demote another manager',
      (s: ReturnType<typeof outletStaff>) => changeRole(s.store, s.managerSession, s.otherManager.id, 'clerk'),
      'error.staff_role_too_high',
    ],
    [
      'deactivate themselves',
      (s: ReturnType<typeof outletStaff>) => setStaffActive(s.store, s.managerSession, s.manager.id, false),
      'error.staff_self',
    ],
    [
      'change their own role',
      (s: ReturnType<typeof outletStaff>) => changeRole(s.store, s.managerSession, s.manager.id, 'admin'),
      'error.staff_self',
    ],
  ])('a manager may not %s (%#)', (_what, act, messageKey) => {
    const s = outletStaff();
    const before = JSON.stringify(s.store.sqlite.prepare('SELECT * FROM staff ORDER BY id').all());
    const audits = listAudit(s.store).length;
    expect(akrabErrorOf(() => act(s))).toMatchObject({ code: 'forbidden', messageKey });
    expect(JSON.stringify(s.store.sqlite.prepare('SELECT * FROM staff ORDER BY id').all())).toBe(before);
    expect(listAudit(s.store)).toHaveLength(audits);
  });

  it('clerks manage nobody', () => {
    const { store, rina, dodi } = outletStaff();
    const clerk: Session = signIn(store, rina.id, { pin: '135792' });
    expect(akrabErrorOf(() => setStaffActive(store, clerk, dodi.id, false)).messageKey).toBe('error.forbidden_role');
    expect(akrabErrorOf(() => staffDirectory(store, clerk)).messageKey).toBe('error.forbidden_role');
  });
});

describe('role changes', () => {
  it('a manager moves their own staff between booth and clerk; the audit keeps before and after', () => {
    const { store, managerSession, dodi } = outletStaff();
    expect(changeRole(store, managerSession, dodi.id, 'clerk')).toMatchObject({ role: 'clerk', manageable: true });
    expect(listAudit(store, { action: 'staff.role' })[0]).toMatchObject({
      staffName: 'Pak Budi',
      details: { staffId: dodi.id, name: 'Dodi', before: 'booth', after: 'clerk' },
    });
  });

  it('an admin promotes a clerk to manager by giving the password the role needs', () => {
    const { store, adminSession, rina } = outletStaff();
    expect(akrabErrorOf(() => changeRole(store, adminSession, rina.id, 'manager'))).toMatchObject({
      field: 'password',
      messageKey: 'error.password_required_for_role',
    });
    expect(akrabErrorOf(() => changeRole(store, adminSession, rina.id, 'manager', 'pendek'))).toMatchObject({
      field: 'password',
      messageKey: 'error.password_too_short',
    });
    expect(changeRole(store, adminSession, rina.id, 'manager', 'rina-manajer-1')).toMatchObject({ role: 'manager', hasPassword: true });
    expect(signIn(store, rina.id, { password: 'rina-manajer-1' }).role).toBe('manager');
    expect(listAudit(store, { action: 'staff.role' })[0]!.details).toMatchObject({ before: 'clerk', after: 'manager', passwordSet: true });
    expect(JSON.stringify(listAudit(store))).not.toContain('rina-manajer-1');
  });

  it('an admin without an outlet cannot become outlet staff by a role change', () => {
    const { store, adminSession } = outletStaff();
    const second = createStaff(store, adminSession, { name: 'Admin Dua', role: 'admin', pin: '147036', password: 'admin-kedua' });
    expect(akrabErrorOf(() => changeRole(store, adminSession, second.id, 'manager'))).toMatchObject({
      messageKey: 'error.outlet_required',
    });
  });
});

describe('resetting a PIN', () => {
  it("a manager gives their clerk a new PIN, which also lifts this device's lockout", () => {
    const { store, managerSession, rina } = outletStaff();
    for (let i = 0; i < MAX_FAILURES; i++) akrabErrorOf(() => signIn(store, rina.id, { pin: '0000' }));
    expect(akrabErrorOf(() => resetPin(store, managerSession, rina.id, '555555')).messageKey).toBe('error.pin_weak');
    expect(akrabErrorOf(() => resetPin(store, managerSession, rina.id, '12'))).toMatchObject({
      field: 'pin',
      messageKey: 'error.pin_format',
    });
    expect(akrabErrorOf(() => resetPin(store, managerSession, rina.id, '147036', 'sandi-rina-1'))).toMatchObject({
      field: 'password',
      messageKey: 'error.password_not_for_role',
    });
    expect(resetPin(store, managerSession, rina.id, '147036')).toMatchObject({ lockedUntil: null });
    expect(signIn(store, rina.id, { pin: '147036' }).name).toBe('Rina');
    expect(akrabErrorOf(() => signIn(store, rina.id, { pin: '135792' })).messageKey).toBe('error.sign_in_failed');
    const entry = listAudit(store, { action: 'staff.reset_pin' })[0]!;
    expect(entry).toMatchObject({ staffName: 'Pak Budi', details: { staffId: rina.id, reset: ['pin'], unlocked: true } });
    expect(JSON.stringify(entry)).not.toContain('147036');
  });

  it("an admin resets a manager's PIN and password", () => {
    const { store, adminSession, manager } = outletStaff();
    resetPin(store, adminSession, manager.id, '147036', 'sandi-baru-budi');
    expect(signIn(store, manager.id, { password: 'sandi-baru-budi' }).name).toBe('Pak Budi');
    expect(signIn(store, manager.id, { pin: '147036' }).name).toBe('Pak Budi');
  });
});

describe('changing one’s own PIN or password', () => {
  it('needs the current PIN; the new one must be 4–8 digits, not one digit repeated, and different', () => {
    const { store, rina } = outletStaff();
    const session = signIn(store, rina.id, { pin: '135792' });
    expect(akrabErrorOf(() => changeOwnSecret(store, session, { what: 'pin', current: '135792', next: '123' }))).toMatchObject({
      field: 'next',
      messageKey: 'error.pin_format',
    });
    expect(akrabErrorOf(() => changeOwnSecret(store, session, { what: 'pin', current: '135792', next: '123456789' }))).toMatchObject({
      messageKey: 'error.pin_format',
    });
    expect(akrabErrorOf(() => changeOwnSecret(store, session, { what: 'pin', current: '135792', next: '000000' }))).toMatchObject({
      field: 'next',
      messageKey: 'error.pin_weak',
    });
    expect(akrabErrorOf(() => changeOwnSecret(store, session, { what: 'pin', current: '135792', next: '135792' }))).toMatchObject({
      field: 'next',
      messageKey: 'error.secret_unchanged',
    });
    expect(akrabErrorOf(() => changeOwnSecret(store, session, { what: 'pin', current: '9999', next: '246891' }))).toMatchObject({
      field: 'current',
      messageKey: 'error.current_secret_wrong',
    });
    expect(akrabErrorOf(() => changeOwnSecret(store, session, { what: 'password', current: 'x', next: 'sandi-baru-123' }))).toMatchObject({
      messageKey: 'error.password_not_for_role',
    });
    changeOwnSecret(store, session, { what: 'pin', current: '135792', next: '246891' });
    expect(signIn(store, rina.id, { pin: '246891' }).name).toBe('Rina');
    expect(akrabErrorOf(() => signIn(store, rina.id, { pin: '135792' })).messageKey).toBe('error.sign_in_failed');
    expect(listAudit(store, { action: 'staff.secret' }).map((a) => a.outcome)).toEqual(['ok', 'failed']);
    expect(JSON.stringify(listAudit(store))).not.toContain('246891');
  });

  it('a manager changes the password with the current password, by the rules of a new account', () => {
    const { store, managerSession, manager } = outletStaff();
    expect(
      akrabErrorOf(() => changeOwnSecret(store, managerSession, { what: 'password', current: MANAGER.password, next: 'pendek' })),
    ).toMatchObject({
      messageKey: 'error.password_too_short',
    });
    expect(
      akrabErrorOf(() => changeOwnSecret(store, managerSession, { what: 'password', current: MANAGER.pin, next: 'sandi-baru-budi' })),
    ).toMatchObject({
      messageKey: 'error.current_secret_wrong',
    });
    changeOwnSecret(store, managerSession, { what: 'password', current: MANAGER.password, next: 'sandi-baru-budi' });
    expect(signIn(store, manager.id, { password: 'sandi-baru-budi' }).name).toBe('Pak Budi');
  });

  it(`${MAX_FAILURES} wrong current secrets lock the account like wrong sign-ins do, counted together`, () => {
    let now = new Date('2026-11-23T03:00:00Z');
    const { store, rina } = outletStaff(() => now);
    akrabErrorOf(() => signIn(store, rina.id, { pin: '0000' }));
    const session = signIn(store, rina.id, { pin: '135792' });
    // A successful sign-in starts the count afresh; then four wrong current PINs and one wrong sign-in lock it.
    for (let i = 0; i < MAX_FAILURES - 2; i++)
      akrabErrorOf(() => changeOwnSecret(store, session, { what: 'pin', current: '0000', next: '246891' }));
    akrabErrorOf(() => signIn(store, rina.id, { pin: '0000' }));
    expect(akrabErrorOf(() => changeOwnSecret(store, session, { what: 'pin', current: '0000', next: '246891' }))).toMatchObject({
      code: 'unauthorized',
      messageKey: 'error.account_locked',
      params: { until: '2026-11-23T03:05:00.000Z' },
    });
    // Locked: even the right PIN does nothing until the time is up.
    expect(akrabErrorOf(() => changeOwnSecret(store, session, { what: 'pin', current: '135792', next: '246891' })).messageKey).toBe(
      'error.account_locked',
    );
    expect(akrabErrorOf(() => signIn(store, rina.id, { pin: '135792' })).messageKey).toBe('error.account_locked');
    now = new Date(now.getTime() + (LOCK_MINUTES + 1) * 60_000);
    changeOwnSecret(store, session, { what: 'pin', current: '135792', next: '246891' });
    expect(signIn(store, rina.id, { pin: '246891' }).name).toBe('Rina');
  });
});

describe('through dispatch', () => {
  it('the lockout from wrong current PINs also ends the session at this screen', () => {
    const { store, rina } = outletStaff();
    const core = createCore(store);
    core.session.start(signIn(store, rina.id, { pin: '135792' }), 'pin');
    let last;
    for (let i = 0; i < MAX_FAILURES; i++) last = dispatch(core, 'auth.changeOwnSecret', { what: 'pin', current: '0000', next: '246891' });
    expect(last).toMatchObject({ ok: false, error: { messageKey: 'error.account_locked' } });
    expect(core.session.current()).toBeNull();
    expect(listAudit(store, { action: 'lock' })[0]).toMatchObject({ staffName: 'Rina', details: { reason: 'locked' } });
    expect(dispatch(core, 'customers.search', { text: 'a' })).toMatchObject({ ok: false, error: { messageKey: 'error.sign_in_required' } });
  });

  it('a manager manages staff with the password session; with the PIN only the own-PIN change is open', () => {
    const { store, manager, rina } = outletStaff();
    const core = createCore(store);
    core.session.start(signIn(store, manager.id, { pin: MANAGER.pin }), 'pin');
    expect(dispatch(core, 'auth.setStaffActive', { staffId: rina.id, active: false })).toMatchObject({
      ok: false,
      error: { messageKey: 'error.password_required' },
    });
    expect(dispatch(core, 'auth.changeOwnSecret', { what: 'pin', current: MANAGER.pin, next: '975312' })).toEqual({
      ok: true,
      value: { changed: 'pin' },
    });
    core.session.start(signIn(store, manager.id, { password: MANAGER.password }), 'password');
    expect(dispatch(core, 'auth.setStaffActive', { staffId: rina.id, active: false })).toMatchObject({
      ok: true,
      value: { active: false },
    });
    expect(dispatch(core, 'auth.resetPin', { staffId: rina.id, pin: '258047', password: null })).toMatchObject({ ok: true });
    expect(dispatch(core, 'auth.createStaff', { name: 'Bos Baru', role: 'admin', pin: '258047', password: 'sandi-bos-baru' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', messageKey: 'error.staff_role_too_high' },
    });
  });
});
