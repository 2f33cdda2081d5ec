// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { recomputeTiers, setRule, setTiers } from '../../electron/core/loyalty';
import { ensureOutlet, useOutlet as serveOutlet } from '../../electron/core/outlets/outlets';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { renderApp } from './support/renderApp';
import { outletDay } from '../support/outletDay';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 300 });
});

describe('loyalty on the customer page', () => {
  it('shows tier, balance, progress and the statement; redeems; a bad amount gets its message and writes nothing', async () => {
    const store = tempStore();
    serveOutlet(store, ensureOutlet(store, 'BDG01', { name: 'Bandung Mall' }));
    const today = outletDay();
    setRule(store, manager, aLoyaltyRule(today).offlineLimit(100).build());
    setTiers(store, manager, {
      validFrom: today,
      graceDays: 30,
      levels: [
        { code: 'silver', name: 'Silver', minSpend: 1_000_000, discountPercent: 2 },
        { code: 'gold', name: 'Gold', minSpend: 5_000_000, discountPercent: 5, birthdayGift: 'Voucher Rp 100.000' },
      ],
    });
    const customer = registerCustomer(store, aCustomer().named('Dewi Lestari').build());
    addPurchase(store, { customerId: customer.id, invoiceNo: 'INV-L1', purchasedAt: new Date().toISOString(), amount: 1_500_000 });
    recomputeTiers(store);
    const { user } = renderApp(store, { screen: { name: 'customer', customerId: customer.id } });
    const panel = await screen.findByTestId('loyalty-panel');
    expect(within(panel).getByTestId('tier-badge')).toHaveTextContent('Silver');
    expect(within(panel).getByTestId('points-balance')).toHaveTextContent('150 poin');
    expect(within(panel).getByText(/Kurang Rp\s?3\.500\.000 belanja lagi untuk Gold/)).toBeInTheDocument();
    expect(within(panel).getByRole('list', { name: 'Riwayat poin' })).toHaveTextContent('Dapat poin');

    await user.type(within(panel).getByTestId('redeem-points'), '2,5');
    await user.click(within(panel).getByRole('button', { name: 'Tukar' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent('Poin harus');
    expect(store.sqlite.prepare(`SELECT count(*) FROM points_ledger WHERE kind = 'redeem'`).pluck().get()).toBe(0);

    await user.clear(within(panel).getByTestId('redeem-points'));
    await user.type(within(panel).getByTestId('redeem-points'), '40');
    await user.click(within(panel).getByRole('button', { name: 'Tukar' }));
    // No sync engine runs here: the offline redemption, and the clerk is told so.
    expect(await within(panel).findByRole('status')).toHaveTextContent(
      '40 poin ditukar. Saldo sekarang 110. Sementara (offline): server tidak terjangkau, berlaku batas penukaran offline.',
    );
    await waitFor(() => expect(within(panel).getByTestId('points-balance')).toHaveTextContent('110 poin'));
    expect(within(panel).getByRole('list', { name: 'Riwayat poin' })).toHaveTextContent('Tukar poin');
  });
});
