import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { changeRole, setStaffActive } from '../../electron/core/auth/staffManagement';
import { deriveAuthorityKey, signChange } from '../../electron/core/authority/signing';
import { HybridClock } from '../../electron/core/clock/hybridClock';
import { updateCustomer } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { eraseCustomer } from '../../electron/core/privacy/erasure';
import type { Store } from '../../electron/core/store/store';
import { storeDigest } from '../../electron/core/sync/digest';
import type { OutgoingChange, PushResponse } from '../../electron/core/sync/protocol';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import type { RunningServer } from '../../server/main';
import { rows } from '../../server/storage/database';
import { createEnrolmentCode, registerDeviceDirectly, serverDigest } from '../../server/storage/syncStorage';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { ADMIN, firstAdmin, signedBy } from '../sync/support/authority';
import { backends, inProcessServer } from '../sync/support/servers';

/**
 * Issue 14's findings, each as the attack was made: a hostile enrolled device ("A", outlet BDG01) sends hand-made
 * requests to the real server; honest devices sync through the ordinary engine. Each test failed on the server
 * that trusted every push.
 */
describe.each(backends)('the server is the authority on who may change what (%s)', (backend) => {
  let server: RunningServer;
  let admin: { staffId: string };
  beforeAll(async () => {
    server = await inProcessServer(backend);
    admin = await firstAdmin(server.database.db);
  });
  afterAll(async () => server?.close());

  interface Device {
    store: Store;
    engine: SyncEngine;
    token: string;
  }

  async function device(outlet = 'BDG01', now?: () => Date): Promise<Device> {
    const store = tempStore(now ? { now } : {});
    const token = await registerDeviceDirectly(server.database.db, store.deviceId, outlet);
    saveEnrolment(store, server.url, token, outlet);
    return { store, engine: new SyncEngine(store, { serverUrl: server.url }), token };
  }

  /** What a hostile device sends: any change it likes, stamped with its own id. */
  async function hostilePush(
    a: Device,
    changes: (Omit<OutgoingChange, 'id' | 'hlc'> & { hlc?: string })[],
    clock = new HybridClock(a.store.deviceId),
  ): Promise<PushResponse> {
    const response = await fetch(`${server.url}/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` },
      body: JSON.stringify({
        deviceId: a.store.deviceId,
        batchId: `attack-${Math.random()}`,
        changes: changes.map((c, i) => ({ id: 900_000 + i, ...c, hlc: c.hlc ?? clock.tick() })),
      }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as PushResponse;
  }

  const auditColumns = (deviceId: string, at = new Date().toISOString()) => ({
    created_at: at,
    updated_at: at,
    created_by_device: deviceId,
    created_by_staff: null,
    updated_by_device: deviceId,
    updated_by_staff: null,
    deleted_at: null,
  });

  /** An honest outlet with the chain's admin signed in on its PC, which creates the outlet's manager and a clerk. */
  async function outletWithStaff(outlet: string) {
    const b = await device(outlet);
    signedBy(b.store, admin.staffId);
    await b.engine.syncOnce(); // receives the admin made on the server
    const outletRow = ensureOutlet(b.store, outlet);
    const adminSession = signIn(b.store, admin.staffId, { password: ADMIN.password });
    const manager = createStaff(b.store, adminSession, {
      name: `Manajer ${outlet}`,
      role: 'manager',
      outletCode: outlet,
      pin: '58203917',
      password: 'kunci-manajer-2026',
    });
    const sari = createStaff(b.store, adminSession, { name: `Sari ${outlet}`, role: 'clerk', outletCode: outlet, pin: '64028173' });
    const round = await b.engine.syncOnce();
    expect(round.refused).toBe(0);
    return { b, outletRow, manager, sari };
  }

  const staffRole = (store: Store, id: string) => store.sqlite.prepare('SELECT role, outlet_id, active FROM staff WHERE id = ?').get(id);

  it('finding 1: a device can neither promote a clerk nor create an admin; a locally made first admin stays local', async () => {
    const { b, sari } = await outletWithStaff('BDG01');
    const a = await device('BDG01');
    await a.engine.syncOnce();
    const at = new Date().toISOString();
    const answer = await hostilePush(a, [
      { table: 'staff', rowId: sari.id, op: 'upsert', data: { role: 'admin', outlet_id: null, pin_hash: 'scrypt$x', updated_at: at } },
      {
        table: 'staff',
        rowId: 'GHOSTADMIN0000000000000001',
        op: 'upsert',
        data: {
          id: 'GHOSTADMIN0000000000000001',
          name: 'Ghost Admin',
          role: 'admin',
          outlet_id: null,
          pin_hash: 'scrypt$x',
          active: 1,
          ...auditColumns(a.store.deviceId, at),
        },
        // A signature with a key the hostile device made up for its ghost.
        author: { staffId: 'GHOSTADMIN0000000000000001', kind: 'password', signature: 'x'.repeat(43) },
      },
    ]);
    expect(answer.accepted).toBe(0);
    expect(answer.refused.map((r) => r.reason)).toEqual(['staff_not_permitted', 'staff_not_permitted']);

    await b.engine.syncOnce();
    expect(staffRole(b.store, sari.id)).toMatchObject({ role: 'clerk' });
    expect(staffRole(b.store, 'GHOSTADMIN0000000000000001')).toBeUndefined();
    const later = await device('BDG01');
    await later.engine.syncOnce();
    expect(staffRole(later.store, 'GHOSTADMIN0000000000000001')).toBeUndefined();
    expect(staffRole(later.store, sari.id)).toMatchObject({ role: 'clerk' });

    // The second route: a fresh data folder makes itself an admin before it is enrolled.
    const fresh = tempStore();
    ensureOutlet(fresh, 'BDG01');
    const selfMade = createStaff(fresh, null, { name: 'Admin Sendiri', role: 'admin', pin: '91827364', password: 'admin-sendiri-2026' });
    fresh.authority = { staffId: selfMade.id, kind: 'password', key: deriveAuthorityKey('admin-sendiri-2026', selfMade.id, 'password') };
    saveEnrolment(fresh, server.url, await registerDeviceDirectly(server.database.db, fresh.deviceId, 'BDG01'), 'BDG01');
    const round = await new SyncEngine(fresh, { serverUrl: server.url }).syncOnce();
    expect(round.refused).toBeGreaterThan(0);
    // Refused, so reverted here too: the account never existed for the chain.
    expect(staffRole(fresh, selfMade.id)).toBeUndefined();
    expect(fresh.sqlite.prepare(`SELECT count(*) FROM audit_log WHERE action = 'sync.refused'`).pluck().get()).toBeGreaterThan(0);
    await b.engine.syncOnce();
    expect(staffRole(b.store, selfMade.id)).toBeUndefined();
  });

  it('finding 2: the audit trail stays append-only across sync', async () => {
    const b = await device('BDG01');
    registerCustomer(b.store, aCustomer().named('Dewi Lestari').withPhone('0812-7000-1001').withCard('AUD00001').build());
    await b.engine.syncOnce();
    const [target, other] = b.store.sqlite.prepare(`SELECT id, action, staff_name FROM audit_log ORDER BY at LIMIT 2`).all() as {
      id: string;
      action: string;
    }[];
    expect(target).toBeDefined();
    const a = await device('BDG01');
    const answer = await hostilePush(a, [
      {
        table: 'audit_log',
        rowId: target!.id,
        op: 'upsert',
        data: { action: 'nothing.happened', staff_name: 'Nobody', at: '2020-01-01T00:00:00.000Z' },
      },
      ...(other ? [{ table: 'audit_log', rowId: other.id, op: 'delete' as const, data: { deleted_at: new Date().toISOString() } }] : []),
      // A "new" entry that claims to come from B.
      {
        table: 'audit_log',
        rowId: 'FORGEDAUDIT000000000000001',
        op: 'upsert',
        data: {
          id: 'FORGEDAUDIT000000000000001',
          at: new Date().toISOString(),
          action: 'sign_in',
          outcome: 'ok',
          ...auditColumns(b.store.deviceId),
        },
      },
    ]);
    expect(answer.accepted).toBe(0);
    expect(answer.refused.map((r) => r.reason)).toEqual([
      'audit_append_only',
      ...(other ? ['audit_append_only'] : []),
      'audit_foreign_device',
    ]);
    await b.engine.syncOnce();
    expect(b.store.sqlite.prepare('SELECT action, deleted_at FROM audit_log WHERE id = ?').get(target!.id)).toEqual({
      action: target!.action,
      deleted_at: null,
    });
    expect(b.store.sqlite.prepare('SELECT count(*) FROM audit_log WHERE id = ?').pluck().get('FORGEDAUDIT000000000000001')).toBe(0);
    // A device's own new entries are still accepted, unsigned.
    const own = await hostilePush(a, [
      {
        table: 'audit_log',
        rowId: 'OWNAUDIT00000000000000001',
        op: 'upsert',
        data: {
          id: 'OWNAUDIT00000000000000001',
          at: new Date().toISOString(),
          action: 'sign_in',
          outcome: 'ok',
          ...auditColumns(a.store.deviceId),
        },
      },
    ]);
    expect(own).toMatchObject({ accepted: 1, refused: [] });
  });

  it("finding 3: a forged erasure rewrites nobody's history; a manager's erasure still reaches every device", async () => {
    const { b, manager } = await outletWithStaff('SBY01');
    const customer = registerCustomer(b.store, aCustomer().named('Rina Kartika').withPhone('0812-7000-2002').withCard('ERA00001').build());
    await b.engine.syncOnce();
    const a = await device('BDG01');
    const clock = new HybridClock(a.store.deviceId);
    const first = clock.tick();
    const at = new Date().toISOString();
    const answer = await hostilePush(
      a,
      [
        { table: 'customers', rowId: customer.id, op: 'upsert', hlc: first, data: { full_name: 'Palsu Sekali', updated_at: at } },
        {
          table: 'audit_log',
          rowId: 'FORGEDERASE00000000000001',
          op: 'upsert',
          data: {
            id: 'FORGEDERASE00000000000001',
            at,
            action: 'privacy.erase',
            outcome: 'ok',
            customer_id: customer.id,
            details: JSON.stringify({ changesFrom: first }),
            ...auditColumns(a.store.deviceId, at),
          },
        },
      ],
      clock,
    );
    expect(answer.refused).toEqual([{ id: 900_001, reason: 'erasure_not_permitted' }]);
    // B's own change of the name is still in the server's log, unrewritten.
    const names = await rows<{ name: string }>(
      server.database.db,
      sql`SELECT data->>'full_name' AS name FROM changes WHERE table_name = 'customers' AND row_id = ${customer.id} AND data ? 'full_name'`,
    );
    expect(names.map((n) => n.name)).toContain('Rina Kartika');

    // The outlet's manager, signed in with the password, erases for real: accepted, and the server records it.
    const managerSession = signIn(b.store, manager.id, { password: 'kunci-manajer-2026' });
    signedBy(b.store, manager.id, 'kunci-manajer-2026');
    await b.engine.syncOnce();
    eraseCustomer(b.store, managerSession, {
      customerId: customer.id,
      confirmName: b.store.sqlite.prepare('SELECT full_name FROM customers WHERE id = ?').pluck().get(customer.id) as string,
      reason: 'Permintaan tertulis',
    });
    const round = await b.engine.syncOnce();
    expect(round.refused).toBe(0);
    const verified = await rows<{ n: string | number }>(
      server.database.db,
      sql`SELECT count(*) AS n FROM changes WHERE table_name = 'audit_log' AND data->>'action' = 'privacy.erase.verified' AND data->>'customer_id' = ${customer.id}`,
    );
    expect(Number(verified[0]!.n)).toBe(1);
    await a.engine.syncOnce();
    expect(
      a.store.sqlite
        .prepare('SELECT count(*) FROM audit_log WHERE action = ? AND customer_id = ?')
        .pluck()
        .get('privacy.erase.verified', customer.id),
    ).toBe(1);
  });

  it('finding 4: a known device id cannot be enrolled again; an admin re-enrols a device explicitly', async () => {
    const b = await device('BDG01');
    registerCustomer(b.store, aCustomer().named('Yusuf Hamzah').withPhone('0812-7000-3003').withCard('ENR00001').build());
    const { code } = await createEnrolmentCode(server.database.db, 'BDG01');
    const hijack = await fetch(`${server.url}/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceId: b.store.deviceId }),
    });
    expect(hijack.status).toBe(409);
    expect(await hijack.json()).toEqual({ error: { code: 'device_id_taken', messageKey: 'error.sync.device_id_taken' } });
    expect((await b.engine.syncOnce()).pushed).toBeGreaterThan(0);

    // The admin's way: a code made for that device; the old token stops working at once.
    const reenrol = await createEnrolmentCode(server.database.db, 'BDG01', 1, b.store.deviceId);
    const answer = await fetch(`${server.url}/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: reenrol.code, deviceId: b.store.deviceId }),
    });
    expect(answer.status).toBe(200);
    await expect(b.engine.syncOnce()).rejects.toMatchObject({ code: 'unauthorized' });
    // A code made for one device cannot enrol another.
    const stray = await createEnrolmentCode(server.database.db, 'BDG01', 1, b.store.deviceId);
    const other = await fetch(`${server.url}/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: stray.code, deviceId: 'someotherdevice01' }),
    });
    expect(other.status).toBe(403);
  });

  it('finding 5: a stamp far ahead is refused and waits; a bad stamp already stored cannot split the replicas', async () => {
    const yearAhead = () => new Date(Date.now() + 365 * 86_400_000);
    const b = await device('BDG01');
    const customer = registerCustomer(b.store, aCustomer().named('Agus Salim').withPhone('0812-7000-4004').withCard('CLK00001').build());
    await b.engine.syncOnce();
    const ahead = await device('BDG01', yearAhead);
    await ahead.engine.syncOnce();
    updateCustomer(ahead.store, customer.id, { notes: 'dari jam yang salah' });
    const round = await ahead.engine.syncOnce();
    expect(round.clockAhead).toBe(true);
    expect(ahead.engine.status().lastError).toEqual({ code: 'clock_ahead', messageKey: 'error.sync.clock_ahead' });
    expect(round.pending).toBeGreaterThan(0); // kept, not lost: it goes once the clock is right

    // A stamp far ahead that an older server accepted (written straight into its log), then an honest edit.
    const badStamp = `9999-12-31T00:00:00.000Z-0000-${ahead.store.deviceId}`;
    await server.database.db.execute(sql`INSERT INTO changes (device_id, hlc, table_name, row_id, op, data)
      VALUES (${ahead.store.deviceId}, ${badStamp}, 'customers', ${customer.id}, 'upsert', ${JSON.stringify({ notes: 'catatan masa depan' })}::jsonb)`);
    await b.engine.syncOnce();
    updateCustomer(b.store, customer.id, { notes: 'catatan yang benar' });
    const honest = await b.engine.syncOnce();
    expect(honest.clockAhead).toBe(false);
    const c = await device('BDG01');
    await c.engine.syncOnce();
    await b.engine.syncOnce();
    const notes = (s: Store) => s.sqlite.prepare('SELECT notes FROM customers WHERE id = ?').pluck().get(customer.id);
    expect(notes(b.store)).toBe('catatan yang benar');
    expect(notes(c.store)).toBe('catatan yang benar');
    expect(storeDigest(c.store)).toBe(storeDigest(b.store));
    expect((await serverDigest(server.database.db)).digest).toBe(storeDigest(b.store));
  });

  it("a legitimate manager's staff changes and a clerk's own PIN change reach every device", async () => {
    const { b, manager, sari } = await outletWithStaff('MKS01');
    const c = await device('MKS01');
    await c.engine.syncOnce();
    // The manager signs in on another PC of the outlet with the password: changes made there are signed.
    const session = signIn(c.store, manager.id, { password: 'kunci-manajer-2026' });
    signedBy(c.store, manager.id, 'kunci-manajer-2026');
    const budi = createStaff(c.store, session, { name: 'Budi MKS01', role: 'booth', outletCode: 'MKS01', pin: '30571946' });
    changeRole(c.store, session, budi.id, 'clerk');
    setStaffActive(c.store, session, sari.id, false);
    // A manager may not make an admin, even signed: refused by the core here, and by the server if forced.
    expect(() => changeRole(c.store, session, budi.id, 'admin')).toThrow();
    const round = await c.engine.syncOnce();
    expect(round.refused).toBe(0);
    await b.engine.syncOnce();
    expect(staffRole(b.store, budi.id)).toMatchObject({ role: 'clerk', active: 1 });
    expect(staffRole(b.store, sari.id)).toMatchObject({ active: 0 });

    // Budi changes his own PIN at the counter, signed by his PIN session: accepted, and he signs in with it on B.
    const { changeOwnSecret } = await import('../../electron/core/auth/ownSecret');
    const budiSession = signIn(c.store, budi.id, { pin: '30571946' });
    c.store.authority = { staffId: budi.id, kind: 'pin', key: deriveAuthorityKey('30571946', budi.id, 'pin') };
    changeOwnSecret(c.store, budiSession, { what: 'pin', current: '30571946', next: '48261937' });
    expect((await c.engine.syncOnce()).refused).toBe(0);
    await b.engine.syncOnce();
    expect(signIn(b.store, budi.id, { pin: '48261937' }).role).toBe('clerk');

    // The manager's key signs nothing for another outlet's manager-only tables.
    const mallory = await device('BDG01');
    const forged = await hostilePush(mallory, [
      {
        table: 'care_settings',
        rowId: 'FORGEDSETTING000000000001',
        op: 'upsert',
        data: { updated_at: new Date().toISOString() },
        author: {
          staffId: manager.id,
          kind: 'password',
          signature: signChange(deriveAuthorityKey('kunci-manajer-2026', manager.id, 'password'), {
            deviceId: 'elsewhere',
            hlc: 'x',
            table: 'care_settings',
            rowId: 'x',
            op: 'upsert',
            data: {},
          }),
        },
      },
    ]);
    expect(forged.refused).toEqual([{ id: 900_000, reason: 'authority_required' }]);
  });
});
