import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/api/core';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { pointsBalance, setRule } from '../../electron/core/loyalty';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import type { Store } from '../../electron/core/store/store';
import { startBackgroundSync } from '../../electron/core/sync/backgroundSync';
import { CallError, createApi } from '../../renderer/api/client';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { transportFor } from '../renderer/support/coreApi';
import { ADMIN, signedBy } from '../sync/support/authority';
import { backends } from '../sync/support/servers';
import { ledgerServer } from './support/ledgerServer';

const CLERK_PIN = '64028173';

const refusal = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    if (error instanceof CallError) return error.error;
    throw error;
  }
  throw new Error('expected a refusal');
};

/**
 * Issue 17 point 4 through the customer page's call (`loyalty.redeem`): where the background sync engine runs
 * (Electron main, the web harness) the redemption is checked against the server's ledger; without an engine or a
 * reachable server it is the offline one. Before, the call always redeemed offline.
 */
describe.each(backends)("the customer page's redemption is checked with the server where a sync engine runs (%s)", (backend) => {
  const ledger = ledgerServer(backend);

  it('checked with the server beyond the offline limit; the server refuses beyond its ledger; provisional without engine or server', async () => {
    const admin = ledger.admin();
    const a = await ledger.device({ timeoutMs: 15_000 });
    const b = await ledger.device({ timeoutMs: 15_000 });
    const c = await ledger.device({ timeoutMs: 15_000 });
    signedBy(a.store, admin.staffId);
    await a.engine.syncOnce();
    ensureOutlet(a.store, 'BDG01');
    const manager = signIn(a.store, admin.staffId, { password: ADMIN.password });
    const clerk = createStaff(a.store, manager, { name: 'Sari Kasir', role: 'clerk', outletCode: 'BDG01', pin: CLERK_PIN });
    setRule(a.store, manager, aLoyaltyRule(new Date().toISOString().slice(0, 10)).offlineLimit(5).build());
    const customerId = registerCustomer(a.store, aCustomer().build()).id;
    addPurchase(a.store, { customerId, invoiceNo: 'PAGE-1', purchasedAt: new Date().toISOString(), amount: 300_000 });
    expect((await a.engine.syncOnce()).refused).toBe(0);
    await b.engine.syncOnce();
    await c.engine.syncOnce();

    // The clerk signed in at each counter, as the screen's calls reach the core (dispatch, JSON both ways).
    const counter = (store: Store) => {
      const core = createCore(store);
      core.session.start(signIn(store, clerk.id, { pin: CLERK_PIN }), 'pin', { secret: CLERK_PIN });
      return createApi(transportFor(core));
    };
    const engines = [
      startBackgroundSync(a.store, { intervalMs: 3_600_000, timeoutMs: 15_000 }),
      startBackgroundSync(b.store, { intervalMs: 3_600_000, timeoutMs: 15_000 }),
      // C's server is out of reach: its engine runs, but cannot answer.
      startBackgroundSync(c.store, { serverUrl: 'http://127.0.0.1:9', intervalMs: 3_600_000, timeoutMs: 15_000 }),
    ];
    try {
      const atB = await counter(b.store)['loyalty.redeem']({ customerId, points: 20 });
      expect(atB).toMatchObject({ points: -20, provisional: false, checkedWithServer: true, serverBalance: 30, balanceAfter: 10 });

      // A has not pulled B's redemption: the server's ledger refuses it, with the server's figure, and nothing is written.
      const redeemsAtA = () => a.store.sqlite.prepare(`SELECT count(*) FROM points_ledger WHERE kind = 'redeem'`).pluck().get();
      const refused = await refusal(counter(a.store)['loyalty.redeem']({ customerId, points: 15 }));
      expect(refused).toMatchObject({ messageKey: 'error.loyalty.beyond_server_balance', params: { available: 10 } });
      expect(redeemsAtA()).toBe(1);
      expect(pointsBalance(a.store, customerId).balance).toBe(10);

      const atC = await counter(c.store)['loyalty.redeem']({ customerId, points: 5 });
      expect(atC).toMatchObject({ points: -5, provisional: true, checkedWithServer: false, serverBalance: null });
      const beyondLimit = await refusal(counter(c.store)['loyalty.redeem']({ customerId, points: 1 }));
      expect(beyondLimit.messageKey).toBe('error.loyalty.beyond_offline_limit');
    } finally {
      for (const engine of engines) engine.stop();
    }
    // No engine running (a device never enrolled, or the CLI's store): the offline redemption.
    const noEngine = await counter(b.store)['loyalty.redeem']({ customerId, points: 2 });
    expect(noEngine).toMatchObject({ points: -2, provisional: true, checkedWithServer: false, serverBalance: null });
  });
});
