// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { listAudit } from '../../electron/core/auth/auditLog';
import { ensureOutlet, useOutlet as serveOutlet } from '../../electron/core/outlets/outlets';
import { tempStore } from '../support/tempStore';
import { testStaff } from '../support/signedIn';
import { renderApp } from './support/renderApp';

const searchBox = () => screen.findByRole('combobox', { name: /cari: nomor kartu, telepon, atau nama/i }, { timeout: 5000 });
const tabs = () => within(screen.getByRole('navigation', { name: /./ }));

afterEach(() => {
  vi.useRealTimers();
});

describe('first start', () => {
  it('an empty device offers the demo store and the first admin; the admin form checks its fields', async () => {
    const store = tempStore();
    const { user } = renderApp(store, { as: 'signedOut' });
    expect(await screen.findByRole('button', { name: 'Buat toko demo' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Nama'), 'Ibu Ani');
    await user.type(screen.getByLabelText('PIN (6–8 angka)'), '12');
    await user.type(screen.getByLabelText('Kata sandi (minimal 8 karakter)'), 'rahasia-toko');
    await user.click(screen.getByRole('button', { name: 'Buat admin dan masuk' }));
    expect(await screen.findByText('PIN baru harus 6–8 angka.')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('PIN (6–8 angka)'));
    await user.type(screen.getByLabelText('PIN (6–8 angka)'), '246813');
    await user.click(screen.getByRole('button', { name: 'Buat admin dan masuk' }));
    expect(await searchBox()).toBeInTheDocument();
    expect(screen.getByTestId('session')).toHaveTextContent('Admin');
    await waitFor(() => expect(screen.getByRole('contentinfo')).toHaveTextContent('Petugas: Ibu Ani'));
    expect(listAudit(store, { action: 'staff.create' })).toHaveLength(1);
  });

  it('"Buat toko demo" leads to a sign-in screen listing one demo account per role with its PIN; booth staff see only their screens', async () => {
    const store = tempStore();
    const { user } = renderApp(store, { as: 'signedOut' });
    await user.click(await screen.findByRole('button', { name: 'Buat toko demo' }));
    const picker = await screen.findByRole('group', { name: 'Staf di perangkat ini' }, { timeout: 20_000 });
    for (const [name, pin] of [['Dewi (Admin)', '1111'], ['Budi (Manajer)', '2222'], ['Sari (Staf toko)', '3333'], ['Rina (SPG)', '4444']] as const) {
      expect(within(picker).getByRole('radio', { name: new RegExp(`${name.replace(/[()]/g, '\\$&')}.*PIN demo: ${pin}`) })).toBeInTheDocument();
    }
    await user.click(within(picker).getByRole('radio', { name: /Rina \(SPG\)/ }));
    await user.keyboard('4444{Enter}');
    expect(await searchBox()).toBeInTheDocument();
    expect(tabs().queryByRole('button', { name: 'Laporan' })).toBeNull();
    expect(tabs().queryByRole('button', { name: 'Jejak audit' })).toBeNull();
    expect(tabs().getByRole('button', { name: /F3/ })).toBeInTheDocument();
  }, 30_000);
});

describe('sign-in, lock and quick switch', () => {
  function storeWithStaff() {
    const store = tempStore();
    serveOutlet(store, ensureOutlet(store, 'BDG01'));
    testStaff(store, 'admin', 'Admin Uji');
    const rina = testStaff(store, 'booth', 'Rina');
    const budi = testStaff(store, 'manager', 'Pak Budi');
    return { store, rina, budi };
  }

  it('a wrong PIN is refused with a message and audited; the PIN pad signs in', async () => {
    const { store } = storeWithStaff();
    const { user } = renderApp(store, { as: 'signedOut' });
    await user.click(await screen.findByRole('radio', { name: /^Rina/ }));
    await user.keyboard('0000{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Nama atau PIN/kata sandi salah.');
    expect(screen.getByLabelText('PIN untuk Rina')).toHaveValue('');
    for (const digit of '9999') await user.click(within(screen.getByRole('group', { name: 'Tombol angka PIN' })).getByRole('button', { name: digit }));
    await user.click(screen.getByRole('button', { name: 'Masuk' }));
    expect(await searchBox()).toBeInTheDocument();
    expect(listAudit(store, { action: 'sign_in' }).map((a) => a.outcome)).toEqual(['ok', 'failed']);
  });

  it('a PIN shorter than six digits (set before they were required) still signs in, and the app advises changing it', async () => {
    const { store } = storeWithStaff();
    const { user } = renderApp(store, { as: 'signedOut' });
    await user.click(await screen.findByRole('radio', { name: /^Rina/ }));
    await user.keyboard('9999{Enter}');
    expect(await searchBox()).toBeInTheDocument();
    await user.click(within(screen.getByTestId('session')).getByRole('button', { name: 'Ganti PIN (disarankan)' }));
    const form = await screen.findByRole('form', { name: 'Ganti PIN / kata sandi' });
    expect(within(form).getByText(/PIN Anda lebih pendek dari 6 angka/)).toBeInTheDocument();
    await user.type(within(form).getByLabelText('PIN saat ini'), '9999');
    await user.type(within(form).getByLabelText('PIN baru (6–8 angka, bukan satu angka diulang atau berurutan)'), '480516');
    await user.type(within(form).getByLabelText('Ulangi yang baru'), '480516');
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    expect(await within(form).findByText('PIN Anda sudah diganti.')).toBeInTheDocument();
    expect(within(form).queryByText(/PIN Anda lebih pendek dari 6 angka/)).toBeNull();
    expect(within(screen.getByTestId('session')).getByRole('button', { name: 'Ganti PIN' })).toBeInTheDocument();
  });

  it('lock returns to the sign-in screen with the same person chosen; a manager switches in and needs the password for the audit trail', async () => {
    const { store } = storeWithStaff();
    const { user } = renderApp(store, { as: 'booth', method: 'pin', name: 'Rina' });
    expect(await searchBox()).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Kunci' }));
    expect(await screen.findByRole('radio', { name: /^Rina/ })).toBeChecked();

    await user.click(screen.getByRole('radio', { name: /^Pak Budi/ }));
    await user.keyboard('9999{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Pengaturan' }));
    await user.click(await screen.findByRole('button', { name: 'Jejak audit' }));
    expect(await screen.findByRole('heading', { name: 'Konfirmasi kata sandi' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Kata sandi'), 'rahasia-uji{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Jejak audit' })).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Tindakan'), 'Kunci layar');
    await user.click(screen.getByRole('button', { name: 'Terapkan' }));
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('Rina');
  });

  it('keyboard: the focus starts on the staff list, arrows stay in it, Enter steps into the PIN box of the chosen person', async () => {
    const { store } = storeWithStaff();
    const { user } = renderApp(store, { as: 'signedOut' });
    const first = await screen.findByRole('radio', { name: /^Admin Uji/ });
    await waitFor(() => expect(first).toHaveFocus());
    // The list is sorted by name: Admin Uji, Pak Budi, Rina.
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const rina = screen.getByRole('radio', { name: /^Rina/ });
    expect(rina).toHaveFocus();
    expect(rina).toBeChecked();
    // Digits typed while the list has the focus go into nobody's PIN box.
    await user.keyboard('12');
    expect(screen.getByLabelText('PIN untuk Rina')).toHaveValue('');
    await user.keyboard('{ArrowUp}');
    expect(screen.getByRole('radio', { name: /^Pak Budi/ })).toHaveFocus();
    expect(screen.getByLabelText('PIN untuk Pak Budi')).not.toHaveFocus();
    await user.keyboard('{ArrowDown}{Enter}');
    const pin = screen.getByLabelText('PIN untuk Rina');
    await waitFor(() => expect(pin).toHaveFocus());
    await user.keyboard('9999{Enter}');
    expect(await searchBox()).toBeInTheDocument();
    expect(listAudit(store, { action: 'sign_in' })[0]).toMatchObject({ staffName: 'Rina', outcome: 'ok' });
  });

  it('after a lock the focus is on the person who locked, not in their PIN box', async () => {
    const { store } = storeWithStaff();
    const { user } = renderApp(store, { as: 'booth', method: 'pin', name: 'Rina' });
    expect(await searchBox()).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Kunci' }));
    const rina = await screen.findByRole('radio', { name: /^Rina/ });
    await waitFor(() => expect(rina).toHaveFocus());
    expect(screen.getByLabelText('PIN untuk Rina')).not.toHaveFocus();
  });

  it('locks itself after the idle time', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { store } = storeWithStaff();
    renderApp(store, { as: 'clerk' });
    expect(await searchBox()).toBeInTheDocument();
    await act(async () => {
      vi.advanceTimersByTime(5 * 60_000 + 15_000);
    });
    expect(await screen.findByText('Layar terkunci karena tidak ada aktivitas.')).toBeInTheDocument();
    expect(listAudit(store, { action: 'lock' })[0]).toMatchObject({ details: { reason: 'idle' } });
  });
});
