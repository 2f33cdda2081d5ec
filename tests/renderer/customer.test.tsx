// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { addPurchase, getCustomer } from '../../electron/core/customers/editCustomer';
import { ensureOutlet, useOutlet as serveOutlet } from '../../electron/core/outlets/outlets';
import { renderApp } from './support/renderApp';

beforeAll(() => {
  // jsdom lays nothing out: give the virtualised purchase list a viewport so it renders rows.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 300 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 900 });
});

function storeWithLoyalCustomer() {
  const store = tempStore();
  serveOutlet(store, ensureOutlet(store, 'BDG01', { name: 'Bandung Mall' }));
  const c = registerCustomer(
    store,
    aCustomer().named('Ni Made Ayu').withPhone('0812-3456-7890').withCard('8800001111').withNik('5171014503900001').bornOn('1990-03-05').livingAt('Jl. Gatot Subroto 9', 'Denpasar').withPurchase('INV-1', 1_250_000, 'Kulkas').build(),
  );
  for (let i = 0; i < 300; i++) addPurchase(store, { customerId: c.id, invoiceNo: `INV-X${i}`, purchasedAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(), amount: 100_000, mainProduct: 'Kipas angin' });
  return { store, customer: c };
}

describe('customer page', () => {
  it('shows profile, masked NIK and phone, cards with where/when issued, RFM and a virtualised purchase history', async () => {
    const { store, customer } = storeWithLoyalCustomer();
    renderApp(store, { screen: { name: 'customer', customerId: customer.id } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' })).toHaveFocus();
    expect(screen.getByText('5171••••••••••01')).toBeInTheDocument();
    expect(screen.getByText('5 Maret 1990')).toBeInTheDocument();
    expect(screen.getByText('Perempuan')).toBeInTheDocument();
    expect(screen.getByText('0812-••••-7890')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'WhatsApp' })).toHaveAttribute('href', 'https://wa.me/6281234567890');
    const cards = screen.getByRole('region', { name: 'Kartu' });
    expect(within(cards).getByText('8800001111')).toBeInTheDocument();
    expect(within(cards).getByText('Aktif')).toBeInTheDocument();
    expect(within(cards).getByText(/BDG01/)).toBeInTheDocument();
    // 1.250.000 + 300 × 100.000
    expect(screen.getByTestId('purchase-total')).toHaveTextContent(/Rp\s?31\.250\.000/);
    const rfm = screen.getByRole('region', { name: 'RFM' });
    expect(within(rfm).getByText('301')).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Riwayat pembelian' });
    await waitFor(() => expect(within(list).getAllByRole('listitem').length).toBeGreaterThan(3));
    // Only the visible window is in the DOM, not 301 rows.
    expect(within(list).getAllByRole('listitem').length).toBeLessThan(40);
  });

  it('edits a field inline: the core’s validation message shows, Esc cancels, Enter saves', async () => {
    const { store, customer } = storeWithLoyalCustomer();
    const { user } = renderApp(store, { screen: { name: 'customer', customerId: customer.id } });
    await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' });
    await user.click(screen.getByRole('button', { name: 'Ubah Email' }));
    const email = screen.getByRole('textbox', { name: 'Email' });
    expect(email).toHaveFocus();
    await user.keyboard('bukan-email{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Alamat email tidak valid.');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('textbox', { name: 'Email' })).toBeNull();
    // Esc inside the editor cancels the edit only; the page stays.
    expect(screen.getByRole('heading', { level: 1, name: 'Ni Made Ayu' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Ubah Tanggal lahir' }));
    await user.keyboard('{Control>}a{/Control}06/03/1990{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Tanggal lahir tidak cocok dengan NIK.');
    await user.keyboard('{Escape}');

    await user.click(screen.getByRole('button', { name: 'Ubah Kota' }));
    await user.keyboard('{Control>}a{/Control}Gianyar{Enter}');
    await waitFor(() => expect(screen.getByText('Gianyar')).toBeInTheDocument());
    expect(getCustomer(store, customer.id).city).toBe('Gianyar');
    expect(screen.getByRole('button', { name: 'Ubah Kota' })).toHaveFocus();
  });

  it('shows a clear badge when the customer has possible duplicates, listing them', async () => {
    const store = tempStore();
    const a = registerCustomer(store, aCustomer().named('Joko Widodo').withPhone('0811-2222-3333').withCard('VIP50001').build());
    registerCustomer(store, aCustomer().named('Joko W.').withPhone('0811 2222 3333').withCard('VIP50002').build());
    const single = registerCustomer(store, aCustomer().named('Tono').withPhone('0811 9999 0000').withCard('VIP50003').build());
    const { user, unmount } = renderApp(store, { screen: { name: 'customer', customerId: a.id } });
    const badge = await screen.findByRole('button', { name: /1 kemungkinan duplikat/ });
    await user.click(badge);
    expect(screen.getByRole('region', { name: 'Kemungkinan pelanggan yang sama' })).toHaveTextContent('Joko W.');
    unmount();
    renderApp(store, { screen: { name: 'customer', customerId: single.id } });
    await screen.findByRole('heading', { level: 1, name: 'Tono' });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('button', { name: /duplikat/ })).toBeNull();
  });

  it('switches to English and remembers the choice on this device', async () => {
    const { store, customer } = storeWithLoyalCustomer();
    const { user } = renderApp(store, { screen: { name: 'customer', customerId: customer.id } });
    await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Bahasa' }), 'en');
    expect(await screen.findByRole('region', { name: /^Purchase history/ })).toBeInTheDocument();
    expect(screen.getByText('5 March 1990')).toBeInTheDocument();
    expect(localStorage.getItem('akrab.language')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByTestId('server-state')).toHaveTextContent('Central server: not configured');
  });
});
