import { afterAll, describe, expect, it } from 'vitest';
import { signIn } from '../../electron/core/auth/staffAccounts';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { reversePurchasePoints, setRule } from '../../electron/core/loyalty';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { closeStore } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import type { RunningServer } from '../../server/main';
import { serverLedgerBalance } from '../../server/storage/loyaltyBalance';
import { registerDeviceDirectly } from '../../server/storage/syncStorage';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { ADMIN, firstAdmin, signedBy } from '../sync/support/authority';
import { adminCall, backends, inProcessServer } from '../sync/support/servers';
import { outletDay } from '../support/outletDay';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The server judges a pushed return or expiry by the earn or lot it names (server/authority/ledgerCheck.ts); with a
 * retention rule the changes that wrote that earn are pruned from its log, yet the return still comes, months later.
 */
describe.each(backends)('ledger events named after the retention pruned the log (%s)', (backend) => {
  let server: RunningServer;
  afterAll(async () => server?.close());

  it("a return of a purchase whose earn the log's retention would have pruned is accepted", async () => {
    server = await inProcessServer(backend, { foldStep: 200 });
    const { staffId } = await firstAdmin(server.database.db);
    const store = tempStore();
    saveEnrolment(store, server.url, await registerDeviceDirectly(server.database.db, store.deviceId, 'BDG01'), 'BDG01');
    const engine = new SyncEngine(store, { serverUrl: server.url });
    signedBy(store, staffId);
    await engine.syncOnce();
    ensureOutlet(store, 'BDG01');
    const manager = signIn(store, staffId, { password: ADMIN.password });
    setRule(store, manager, aLoyaltyRule(outletDay()).build());
    const customerId = registerCustomer(store, aCustomer().build()).id;
    addPurchase(store, { customerId, invoiceNo: 'RET-1', purchasedAt: new Date().toISOString(), amount: 200_000 });
    expect((await engine.syncOnce()).refused).toBe(0);
    expect((await serverLedgerBalance(server.database.db, customerId)).balance).toBe(20);

    // Keep changes 1 s; the device has pulled everything, so the earn's change is old enough to go.
    await adminCall(server.url, server.adminToken, 'POST', '/admin/retention', { days: 1 / 86_400 });
    await sleep(2_000);
    await engine.syncOnce();
    const pruned = await adminCall<{ pruned: number }>(server.url, server.adminToken, 'POST', '/admin/prune');
    expect(pruned.pruned).toBeGreaterThan(0);

    reversePurchasePoints(store, { invoiceNo: 'RET-1', customerId, reason: 'barang dikembalikan' });
    expect((await engine.syncOnce()).refused).toBe(0);
    expect((await serverLedgerBalance(server.database.db, customerId)).balance).toBe(0);
    closeStore(store);
  });
});
