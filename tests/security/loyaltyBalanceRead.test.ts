import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { deriveAuthorityKey, signBalanceRead } from '../../electron/core/authority/signing';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { setRule } from '../../electron/core/loyalty';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import type { RunningServer } from '../../server/main';
import { rows } from '../../server/storage/database';
import { registerDeviceDirectly } from '../../server/storage/syncStorage';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { ADMIN, firstAdmin, signedBy } from '../sync/support/authority';
import { backends, inProcessServer } from '../sync/support/servers';
import { outletDay } from '../support/outletDay';

/**
 * Issue 17 point 4, `POST /loyalty/balance`: the server's balance of a customer is read for a redemption, by a staff
 * member who may redeem, at the device's outlet, and the read is logged. Before, any enrolled device token read any
 * customer's balance with nothing else, unlogged.
 */
describe.each(backends)('reading a customer balance from the server (%s)', (backend) => {
  let server: RunningServer;
  let admin: { staffId: string };
  const pins = { clerk: '64028173', booth: '71935046', other: '28461937' };
  let staff: { clerk: string; booth: string; otherOutletClerk: string };
  let customerId: string;
  let token: string;
  let deviceId: string;

  beforeAll(async () => {
    server = await inProcessServer(backend);
    admin = await firstAdmin(server.database.db);
    const store = tempStore();
    token = await registerDeviceDirectly(server.database.db, store.deviceId, 'BDG01');
    saveEnrolment(store, server.url, token, 'BDG01');
    deviceId = store.deviceId;
    const engine = new SyncEngine(store, { serverUrl: server.url });
    signedBy(store, admin.staffId);
    await engine.syncOnce();
    ensureOutlet(store, 'BDG01');
    ensureOutlet(store, 'SBY01');
    const session = signIn(store, admin.staffId, { password: ADMIN.password });
    staff = {
      clerk: createStaff(store, session, { name: 'Sari Kasir', role: 'clerk', outletCode: 'BDG01', pin: pins.clerk }).id,
      booth: createStaff(store, session, { name: 'Dodi Booth', role: 'booth', outletCode: 'BDG01', pin: pins.booth }).id,
      otherOutletClerk: createStaff(store, session, { name: 'Wati Surabaya', role: 'clerk', outletCode: 'SBY01', pin: pins.other }).id,
    };
    setRule(store, session, aLoyaltyRule(outletDay()).build());
    customerId = registerCustomer(store, aCustomer().build()).id;
    addPurchase(store, { customerId, invoiceNo: 'SEC-1', purchasedAt: new Date().toISOString(), amount: 420_000 });
    expect((await engine.syncOnce()).refused).toBe(0);
  }, 180_000);
  afterAll(async () => server?.close());

  const ask = (body: Record<string, unknown>, bearer = token) =>
    fetch(`${server.url}/loyalty/balance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ deviceId, customerId, ...body }),
    });
  const signed = (staffId: string, pin: string, at = new Date().toISOString(), customer = customerId) => ({
    at,
    author: { staffId, kind: 'pin', signature: signBalanceRead(deriveAuthorityKey(pin, staffId, 'pin'), { deviceId, customerId: customer, at }) },
  });
  const reads = async () =>
    rows<{ staff_id: string; customer_id: string }>(server.database.db, sql`SELECT staff_id, customer_id FROM loyalty_balance_reads ORDER BY read_at`);

  it('a device token alone reads nothing', async () => {
    const response = await ask({});
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('"balance"');
  });

  it('refuses a forged signature, a booth account, a clerk of another outlet, a stale or replayed-for-another-customer signature', async () => {
    const forged = signed(staff.clerk, '00000000');
    expect((await ask(forged)).status).toBe(403);
    expect((await ask(signed(staff.booth, pins.booth))).status).toBe(403);
    expect((await ask(signed(staff.otherOutletClerk, pins.other))).status).toBe(403);
    const stale = new Date(Date.now() - 10 * 60_000).toISOString();
    expect((await ask(signed(staff.clerk, pins.clerk, stale))).status).toBe(403);
    const forAnother = signed(staff.clerk, pins.clerk, new Date().toISOString(), 'SOMEONE-ELSE');
    expect((await ask(forAnother)).status).toBe(403);
    expect(await reads()).toEqual([]);
  });

  it('a clerk of the outlet signed in reads the balance, and the read is logged with who asked', async () => {
    const response = await ask(signed(staff.clerk, pins.clerk));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ balance: 42, events: 1 });
    expect(await reads()).toEqual([{ staff_id: staff.clerk, customer_id: customerId }]);
  });
});
