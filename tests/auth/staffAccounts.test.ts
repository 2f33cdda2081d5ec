import { describe, expect, it } from 'vitest';
import { createStaff, listStaff, LOCK_MINUTES, MAX_FAILURES, signIn } from '../../electron/core/auth/staffAccounts';
import { changeRole } from '../../electron/core/auth/staffManagement';
import { listAudit } from '../../electron/core/auth/auditLog';
import { hashSecret, verifySecret } from '../../electron/core/auth/secrets';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { tempStore } from '../support/tempStore';
import { akrabErrorOf } from '../support/akrabError';

function storeWithAdmin(now = () => new Date('2026-11-23T03:00:00Z')) {
  const store = tempStore({ now });
  ensureOutlet(store, 'BDG01');
  ensureOutlet(store, 'SBY01');
  const admin = createStaff(store, null, { name: 'Admin', role: 'admin', pin: '909014', password: 'rahasia-admin' });
  const adminSession = signIn(store, admin.id, { password: 'rahasia-admin' });
  return { store, admin, adminSession };
}

describe('secrets', () => {
  it('hashes with scrypt and a salt; verifies only the right secret', () => {
    const a = hashSecret('1234');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(hashSecret('1234'));
    expect(verifySecret('1234', a)).toBe(true);
    expect(verifySecret('1235', a)).toBe(false);
  });
});

describe('staff accounts', () => {
  it('the first account must be an admin; later ones need an actor allowed to create them', () => {
    const store = tempStore();
    ensureOutlet(store, 'BDG01');
    expect(akrabErrorOf(() => createStaff(store, null, { name: 'Rina', role: 'booth', outletCode: 'BDG01', pin: '135792' })).messageKey).toBe('error.first_staff_admin');
    const admin = createStaff(store, null, { name: 'Admin', role: 'admin', pin: '909014', password: 'rahasia-admin' });
    expect(admin.role).toBe('admin');
    expect(akrabErrorOf(() => createStaff(store, null, { name: 'Rina', role: 'booth', outletCode: 'BDG01', pin: '135792' })).code).toBe('forbidden');
  });

  it('a manager creates booth staff and clerks at their own outlet only', () => {
    const { store, adminSession } = storeWithAdmin();
    const manager = createStaff(store, adminSession, { name: 'Pak Budi', role: 'manager', outletCode: 'BDG01', pin: '246813', password: 'manager-bdg' });
    const session = signIn(store, manager.id, { password: 'manager-bdg' });
    expect(createStaff(store, session, { name: 'Rina', role: 'booth', outletCode: 'BDG01', pin: '135792' }).outletCode).toBe('BDG01');
    // Without an outlet, a manager's new account is at their own outlet.
    expect(createStaff(store, session, { name: 'Dodi', role: 'clerk', pin: '135792' }).outletCode).toBe('BDG01');
    expect(akrabErrorOf(() => createStaff(store, session, { name: 'Sari', role: 'clerk', outletCode: 'SBY01', pin: '357924' }))).toMatchObject({
      code: 'forbidden',
      messageKey: 'error.staff_other_outlet',
    });
    for (const role of ['manager', 'admin'] as const) {
      expect(akrabErrorOf(() => createStaff(store, session, { name: 'Bos', role, outletCode: 'BDG01', pin: '468035', password: 'xxxxxxxxx' }))).toMatchObject({
        code: 'forbidden',
        messageKey: 'error.staff_role_too_high',
      });
    }
  });

  it.each([
    [{ pin: '12' }, 'pin', 'error.pin_format'],
    [{ pin: '12ab' }, 'pin', 'error.pin_format'],
    [{ pin: '777777' }, 'pin', 'error.pin_weak'],
    [{ role: 'manager' as const, password: 'short' }, 'password', 'error.password_too_short'],
    [{ outletCode: 'NOPE' }, 'outletCode', 'error.outlet_unknown'],
    [{ name: '  ' }, 'name', 'error.name_required'],
  ])('bad account input %j is refused with %s', (change, field, messageKey) => {
    const { store, adminSession } = storeWithAdmin();
    const before = listStaff(store).length;
    const error = akrabErrorOf(() => createStaff(store, adminSession, { name: 'Rina', role: 'booth', outletCode: 'BDG01', pin: '135792', ...change }));
    expect(error).toMatchObject({ field, messageKey });
    expect(listStaff(store)).toHaveLength(before);
  });

  it(`locks after ${MAX_FAILURES} wrong PINs, for ${LOCK_MINUTES} minutes, and audits every attempt`, () => {
    let now = new Date('2026-11-23T03:00:00Z');
    const { store, adminSession } = storeWithAdmin(() => now);
    const rina = createStaff(store, adminSession, { name: 'Rina', role: 'booth', outletCode: 'BDG01', pin: '135792' });
    for (let i = 0; i < MAX_FAILURES; i++) expect(akrabErrorOf(() => signIn(store, rina.id, { pin: '0000' })).messageKey).toBe('error.sign_in_failed');
    expect(akrabErrorOf(() => signIn(store, rina.id, { pin: '135792' })).messageKey).toBe('error.account_locked');
    now = new Date(now.getTime() + (LOCK_MINUTES + 1) * 60_000);
    expect(signIn(store, rina.id, { pin: '135792' })).toMatchObject({ name: 'Rina', role: 'booth' });
    const attempts = listAudit(store, { action: 'sign_in' }).map((a) => a.outcome);
    expect(attempts.filter((o) => o === 'failed')).toHaveLength(MAX_FAILURES);
    expect(attempts.filter((o) => o === 'denied')).toHaveLength(1);
  });

  it('role changes: an admin changes any role; a manager role needs a password; the audit keeps before and after', () => {
    const { store, adminSession } = storeWithAdmin();
    const rina = createStaff(store, adminSession, { name: 'Rina', role: 'booth', outletCode: 'BDG01', pin: '135792' });
    expect(changeRole(store, adminSession, rina.id, 'clerk').role).toBe('clerk');
    expect(akrabErrorOf(() => changeRole(store, adminSession, rina.id, 'manager')).messageKey).toBe('error.password_required_for_role');
    const clerk = signIn(store, rina.id, { pin: '135792' });
    expect(akrabErrorOf(() => changeRole(store, clerk, rina.id, 'admin')).code).toBe('forbidden');
    expect(listAudit(store, { action: 'staff.role' })[0]).toMatchObject({ staffName: 'Admin', details: { staffId: rina.id, before: 'booth', after: 'clerk' } });
  });
});
