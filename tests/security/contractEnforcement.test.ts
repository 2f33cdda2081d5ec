import { describe, expect, it } from 'vitest';
import { callNames, type CallName } from '../../shared/callNames';
import { createCore } from '../../electron/core/api/core';
import { dispatch, dispatchCall, needsPassword } from '../../electron/core/api/dispatch';
import { callRules } from '../../electron/core/auth/permissions';
import { listAudit } from '../../electron/core/auth/auditLog';
import { roleRank, type Role } from '../../electron/core/auth/roles';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { aCustomer } from '../support/builders';
import { signedInCore, testStaff, TEST_PIN } from '../support/signedIn';
import { tempStore } from '../support/tempStore';

/** Calls that change the session itself or fill the store, left out of the blanket sweeps below. */
const sessionCalls = new Set<CallName>(['auth.signIn', 'auth.signOut', 'auth.lock', 'auth.setupAdmin', 'app.seedDemo']);
const roles: Role[] = ['booth', 'clerk', 'manager', 'admin'];

function outletStore(now = () => new Date('2026-11-23T03:00:00Z')) {
  const store = tempStore({ now });
  useOutlet(store, ensureOutlet(store, 'BDG01'));
  return store;
}

describe('dispatch enforces the role rules on every call', () => {
  it('signed out: every call but the signed-out counter ones is refused and audited', () => {
    const store = outletStore();
    const core = createCore(store);
    for (const name of callNames.filter((n) => n !== 'app.seedDemo')) {
      const result = dispatch(core, name, {});
      if (callRules[name] === 'anyone') {
        if (result.ok === false) expect(result.error.messageKey).not.toBe('error.sign_in_required');
        continue;
      }
      expect(result, name).toEqual({ ok: false, error: { code: 'unauthorized', messageKey: 'error.sign_in_required' } });
    }
    const denied = listAudit(store, { action: 'access.denied', limit: 1000 });
    expect(denied).toHaveLength(callNames.filter((n) => callRules[n] !== 'anyone').length);
    expect(denied.every((d) => d.outcome === 'denied' && d.staffName === null)).toBe(true);
  });

  const cases = roles.flatMap((role) => callNames.filter((n) => !sessionCalls.has(n)).map((name) => [role, name] as const));
  it.each(cases)('as %s: %s is allowed exactly when the table says so', async (role, name) => {
    const store = outletStore();
    const core = signedInCore(store, role);
    // dispatchCall, as the transports do: it runs the asynchronous calls (asyncCalls) too.
    const result = await dispatchCall(core, name, {});
    const rule = callRules[name];
    const allowed = rule === 'anyone' || roleRank[role] >= roleRank[rule];
    if (allowed) {
      // Allowed calls may still fail on their input ({} is rarely enough), but never on the role.
      if (!result.ok)
        expect(['error.forbidden_role', 'error.sign_in_required', 'error.password_required']).not.toContain(result.error.messageKey);
    } else {
      expect(result).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'error.forbidden_role', params: { role: rule } } });
      expect(listAudit(store, { action: 'access.denied' })[0]).toMatchObject({ call: name, outcome: 'denied', staffName: `Uji ${role}` });
    }
  });

  it('a manager signed in with the PIN must give the password for manager calls; counter calls need only the PIN', () => {
    const store = outletStore();
    const core = signedInCore(store, 'manager', { method: 'pin' });
    for (const name of callNames.filter((n) => needsPassword(n) && callRules[n] !== 'admin')) {
      expect(dispatch(core, name, {}), name).toEqual({ ok: false, error: { code: 'unauthorized', messageKey: 'error.password_required' } });
    }
    expect(dispatch(core, 'customers.search', { text: 'siti' })).toMatchObject({ ok: true });
  });

  it('writes carry the signed-in staff member, and quick switch hands over in the audit', () => {
    const store = outletStore();
    const core = createCore(store);
    const rina = testStaff(store, 'booth', 'Rina (SPG)');
    expect(dispatch(core, 'auth.signIn', { staffId: rina.staffId, pin: TEST_PIN })).toMatchObject({
      ok: true,
      value: { name: 'Rina (SPG)', role: 'booth', outletCode: 'BDG01', method: 'pin' },
    });
    const registered = dispatch(core, 'customers.register', { draft: aCustomer().build() });
    expect(registered.ok).toBe(true);
    const id = (registered as { value: { id: string } }).value.id;
    expect(store.sqlite.prepare('SELECT created_by_staff FROM customers WHERE id = ?').pluck().get(id)).toBe('Rina (SPG)');
    // Booth staff may register and look up, not open the record.
    expect(dispatch(core, 'customers.get', { customerId: id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const sari = testStaff(store, 'clerk', 'Sari');
    expect(dispatch(core, 'auth.signIn', { staffId: sari.staffId, pin: TEST_PIN })).toMatchObject({ ok: true });
    expect(dispatch(core, 'customers.get', { customerId: id })).toMatchObject({ ok: true });
    const trail = listAudit(store).map((a) => `${a.action}:${a.staffName ?? '-'}:${a.outcome}`);
    expect(trail.slice(0, 5)).toEqual([
      'customer.view:Sari:ok',
      'sign_out:Rina (SPG):ok',
      'sign_in:Sari:ok',
      'access.denied:Rina (SPG):denied',
      'customer.register:Rina (SPG):ok',
    ]);
  });

  it('locks itself after the idle time, and a deactivated account loses its session at once', () => {
    let now = new Date('2026-11-23T03:00:00Z');
    const store = outletStore(() => now);
    const core = signedInCore(store, 'clerk');
    expect(dispatch(core, 'customers.search', { text: 'a' }).ok).toBe(true);
    now = new Date(now.getTime() + 4 * 60_000);
    expect(dispatch(core, 'customers.search', { text: 'a' }).ok).toBe(true);
    now = new Date(now.getTime() + 6 * 60_000);
    expect(dispatch(core, 'customers.search', { text: 'a' })).toMatchObject({ ok: false, error: { messageKey: 'error.sign_in_required' } });
    expect(listAudit(store, { action: 'lock' })[0]).toMatchObject({ staffName: 'Uji clerk', details: { reason: 'idle' } });

    const again = signedInCore(store, 'clerk');
    store.sqlite.prepare('UPDATE staff SET active = 0 WHERE name = ?').run('Uji clerk');
    expect(dispatch(again, 'customers.search', { text: 'a' })).toMatchObject({
      ok: false,
      error: { messageKey: 'error.sign_in_required' },
    });
    expect(listAudit(store, { action: 'lock' })[0]).toMatchObject({ details: { reason: 'revoked' } });
  });

  it('audits record views, edits with before and after, role changes and sign-ins', () => {
    const store = outletStore();
    const customer = registerCustomer(store, aCustomer().named('Dewi Lestari').livingAt('Jl. Braga 1').build());
    const core = signedInCore(store, 'clerk', { name: 'Sari' });
    dispatch(core, 'customers.get', { customerId: customer.id });
    expect(
      dispatch(core, 'customers.update', { customerId: customer.id, patch: { city: 'Cimahi', address: 'Jl. Braga 1' } }),
    ).toMatchObject({ ok: true });
    const [edit, view] = listAudit(store, { customerId: customer.id });
    expect(view).toMatchObject({ action: 'customer.view', staffName: 'Sari' });
    expect(edit).toMatchObject({
      action: 'customer.edit',
      call: 'customers.update',
      staffName: 'Sari',
      details: { before: { city: 'Bandung' }, after: { city: 'Cimahi' } },
    });
  });

  it('an edit and its audit entry commit together: when the audit entry cannot be written, the edit is undone', () => {
    const store = outletStore();
    const customer = registerCustomer(store, aCustomer().named('Dewi Lestari').livingAt('Jl. Braga 1').build());
    const core = signedInCore(store, 'clerk', { name: 'Sari' });
    store.sqlite.exec(
      `CREATE TEMP TRIGGER refuse_edit_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'customer.edit' BEGIN SELECT RAISE(ABORT, 'audit refused'); END`,
    );
    const changesBefore = store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get();
    expect(dispatch(core, 'customers.update', { customerId: customer.id, patch: { city: 'Cimahi' } })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(store.sqlite.prepare('SELECT city FROM customers WHERE id = ?').pluck().get(customer.id)).toBe('Bandung');
    expect(store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get()).toBe(changesBefore);
  });

  it('a second connection on the same store has its own session', () => {
    const store = outletStore();
    const admin = signedInCore(store, 'admin');
    const counter = createCore(store);
    expect(dispatch(admin, 'audit.list', {}).ok).toBe(true);
    expect(dispatch(counter, 'audit.list', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});
