// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { createCore } from '../../electron/core/api/core';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { setRule } from '../../electron/core/loyalty';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import type { Store } from '../../electron/core/store/store';
import { startBackgroundSync } from '../../electron/core/sync/backgroundSync';
import { ledgerServer } from '../loyalty/support/ledgerServer';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { ADMIN, signedBy } from '../sync/support/authority';
import { renderApp } from './support/renderApp';

const CLERK_PIN = '64028173';

/** The customer page tells the clerk whether a redemption was checked with the server, and shows the server's refusal. */
describe("the customer page's redemption with the server reachable", () => {
  const ledger = ledgerServer('pglite');

  it('says it was checked with the server, and translates the refusal beyond the server balance (id, en)', async () => {
    const admin = ledger.admin();
    const a = await ledger.device({ timeoutMs: 15_000 });
    const b = await ledger.device({ timeoutMs: 15_000 });
    signedBy(a.store, admin.staffId);
    await a.engine.syncOnce();
    ensureOutlet(a.store, 'BDG01');
    const manager = signIn(a.store, admin.staffId, { password: ADMIN.password });
    const clerk = createStaff(a.store, manager, { name: 'Sari Kasir', role: 'clerk', outletCode: 'BDG01', pin: CLERK_PIN });
    setRule(a.store, manager, aLoyaltyRule(new Date().toISOString().slice(0, 10)).offlineLimit(5).build());
    const customerId = registerCustomer(a.store, aCustomer().named('Dewi Lestari').build()).id;
    addPurchase(a.store, { customerId, invoiceNo: 'UI-1', purchasedAt: new Date().toISOString(), amount: 300_000 });
    expect((await a.engine.syncOnce()).refused).toBe(0);
    await b.engine.syncOnce();
    const clerkCore = (store: Store) => {
      const core = createCore(store);
      core.session.start(signIn(store, clerk.id, { pin: CLERK_PIN }), 'pin', { secret: CLERK_PIN });
      return core;
    };
    const engines = [a, b].map(({ store }) => startBackgroundSync(store, { intervalMs: 3_600_000, timeoutMs: 15_000 }));
    try {
      const atB = renderApp(b.store, { screen: { name: 'customer', customerId }, core: clerkCore(b.store) });
      let panel = await screen.findByTestId('loyalty-panel');
      await atB.user.type(within(panel).getByTestId('redeem-points'), '20');
      await atB.user.click(within(panel).getByRole('button', { name: 'Tukar' }));
      expect(await within(panel).findByRole('status')).toHaveTextContent('20 poin ditukar. Saldo sekarang 10. Diperiksa dengan server.');
      cleanup();

      // A has not pulled B's redemption yet: the server refuses, in the clerk's language, with its figure.
      const atA = renderApp(a.store, { screen: { name: 'customer', customerId }, core: clerkCore(a.store), language: 'en' });
      panel = await screen.findByTestId('loyalty-panel');
      await atA.user.type(within(panel).getByTestId('redeem-points'), '15');
      await atA.user.click(within(panel).getByRole('button', { name: 'Redeem' }));
      expect(await within(panel).findByRole('alert')).toHaveTextContent(
        'Refused by the server: its points ledger holds only 10 points for this customer',
      );
    } finally {
      for (const engine of engines) engine.stop();
    }
  });
});
