// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet, useOutlet as serveOutlet } from '../../electron/core/outlets/outlets';
import { openComplaint } from '../../electron/core/care/complaints/complaints';
import { createFollowUp, listFollowUps, outletToday } from '../../electron/core/care/followUps/followUps';
import { runFollowUpRules } from '../../electron/core/care/followUps/rules';
import type { Store } from '../../electron/core/store/store';
import { dateInZone } from '../../renderer/features/care/FollowUpPanel';
import { renderApp } from './support/renderApp';

beforeAll(() => {
  // jsdom lays nothing out: give the virtualised timeline a viewport so it renders rows.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 300 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 900 });
});

function storeWithCustomer() {
  const store = tempStore();
  const outlet = ensureOutlet(store, 'BDG01', { name: 'Bandung Mall' });
  serveOutlet(store, outlet);
  const customer = registerCustomer(store, aCustomer().named('Ni Made Ayu').withPhone('0812-3456-7890').withCard('8800001111').build());
  return { store, outlet, customer };
}

/** Opens a complaint as if it had been opened `days` ago: past its service level today. */
function openComplaintDaysAgo(store: Store, days: number, input: Parameters<typeof openComplaint>[1]) {
  const clock = store as { now: () => Date };
  const real = clock.now;
  clock.now = () => new Date(real().getTime() - days * 86_400_000);
  try {
    return openComplaint(store, input);
  } finally {
    clock.now = real;
  }
}

function outcomeOf(store: Store, followUpId: string) {
  return store.sqlite.prepare('SELECT status, note FROM follow_up_outcomes WHERE id = ?').get(followUpId);
}

describe('my day: follow-ups closed in place, complaints awaiting a response', () => {
  it('marks a follow-up done with a note and cancels another without leaving the home screen; the lists refresh', async () => {
    const { store, outlet, customer } = storeWithCustomer();
    const today = outletToday(store, outlet.id);
    const garansi = createFollowUp(store, { customerId: customer.id, reason: 'Tawarkan garansi tambahan', dueDate: today });
    const kirim = createFollowUp(store, { customerId: customer.id, reason: 'Konfirmasi jadwal kirim', dueDate: today });
    const { user } = renderApp(store);
    const panel = await screen.findByRole('region', { name: /Hari ini/ });
    const due = within(panel).getByRole('list', { name: /Jatuh tempo hari ini/ });
    expect(within(due).getAllByRole('listitem')).toHaveLength(2);
    // My day never takes the focus from the search box.
    expect(screen.getByRole('combobox', { name: /Cari/ })).toHaveFocus();

    await user.click(within(due).getByRole('button', { name: 'Selesai: Tawarkan garansi tambahan' }));
    const note = within(panel).getByRole('textbox', { name: 'Catatan hasil (opsional)' });
    expect(note).toHaveFocus();
    await user.keyboard('Pelanggan ambil garansi 2 tahun{Enter}');

    await waitFor(() =>
      expect(within(panel).getByRole('list', { name: /Jatuh tempo hari ini/ })).not.toHaveTextContent('Tawarkan garansi tambahan'),
    );
    expect(within(panel).getByRole('list', { name: /Selesai hari ini/ })).toHaveTextContent('Tawarkan garansi tambahan');
    expect(within(panel).getByRole('status')).toHaveTextContent('Tindak lanjut selesai: Ni Made Ayu.');
    expect(outcomeOf(store, garansi.id)).toEqual({ status: 'done', note: 'Pelanggan ambil garansi 2 tahun' });

    // Cancel: Esc backs out (focus back on the button), then Enter with no note cancels it.
    const drop = within(panel).getByRole('button', { name: 'Batalkan: Konfirmasi jadwal kirim' });
    await user.click(drop);
    expect(within(panel).getByRole('textbox', { name: 'Alasan pembatalan (opsional)' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(within(panel).queryByRole('textbox', { name: 'Alasan pembatalan (opsional)' })).toBeNull();
    expect(drop).toHaveFocus();
    await user.click(drop);
    await user.click(within(panel).getByRole('button', { name: /Batalkan tindak lanjut/ }));
    await waitFor(() => expect(within(panel).getByRole('status')).toHaveTextContent('Tindak lanjut dibatalkan: Ni Made Ayu.'));
    await waitFor(() => expect(within(panel).queryByRole('list', { name: /Jatuh tempo hari ini/ })).toBeNull()); // nothing left: "Tidak ada."
    expect(outcomeOf(store, kirim.id)).toEqual({ status: 'cancelled', note: null });
    expect(listFollowUps(store, { status: 'open' })).toEqual([]);
  });

  it('shows a follow-up the core refuses to close with the core’s message, translated', async () => {
    const { store, outlet, customer } = storeWithCustomer();
    const f = createFollowUp(store, { customerId: customer.id, reason: 'Telepon balik', dueDate: outletToday(store, outlet.id) });
    const { user, api } = renderApp(store, { language: 'en' });
    const panel = await screen.findByRole('region', { name: /My day/ });
    await user.click(within(panel).getByRole('button', { name: 'Done: Telepon balik' }));
    // Someone else closed it in the meantime (another window, a synced device).
    await api['care.followUps.cancel']({ followUpId: f.id });
    await user.click(within(panel).getByRole('button', { name: /Save as done/ }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent('This follow-up is already closed (cancelled).');
  });

  it('lists fresh complaints awaiting a first response after the overdue ones, which are highlighted', async () => {
    const { store, customer } = storeWithCustomer();
    const budi = registerCustomer(store, aCustomer().named('Budi Santoso').withPhone('0813-1111-2222').build());
    openComplaint(store, { customerId: customer.id, category: 'delivery', severity: 'normal', description: 'Kulkas belum dikirim' });
    openComplaintDaysAgo(store, 7, { customerId: budi.id, category: 'billing', severity: 'high', description: 'Tagihan ganda' });
    const { user } = renderApp(store);
    const panel = await screen.findByRole('region', { name: /Hari ini/ });
    const list = within(panel).getByRole('list', { name: /Keluhan perlu ditangani/ });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(/Lewat tenggat.*Budi Santoso.*Tagihan.*Tinggi/);
    expect(items[0]).toHaveClass('overdue');
    expect(items[1]).toHaveTextContent(/Menunggu respons.*Ni Made Ayu.*Pengiriman.*respons sebelum/);
    expect(items[1]).not.toHaveClass('overdue');
    await user.click(within(items[1]!).getByRole('button'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' })).toBeInTheDocument();
  });
});

describe('a follow-up from the customer page', () => {
  it('due tomorrow for me by default; a date in the past gets the core’s message; saved for the whole outlet it shows in the list', async () => {
    const { store, customer } = storeWithCustomer();
    const { user } = renderApp(store, { screen: { name: 'customer', customerId: customer.id }, as: 'clerk', name: 'Rina' });
    await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' });
    const section = screen.getByRole('region', { name: 'Tindak lanjut' });
    expect(within(section).getByText('Tidak ada tindak lanjut terbuka.')).toBeInTheDocument();
    await user.click(within(section).getByRole('button', { name: 'Tindak lanjut baru' }));
    const form = within(section).getByRole('form', { name: 'Tindak lanjut baru' });
    expect(within(form).getByRole('textbox', { name: 'Alasan' })).toHaveFocus();
    const dueDate = within(form).getByLabelText('Jatuh tempo');
    await waitFor(() => expect(dueDate).toHaveValue(dateInZone('Asia/Jakarta', 1)));
    expect(within(form).getByRole('combobox', { name: 'Untuk' })).toHaveValue('me');
    expect(within(form).getByRole('option', { name: 'Saya (Rina)' })).toBeInTheDocument();

    // Nothing typed: the core wants a reason.
    await user.click(within(form).getByRole('button', { name: 'Simpan tindak lanjut' }));
    expect(await within(form).findByText('Teks wajib diisi.')).toBeInTheDocument();
    // A date in the past: the core refuses it, in Indonesian, beside the date.
    await user.type(within(form).getByRole('textbox', { name: 'Alasan' }), 'Tawarkan servis AC gratis');
    fireEvent.change(dueDate, { target: { value: dateInZone('Asia/Jakarta', -1) } });
    await user.click(within(form).getByRole('button', { name: 'Simpan tindak lanjut' }));
    expect(await within(form).findByText('Tenggat tidak boleh di masa lalu.')).toBeInTheDocument();
    expect(dueDate).toHaveAttribute('aria-invalid', 'true');
    expect(listFollowUps(store)).toEqual([]);

    fireEvent.change(dueDate, { target: { value: dateInZone('Asia/Jakarta', 2) } });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Untuk' }), 'outlet');
    await user.click(within(form).getByRole('button', { name: 'Simpan tindak lanjut' }));
    await waitFor(() =>
      expect(within(section).getByRole('list', { name: 'Tindak lanjut' })).toHaveTextContent(/Tawarkan servis AC gratis.*seluruh outlet/),
    );
    expect(within(section).getByRole('status')).toHaveTextContent('Tindak lanjut dibuat untuk');
    expect(listFollowUps(store).map((f) => [f.reason, f.owner, f.dueDate, f.kind])).toEqual([
      ['Tawarkan servis AC gratis', null, dateInZone('Asia/Jakarta', 2), 'manual'],
    ]);
    expect(within(section).getByRole('button', { name: 'Tindak lanjut baru' })).toHaveFocus();

    // Done from the customer page too.
    await user.click(within(section).getByRole('button', { name: 'Selesai: Tawarkan servis AC gratis' }));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(within(section).getByText('Tidak ada tindak lanjut terbuka.')).toBeInTheDocument());
    expect(listFollowUps(store, { status: 'done' })).toHaveLength(1);
  });

  it('Esc closes the form without leaving the customer page', async () => {
    const { store, customer } = storeWithCustomer();
    const { user } = renderApp(store, { screen: { name: 'customer', customerId: customer.id } });
    await screen.findByRole('heading', { level: 1, name: 'Ni Made Ayu' });
    const section = screen.getByRole('region', { name: 'Tindak lanjut' });
    await user.click(within(section).getByRole('button', { name: 'Tindak lanjut baru' }));
    await user.keyboard('{Escape}');
    expect(within(section).queryByRole('form')).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Ni Made Ayu' })).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Tindak lanjut baru' })).toHaveFocus();
  });
});

describe('follow-up reasons in the reader’s language', () => {
  it('a rule’s reason reads in English on my day and on the customer page; a typed one stays as typed', async () => {
    const { store, outlet } = storeWithCustomer();
    const today = outletToday(store, outlet.id);
    const born = `1990-${today.slice(5)}`;
    const customer = registerCustomer(store, aCustomer().named('Putu Sari').withPhone('0813-2222-3333').withCard('8800002222').bornOn(born).build());
    runFollowUpRules(store);
    createFollowUp(store, { customerId: customer.id, reason: 'Telepon balik', dueDate: today });
    const birthday = listFollowUps(store, { customerId: customer.id }).find((f) => f.kind === 'birthday');
    expect(birthday?.reason).toMatch(/^Ulang tahun/);
    const { user } = renderApp(store, { language: 'en' });
    const panel = await screen.findByRole('region', { name: /My day/ });
    const dayMonth = `${today.slice(8, 10)}/${today.slice(5, 7)}`;
    expect(await within(panel).findByText(new RegExp(`Birthday on ${dayMonth}: send greetings`))).toBeInTheDocument();
    expect(within(panel).queryByText(/Ulang tahun/)).toBeNull();
    expect(within(panel).getByText(/Telepon balik/)).toBeInTheDocument();
    await user.click(within(panel).getAllByRole('button', { name: /Putu Sari/ })[0]!);
    expect(await screen.findByText(new RegExp(`Birthday on ${dayMonth}: send greetings`))).toBeInTheDocument();
  });
});
