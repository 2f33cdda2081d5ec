// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { addPurchase, getCustomer } from '../../electron/core/customers/editCustomer';
import { ensureOutlet, useOutlet as serveOutlet } from '../../electron/core/outlets/outlets';
import { customerRfm } from '../../electron/core/reports/customerRfm';
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
  it('shows profile, masked NIK and phone, cards with where/when issued, the report’s RFM, and the purchases once, in the page', async () => {
    const { store, customer } = storeWithLoyalCustomer();
    const { user } = renderApp(store, { screen: { name: 'customer', customerId: customer.id } });
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
    // One definition: the RFM report's period and quintiles, not fixed thresholds over all time.
    const expected = customerRfm(store, customer.id);
    const rfm = screen.getByRole('region', { name: 'RFM' });
    await waitFor(() => expect(within(rfm).getByTestId('rfm')).toHaveTextContent(`Skor ${expected.scores!.recency}/5`));
    expect(within(rfm).getByTestId('rfm')).toHaveTextContent(`Skor ${expected.scores!.frequency}/5`);
    expect(within(rfm).getByText(String(expected.frequency))).toBeInTheDocument();
    // Purchases appear once (in the timeline), a page of rows at a time, with no scroll box of their own.
    expect(screen.queryByRole('list', { name: 'Riwayat pembelian' })).toBeNull();
    const list = await screen.findByRole('list', { name: 'Riwayat' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(20));
    await user.click(screen.getByRole('button', { name: /^Tampilkan 20 lagi/ }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(40));
  });

  it('edits a field inline: the core’s validation message shows, Esc cancels, Enter saves', async () => {
    const { store, customer } = storeWithLoyalCustomer();
    const { user } = renderApp(store, { screen: { name: 'customer', customerId: customer.id } });
    await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' });
    expect(screen.queryByRole('button', { name: 'Ubah Email' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Ubah profil' }));
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
    expect(await screen.findByRole('region', { name: /^Timeline/ })).toBeInTheDocument();
    expect(screen.getByText('5 March 1990')).toBeInTheDocument();
    expect(localStorage.getItem('akrab.language')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByTestId('server-state')).toHaveTextContent('Central server: not configured');
  });

  it('mentions a birthday in the next days, and Tab does not start with a pencil per profile field (issue 16, point 8)', async () => {
    const store = tempStore();
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toLocaleDateString('sv-SE');
    const c = registerCustomer(store, aCustomer().named('Putu Ayu').bornOn(`1991-${inThreeDays.slice(5)}`).build());
    const { user } = renderApp(store, { screen: { name: 'customer', customerId: c.id } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Putu Ayu' })).toHaveFocus();
    expect(screen.getByTestId('birthday-soon')).toHaveTextContent('Ulang tahun 3 hari lagi');
    const stops: string[] = [];
    for (let i = 0; i < 8; i++) {
      await user.tab();
      stops.push(document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
    }
    expect(stops.filter((s) => /^Ubah /.test(s) && s !== 'Ubah profil')).toEqual([]);
    expect(stops).toContain('Ubah profil');
  });

  it('asks for marketing consent per purpose on the profile, as the registration form does (issue 16, point 7)', async () => {
    const { store, customer } = storeWithLoyalCustomer();
    const { user, api } = renderApp(store, { screen: { name: 'customer', customerId: customer.id } });
    await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' });
    const profile = screen.getByRole('region', { name: 'Profil' });
    const consent = await within(profile).findByRole('group', { name: 'Persetujuan pemasaran' });
    const boxes = await within(consent).findAllByRole('checkbox');
    expect(boxes.map((b) => b.getAttribute('id'))).toEqual(['consent-marketing_whatsapp', 'consent-marketing_sms', 'consent-marketing_email', 'consent-marketing_phone']);
    // One control per purpose on the whole page: no box elsewhere that ticks every channel at once.
    expect(screen.getAllByRole('checkbox')).toHaveLength(4);

    // Registered with consent to every channel; she withdraws SMS only.
    for (const box of boxes) expect(box).toBeChecked();
    await user.click(within(consent).getByRole('checkbox', { name: 'Promosi lewat SMS' }));
    await waitFor(() => expect(within(consent).getByRole('checkbox', { name: 'Promosi lewat SMS' })).not.toBeChecked());
    const state = await api['privacy.consents']({ customerId: customer.id });
    expect(Object.fromEntries(Object.entries(state.current).map(([p, c]) => [p, c?.granted ?? false]))).toEqual({
      marketing_whatsapp: true,
      marketing_sms: false,
      marketing_email: true,
      marketing_phone: true,
    });
    expect(within(consent).getByRole('checkbox', { name: 'Promosi lewat WhatsApp' })).toBeChecked();
    expect(within(consent).getByText(/^ditarik .* oleh /)).toBeInTheDocument();
  });
});
