// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet, useOutlet as serveOutlet } from '../../electron/core/outlets/outlets';
import { createFollowUp, outletToday } from '../../electron/core/care/followUps/followUps';
import { renderApp } from './support/renderApp';

beforeAll(() => {
  // jsdom lays nothing out: give the virtualised timeline a viewport so it renders rows.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 300 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 900 });
});

afterEach(() => vi.restoreAllMocks());

function storeWithCustomer() {
  const store = tempStore();
  const outlet = ensureOutlet(store, 'BDG01', { name: 'Bandung Mall' });
  serveOutlet(store, outlet);
  const customer = registerCustomer(store, aCustomer().named('Ni Made Ayu').withPhone('0812-3456-7890').withCard('8800001111').withPurchase('INV-1', 1_250_000, 'Kulkas').build());
  return { store, outlet, customer };
}

describe('customer care', () => {
  it('logs a call from the customer page in a few keystrokes: it appears on the timeline and as the last contact', async () => {
    const { store, customer } = storeWithCustomer();
    const { user } = renderApp(store, { screen: { name: 'customer', customerId: customer.id } });
    await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' });
    const timeline = await screen.findByRole('list', { name: 'Riwayat' });
    await waitFor(() => expect(within(timeline).getByText(/INV-1/)).toBeInTheDocument());
    expect(screen.getByTestId('last-contact')).toHaveTextContent('—');

    const form = screen.getByRole('form', { name: 'Catat kontak' });
    expect(within(form).getByRole('combobox', { name: 'Saluran' })).toHaveValue('phone');
    // F4 jumps to the form; Tab moves channel → outcome → note; Enter saves.
    await user.keyboard('{F4}');
    expect(within(form).getByRole('combobox', { name: 'Saluran' })).toHaveFocus();
    await user.tab();
    expect(within(form).getByRole('combobox', { name: 'Hasil' })).toHaveFocus();
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Hasil' }), 'reached');
    await user.tab();
    expect(within(form).getByRole('textbox', { name: 'Catatan' })).toHaveFocus();
    await user.keyboard('Tanya garansi kulkas{Enter}');

    await waitFor(() => expect(within(timeline).getByText(/Tanya garansi kulkas/)).toBeInTheDocument());
    expect(within(timeline).getByText('Telepon')).toBeInTheDocument();
    expect(screen.getByTestId('last-contact')).not.toHaveTextContent('—');
    expect(within(form).getByRole('textbox', { name: 'Catatan' })).toHaveValue('');
  });

  it('WhatsApp opens the wa.me link and logs the contact only when the staff confirms it was sent', async () => {
    const { store, customer } = storeWithCustomer();
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    const { user, api } = renderApp(store, { screen: { name: 'customer', customerId: customer.id } });
    await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' });
    const wa = screen.getByRole('button', { name: 'WhatsApp' });
    await waitFor(() => expect(wa).toBeEnabled());
    await user.click(wa);
    await waitFor(() => expect(open).toHaveBeenCalledWith(expect.stringMatching(/^https:\/\/wa\.me\/6281234567890\?text=/), '_blank', 'noopener,noreferrer'));
    expect(await screen.findByText('Pesan terkirim?')).toBeInTheDocument();
    expect((await api['care.timeline']({ customerId: customer.id })).entries.filter((e) => e.kind === 'interaction')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Ya, terkirim' }));
    await waitFor(async () => expect((await api['care.timeline']({ customerId: customer.id })).entries.filter((e) => e.kind === 'interaction')).toHaveLength(1));
    expect(screen.queryByText('Pesan terkirim?')).toBeNull();
  });

  it('opens a complaint from the form (with the core’s translated errors), shows it on the timeline, resolves and closes it', async () => {
    const { store, customer } = storeWithCustomer();
    const { user } = renderApp(store, { screen: { name: 'customer', customerId: customer.id } });
    await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' });
    await user.click(screen.getByRole('button', { name: 'Keluhan baru' }));
    const form = screen.getByRole('form', { name: 'Keluhan baru' });
    expect(within(form).getByRole('combobox', { name: 'Kategori' })).toHaveFocus();
    // No description: the core says so, in Indonesian.
    await user.click(within(form).getByRole('button', { name: 'Simpan keluhan' }));
    expect(await within(form).findByText('Teks wajib diisi.')).toBeInTheDocument();
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Tingkat' }), 'high');
    await user.type(within(form).getByRole('textbox', { name: /^Uraian keluhan/ }), 'Kulkas tidak dingin');
    await user.type(within(form).getByRole('textbox', { name: /^Janji tindakan/ }), 'Teknisi datang');
    await user.click(within(form).getByRole('button', { name: 'Simpan keluhan' }));

    const detail = await screen.findByRole('region', { name: /^Keluhan: Produk cacat/ });
    expect(within(detail).getByTestId('complaint-status')).toHaveTextContent('Terbuka');
    expect(within(detail).getByText('Tenggat respons pertama')).toBeInTheDocument();
    const timeline = screen.getByRole('list', { name: 'Riwayat' });
    await waitFor(() => expect(within(timeline).getByText(/Kulkas tidak dingin/)).toBeInTheDocument());
    await waitFor(() => expect(screen.getByTestId('open-complaints')).toHaveTextContent('1'));

    await user.click(within(detail).getByRole('button', { name: 'Tandai selesai' }));
    await waitFor(() => expect(within(detail).getByTestId('complaint-status')).toHaveTextContent('Selesai'));
    // Closing needs a satisfaction score: the core's message, translated.
    await user.click(within(detail).getByRole('button', { name: 'Tutup keluhan' }));
    expect(await within(detail).findByRole('alert')).toHaveTextContent('Nilai kepuasan wajib diisi.');
    await user.selectOptions(within(detail).getByRole('combobox', { name: 'Kepuasan (1–5)' }), '5');
    await user.click(within(detail).getByRole('button', { name: 'Tutup keluhan' }));
    await waitFor(() => expect(within(detail).getByTestId('complaint-status')).toHaveTextContent('Ditutup'));
    expect(within(detail).getByTestId('complaint-satisfaction')).toHaveTextContent('5 / 5');
    expect(within(detail).getByRole('button', { name: 'Buka lagi' })).toBeInTheDocument();
    await waitFor(() => expect(within(timeline).getByText('Ditutup')).toBeInTheDocument());
  });

  it('my day on the home screen lists a follow-up due today without taking the search box’s focus, and opens the customer', async () => {
    const { store, outlet, customer } = storeWithCustomer();
    createFollowUp(store, { customerId: customer.id, reason: 'Tawarkan garansi tambahan', dueDate: outletToday(store, outlet.id) });
    const { user } = renderApp(store);
    const panel = await screen.findByRole('region', { name: /Hari ini/ });
    const due = within(panel).getByRole('list', { name: /Jatuh tempo hari ini/ });
    expect(within(due).getByText(/Tawarkan garansi tambahan/)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: /Cari/ })).toHaveFocus();
    await user.click(within(due).getByRole('button', { name: /Ni Made Ayu/ }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' })).toBeInTheDocument();
  });
});
