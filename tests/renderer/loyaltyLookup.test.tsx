// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { recomputeTiers, setRule, setTiers } from '../../electron/core/loyalty';
import { blockCard, replaceCard } from '../../electron/core/loyalty/cards/cardLife';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { renderApp } from './support/renderApp';
import { outletDay } from '../support/outletDay';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };

function loyalStore() {
  const store = tempStore();
  const today = outletDay();
  setRule(store, manager, aLoyaltyRule(today).build());
  setTiers(store, manager, { validFrom: today, graceDays: 30, levels: [{ code: 'gold', name: 'Gold', minSpend: 1_000_000, discountPercent: 5 }] });
  const dewi = registerCustomer(store, aCustomer().named('Dewi Lestari').withPhone('0812-1111-2222').withCard('VIP7001').build());
  const budi = registerCustomer(store, aCustomer().named('Budi Farming').withPhone('0813-3333-4444').withCard('VIP7002').build());
  addPurchase(store, { customerId: dewi.id, invoiceNo: 'INV-K1', purchasedAt: new Date().toISOString(), amount: 1_500_000 });
  recomputeTiers(store);
  return { store, dewi, budi };
}

const searchBox = () => document.getElementById('lookup-input') as HTMLInputElement;
const options = () => within(screen.getByRole('listbox')).queryAllByRole('option');

describe('loyalty at the counter (lookup)', () => {
  it('shows the tier badge and the points in the result row', async () => {
    const { store } = loyalStore();
    const { user } = renderApp(store, { language: 'en' });
    await user.type(searchBox(), 'dewi');
    await waitFor(() => expect(options()).toHaveLength(1));
    const row = within(options()[0]!).getByTestId('hit-loyalty');
    expect(row).toHaveTextContent('Gold');
    expect(row).toHaveTextContent('150 pts');
  });

  it('a replaced card typed says where it went and whose it is; scanned (Enter) it does not open the profile', async () => {
    const { store } = loyalStore();
    replaceCard(store, manager, { cardNo: 'VIP7001', newCardNo: 'VIP7009', reason: 'kartu hilang' });
    const { user } = renderApp(store);
    await user.type(searchBox(), 'VIP7001{Enter}');
    const notice = await screen.findByTestId('card-notice');
    expect(notice).toHaveTextContent('Kartu VIP7001 sudah diganti');
    expect(notice).toHaveTextContent('dengan kartu VIP7009');
    expect(notice).toHaveTextContent('Alasan: kartu hilang');
    expect(notice).toHaveTextContent('Kartu ini milik Dewi Lestari');
    expect(screen.queryByTestId('loyalty-panel')).toBeNull();
    expect(within(options()[0]!).getByText('kartu diganti')).toBeInTheDocument();
    await user.click(within(notice).getByRole('button', { name: 'Buka Dewi Lestari' }));
    expect(await screen.findByTestId('loyalty-panel')).toBeInTheDocument();
  });

  it('a blocked card says why in English', async () => {
    const { store } = loyalStore();
    blockCard(store, manager, { cardNo: 'VIP7002', reason: 'card farming cluster' });
    const { user } = renderApp(store, { language: 'en' });
    await user.type(searchBox(), 'VIP7002');
    const notice = await screen.findByTestId('card-notice');
    expect(notice).toHaveTextContent('Card VIP7002 is blocked');
    expect(notice).toHaveTextContent('Reason: card farming cluster.');
    expect(notice).toHaveTextContent('The card belongs to Budi Farming.');
  });
});
