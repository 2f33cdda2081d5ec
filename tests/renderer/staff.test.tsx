// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { listAudit } from '../../electron/core/auth/auditLog';
import { autoLockMinutes } from '../../electron/core/auth/deviceSession';
import { staffForSignIn } from '../../electron/core/auth/sessionInfo';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { ensureOutlet, useOutlet as serveOutlet } from '../../electron/core/outlets/outlets';
import { akrabErrorOf } from '../support/akrabError';
import { TEST_PIN, testStaff } from '../support/signedIn';
import { tempStore } from '../support/tempStore';
import { renderApp } from './support/renderApp';

/** Outlet BDG01 (this device) with a manager, a clerk and a booth SPG; SBY01 with a clerk of its own. */
function outletStore() {
  const store = tempStore();
  serveOutlet(store, ensureOutlet(store, 'BDG01'));
  testStaff(store, 'admin', 'Admin Uji');
  testStaff(store, 'manager', 'Pak Budi');
  const rina = testStaff(store, 'clerk', 'Rina');
  testStaff(store, 'booth', 'Dodi');
  const sby = ensureOutlet(store, 'SBY01');
  store.sqlite.prepare('UPDATE staff SET outlet_id = ? WHERE id = ?').run(sby.id, testStaff(store, 'clerk', 'Sari Surabaya').staffId);
  return { store, rina };
}

const staffTable = async () => within(await screen.findByRole('table', { name: 'Staf' }));
const rowOf = async (name: string) => (await staffTable()).getByRole('row', { name: new RegExp(`^${name}`) });

describe('the staff screen', () => {
  it("a manager sees their outlet's staff, may manage only clerks and booth staff, and adds a clerk who can then sign in", async () => {
    const { store } = outletStore();
    const { user } = renderApp(store, { as: 'manager', name: 'Pak Budi' });
    await user.click(await screen.findByRole('button', { name: 'Pengaturan' }));
    await user.click(await screen.findByRole('button', { name: 'Staf' }));
    const table = await staffTable();
    await waitFor(() => expect(table.getAllByRole('row')).toHaveLength(4));
    expect(table.queryByText('Sari Surabaya')).toBeNull();
    expect(table.queryByText('Admin Uji')).toBeNull();
    expect(within(await rowOf('Pak Budi')).queryByRole('button')).toBeNull();
    expect(within(await rowOf('Rina')).getByRole('button', { name: 'Kelola Rina' })).toBeInTheDocument();

    // The role list offers only what a manager may give; the core refuses a weak PIN.
    const form = screen.getByRole('form', { name: 'Tambah staf' });
    const roles = within(within(form).getByLabelText('Peran'))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(roles).toEqual(['SPG booth', 'Staf toko']);
    expect(within(form).getByLabelText('Outlet')).toHaveValue('BDG01');
    await user.type(within(form).getByLabelText('Nama'), 'Tono');
    await user.type(within(form).getByLabelText('PIN (6–8 angka)'), '111111');
    await user.click(within(form).getByRole('button', { name: 'Tambah staf' }));
    expect(await within(form).findByText('PIN tidak boleh satu angka yang diulang atau angka berurutan (misalnya 111111 atau 123456).')).toBeInTheDocument();
    await user.clear(within(form).getByLabelText('PIN (6–8 angka)'));
    await user.type(within(form).getByLabelText('PIN (6–8 angka)'), '147036');
    await user.click(within(form).getByRole('button', { name: 'Tambah staf' }));
    expect(await screen.findByText('Tono ditambahkan.')).toBeInTheDocument();
    expect(await rowOf('Tono')).toHaveTextContent(/Staf toko.*BDG01.*Aktif/);
    const tono = staffForSignIn(store).find((s) => s.name === 'Tono')!;
    expect(signIn(store, tono.id, { pin: '147036' }).role).toBe('clerk');
    expect(listAudit(store, { action: 'staff.create' })[0]).toMatchObject({
      staffName: 'Pak Budi',
      details: { name: 'Tono', role: 'clerk', outlet: 'BDG01' },
    });
  });

  it('deactivating takes a clerk off the sign-in list and out of signing in; reactivating and a new PIN bring them back', async () => {
    const { store, rina } = outletStore();
    const { user } = renderApp(store, { as: 'manager', name: 'Pak Budi', screen: { name: 'staff' } });
    await user.click(within(await rowOf('Rina')).getByRole('button', { name: 'Kelola Rina' }));
    const panel = await screen.findByRole('region', { name: 'Kelola: Rina' });
    await user.click(within(panel).getByRole('button', { name: 'Nonaktifkan' }));
    expect(await screen.findByText('Rina dinonaktifkan.')).toBeInTheDocument();
    await waitFor(async () => expect(await rowOf('Rina')).toHaveTextContent('Nonaktif'));
    expect(staffForSignIn(store).map((s) => s.name)).not.toContain('Rina');
    expect(akrabErrorOf(() => signIn(store, rina.staffId, { pin: TEST_PIN })).messageKey).toBe('error.sign_in_failed');

    await user.click(within(screen.getByRole('region', { name: 'Kelola: Rina' })).getByRole('button', { name: 'Aktifkan kembali' }));
    expect(await screen.findByText('Rina aktif kembali.')).toBeInTheDocument();
    const reset = within(screen.getByRole('region', { name: 'Kelola: Rina' })).getByRole('form', { name: 'Reset PIN' });
    await user.type(within(reset).getByLabelText('PIN baru (6–8 angka)'), '258074');
    await user.click(within(reset).getByRole('button', { name: 'Simpan PIN baru' }));
    expect(await screen.findByText('PIN Rina sudah diganti.')).toBeInTheDocument();
    expect(signIn(store, rina.staffId, { pin: '258074' }).name).toBe('Rina');
    expect(listAudit(store).map((a) => a.action)).toEqual(
      expect.arrayContaining(['staff.deactivate', 'staff.reactivate', 'staff.reset_pin']),
    );
  });

  it('an admin promotes a clerk to manager, giving the password the role needs', async () => {
    const { store } = outletStore();
    // The test accounts all have a password; a clerk made at the counter has none.
    const tono = createStaff(store, testStaff(store, 'admin', 'Admin Uji'), {
      name: 'Tono',
      role: 'clerk',
      outletCode: 'BDG01',
      pin: '147036',
    });
    const { user } = renderApp(store, { as: 'admin', name: 'Admin Uji', screen: { name: 'staff' } });
    expect(await rowOf('Sari Surabaya')).toHaveTextContent('SBY01');
    await user.click(within(await rowOf('Tono')).getByRole('button', { name: 'Kelola Tono' }));
    const panel = await screen.findByRole('region', { name: 'Kelola: Tono' });
    const roleForm = within(panel).getByRole('form', { name: 'Peran baru' });
    await user.selectOptions(within(roleForm).getByLabelText('Peran baru'), 'Manajer');
    await user.click(within(roleForm).getByRole('button', { name: 'Simpan peran' }));
    expect(await within(roleForm).findByText('Peran ini wajib memakai kata sandi.')).toBeInTheDocument();
    await user.type(within(roleForm).getByLabelText('Kata sandi untuk peran ini (minimal 8 karakter)'), 'tono-manajer-1');
    await user.click(within(roleForm).getByRole('button', { name: 'Simpan peran' }));
    expect(await screen.findByText('Peran Tono kini Manajer.')).toBeInTheDocument();
    expect(signIn(store, tono.id, { password: 'tono-manajer-1' }).role).toBe('manager');
  });

  it('sets the auto-lock minutes for this device', async () => {
    const { store } = outletStore();
    const { user } = renderApp(store, { as: 'manager', name: 'Pak Budi', screen: { name: 'staff' } });
    const settings = await screen.findByRole('form', { name: 'Pengaturan' });
    const minutes = within(settings).getByLabelText('Kunci layar otomatis setelah tidak ada aktivitas (menit, 1–240)');
    expect(minutes).toHaveValue(5);
    await user.clear(minutes);
    await user.type(minutes, '12');
    await user.click(within(settings).getByRole('button', { name: 'Simpan pengaturan' }));
    expect(await within(settings).findByText('Tersimpan: layar terkunci setelah 12 menit tanpa aktivitas.')).toBeInTheDocument();
    expect(autoLockMinutes(store)).toBe(12);
    expect(listAudit(store, { action: 'settings.edit' })[0]).toMatchObject({ details: { setting: 'auto_lock_minutes', minutes: 12 } });
  });

  it('speaks English when chosen', async () => {
    const { store } = outletStore();
    renderApp(store, { as: 'manager', name: 'Pak Budi', screen: { name: 'staff' }, language: 'en' });
    expect(await screen.findByRole('table', { name: 'Staff' })).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Add staff' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Manage Rina' })).toBeInTheDocument();
    expect(
      screen.getByText('Store clerks and booth staff of outlet BDG01. Managers and admins are managed by an admin.'),
    ).toBeInTheDocument();
  });

  it('clerks have no staff tab', async () => {
    const { store } = outletStore();
    renderApp(store, { as: 'clerk', name: 'Rina' });
    const nav = await screen.findByRole('navigation');
    expect(within(nav).queryByRole('button', { name: 'Staf' })).toBeNull();
  });
});

describe('changing my own PIN', () => {
  it('a clerk changes their PIN from the status bar, giving the current one; mistakes are explained', async () => {
    const { store, rina } = outletStore();
    const { user } = renderApp(store, { as: 'clerk', name: 'Rina', method: 'pin' });
    await user.click(await screen.findByRole('button', { name: 'Ganti PIN' }));
    const form = await screen.findByRole('form', { name: 'Ganti PIN / kata sandi' });
    expect(within(form).queryByRole('group', { name: 'Yang diganti' })).toBeNull();
    const current = within(form).getByLabelText('PIN saat ini');
    const next = within(form).getByLabelText('PIN baru (6–8 angka, bukan satu angka diulang atau berurutan)');
    const repeat = within(form).getByLabelText('Ulangi yang baru');
    const save = within(form).getByRole('button', { name: 'Simpan' });

    await user.type(current, '0000');
    await user.type(next, '369258');
    await user.type(repeat, '369257');
    await user.click(save);
    expect(await within(form).findByText('Ulangan tidak sama dengan yang baru.')).toBeInTheDocument();

    await user.clear(repeat);
    await user.type(repeat, '369258');
    await user.click(save);
    expect(await within(form).findByText('PIN atau kata sandi saat ini salah.')).toBeInTheDocument();
    expect(current).toHaveValue('');

    await user.type(current, TEST_PIN);
    await user.click(save);
    expect(await within(form).findByText('PIN Anda sudah diganti.')).toBeInTheDocument();
    expect(signIn(store, rina.staffId, { pin: '369258' }).name).toBe('Rina');
    expect(listAudit(store, { action: 'staff.secret' }).map((a) => a.outcome)).toEqual(['ok', 'failed']);
  });

  it('five wrong current PINs lock the account and bring back the sign-in screen', async () => {
    const { store } = outletStore();
    const { user } = renderApp(store, { as: 'clerk', name: 'Rina', method: 'pin', screen: { name: 'account' } });
    const form = await screen.findByRole('form', { name: 'Ganti PIN / kata sandi' });
    await user.type(within(form).getByLabelText('PIN baru (6–8 angka, bukan satu angka diulang atau berurutan)'), '369258');
    await user.type(within(form).getByLabelText('Ulangi yang baru'), '369258');
    for (let i = 0; i < 4; i++) {
      await user.type(within(form).getByLabelText('PIN saat ini'), '0000');
      await user.click(within(form).getByRole('button', { name: 'Simpan' }));
      await waitFor(() => expect(within(form).getByLabelText('PIN saat ini')).toHaveValue(''));
    }
    await user.type(within(form).getByLabelText('PIN saat ini'), '0000');
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    expect(await screen.findByRole('heading', { name: 'Masuk' })).toBeInTheDocument();
    expect(listAudit(store, { action: 'lock' })[0]).toMatchObject({ staffName: 'Rina', details: { reason: 'locked' } });
  });

  it('a manager may change the password instead', async () => {
    const { store } = outletStore();
    const { user } = renderApp(store, { as: 'manager', name: 'Pak Budi', screen: { name: 'account' } });
    const form = await screen.findByRole('form', { name: 'Ganti PIN / kata sandi' });
    await user.click(within(form).getByRole('radio', { name: 'Kata sandi' }));
    await user.type(within(form).getByLabelText('Kata sandi saat ini'), 'rahasia-uji');
    await user.type(within(form).getByLabelText('Kata sandi baru (minimal 8 karakter)'), 'pendek');
    await user.type(within(form).getByLabelText('Ulangi yang baru'), 'pendek');
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    expect(await within(form).findByText('Kata sandi terlalu pendek.')).toBeInTheDocument();
    await user.clear(within(form).getByLabelText('Kata sandi baru (minimal 8 karakter)'));
    await user.clear(within(form).getByLabelText('Ulangi yang baru'));
    await user.type(within(form).getByLabelText('Kata sandi saat ini'), 'rahasia-uji');
    await user.type(within(form).getByLabelText('Kata sandi baru (minimal 8 karakter)'), 'sandi-baru-budi');
    await user.type(within(form).getByLabelText('Ulangi yang baru'), 'sandi-baru-budi');
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    expect(await within(form).findByText('Kata sandi Anda sudah diganti.')).toBeInTheDocument();
    const budi = testStaff(store, 'manager', 'Pak Budi');
    expect(signIn(store, budi.staffId, { password: 'sandi-baru-budi' }).name).toBe('Pak Budi');
  });
});
