// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { startBackgroundSync } from '../../electron/core/sync/backgroundSync';
import { countersWithAClerk } from '../loyalty/support/clerkCounters';
import { ledgerServer } from '../loyalty/support/ledgerServer';
import { renderApp } from './support/renderApp';

/** The customer page tells the clerk whether a redemption was checked with the server, and shows the server's refusal. */
describe("the customer page's redemption with the server reachable", () => {
  const ledger = ledgerServer('pglite');

  it('says it was checked with the server, and translates the refusal beyond the server balance (id, en)', async () => {
    const { devices, customerId, clerkCore } = await countersWithAClerk(ledger, 2);
    const [a, b] = [devices[0]!, devices[1]!];
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
