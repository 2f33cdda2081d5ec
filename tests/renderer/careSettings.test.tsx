// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { tempStore } from '../support/tempStore';
import { ensureOutlet, useOutlet as serveOutlet } from '../../electron/core/outlets/outlets';
import { followUpRules, listClosedDays, openingHours, serviceLevels } from '../../electron/core/care/settings/careSettings';
import { listTemplates } from '../../electron/core/care/templates/templates';
import { renderApp } from './support/renderApp';

function outletStore() {
  const store = tempStore();
  const outlet = ensureOutlet(store, 'BDG01', { name: 'Bandung Mall' });
  serveOutlet(store, outlet);
  return { store, outlet };
}

/** A manager (signed in with the password) opens "Pengaturan layanan" from the top bar and picks a part. */
async function openSettings(user: ReturnType<typeof renderApp>['user'], part: RegExp | string) {
  await user.click(await screen.findByRole('button', { name: /^(Pengaturan|Settings)$/ }));
  await user.click(await screen.findByRole('button', { name: /^Pengaturan layanan|^Care settings/ }));
  await screen.findByRole('heading', { level: 1, name: /Pengaturan layanan pelanggan|Customer care settings/ });
  await user.click(
    within(screen.getByRole('navigation', { name: /Bagian pengaturan|Settings sections/ })).getByRole('button', { name: part }),
  );
}

describe('care settings (managers)', () => {
  it('is a manager’s screen: a clerk has no tab for it', async () => {
    const { store } = outletStore();
    renderApp(store, { as: 'clerk' });
    await screen.findByRole('combobox', { name: /Cari/ });
    expect(screen.queryByRole('button', { name: /Pengaturan layanan/ })).toBeNull();
  });

  it('edits a WhatsApp template: an unknown placeholder gets the core’s message; saved, then put back to the built-in Indonesian text', async () => {
    const { store, outlet } = outletStore();
    const { user } = renderApp(store, { as: 'manager' });
    await openSettings(user, 'Template pesan');
    const box = await screen.findByRole('textbox', { name: /^Sapaan/ });
    expect((box as HTMLTextAreaElement).value).toMatch(/^Halo \{sapaan\} \{nama\}/);
    const form = screen.getByRole('form', { name: /^Sapaan/ });
    expect(within(form).getByText('teks bawaan')).toBeInTheDocument();

    await user.clear(box);
    await user.type(box, 'Halo {{nama}, ada hadiah {{hadiah} untuk Anda.');
    await user.click(within(form).getByRole('button', { name: 'Simpan template Sapaan' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Template memakai isian yang tidak dikenal.');
    expect(box).toHaveAttribute('aria-invalid', 'true');

    await user.clear(box);
    await user.type(box, 'Halo {{sapaan} {{nama}, salam dari {{outlet}.');
    await user.click(within(form).getByRole('button', { name: 'Simpan template Sapaan' }));
    await waitFor(() => expect(within(form).getByRole('status')).toHaveTextContent('Tersimpan.'));
    expect(within(form).getByText('diubah outlet')).toBeInTheDocument();
    expect(listTemplates(store, outlet.id).find((t) => t.key === 'greeting')).toMatchObject({
      body: 'Halo {sapaan} {nama}, salam dari {outlet}.',
      customised: true,
    });

    await user.click(within(form).getByRole('button', { name: 'Kembalikan teks bawaan Sapaan' }));
    await waitFor(() => expect(within(form).getByText('teks bawaan')).toBeInTheDocument());
    expect((box as HTMLTextAreaElement).value).toMatch(/^Halo \{sapaan\} \{nama\}, salam dari \{outlet\}\. Terima kasih/);
    expect(listTemplates(store, outlet.id).find((t) => t.key === 'greeting')?.customised).toBe(false);
  });

  it('follow-up rules: switch one off, change days and amounts, and see the core’s message on a bad number', async () => {
    const { store, outlet } = outletStore();
    const { user } = renderApp(store, { as: 'manager' });
    await openSettings(user, 'Aturan tindak lanjut');
    const form = await screen.findByRole('form', { name: 'Aturan tindak lanjut' });
    const birthday = await within(form).findByRole('group', { name: 'Ucapan ulang tahun' });
    const afterPurchase = within(form).getByRole('group', { name: 'Telepon kepuasan setelah pembelian' });
    const neglected = within(form).getByRole('group', { name: 'Pelanggan bernilai tinggi yang lama tak dihubungi' });

    await user.click(within(birthday).getByRole('checkbox', { name: 'Aktif' }));
    await user.clear(within(birthday).getByRole('spinbutton', { name: 'Berapa hari sebelumnya' }));
    await user.type(within(birthday).getByRole('spinbutton', { name: 'Berapa hari sebelumnya' }), '10');
    await user.clear(within(afterPurchase).getByRole('spinbutton', { name: 'Minimal nilai pembelian (Rp)' }));
    await user.type(within(afterPurchase).getByRole('spinbutton', { name: 'Minimal nilai pembelian (Rp)' }), '7500000');
    // Zero days without contact: the core refuses it, beside the field.
    await user.clear(within(neglected).getByRole('spinbutton', { name: 'Tanpa kontak selama (hari)' }));
    await user.type(within(neglected).getByRole('spinbutton', { name: 'Tanpa kontak selama (hari)' }), '0');
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    expect(await within(neglected).findByText('Jumlah hari tidak valid.')).toBeInTheDocument();
    expect(within(form).getByRole('alert')).toHaveTextContent('Periksa isian yang ditandai.');
    expect(followUpRules(store, outlet.id).birthday.enabled).toBe(true);

    await user.clear(within(neglected).getByRole('spinbutton', { name: 'Tanpa kontak selama (hari)' }));
    await user.type(within(neglected).getByRole('spinbutton', { name: 'Tanpa kontak selama (hari)' }), '60');
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(within(form).getByTestId('settings-rules-status')).toHaveTextContent('Tersimpan.'));
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(followUpRules(store, outlet.id)).toMatchObject({
      birthday: { enabled: false, daysAhead: 10 },
      afterPurchase: { enabled: true, minAmount: 7_500_000 },
      neglected: { noContactDays: 60 },
      managerStaff: null,
    });
  });

  it('opening hours per weekday: a day closed, a bad time range refused in its row, then saved', async () => {
    const { store, outlet } = outletStore();
    const { user } = renderApp(store, { as: 'manager' });
    await openSettings(user, 'Jam buka');
    const form = await screen.findByRole('form', { name: 'Jam buka' });
    const mondayOpens = await within(form).findByLabelText('Jam buka Senin');
    expect(mondayOpens).toHaveValue('09:00');
    expect(within(form).getByLabelText('Jam buka Minggu')).toHaveValue('10:00');

    await user.click(within(form).getByRole('checkbox', { name: 'Buka hari Minggu' }));
    expect(within(form).getByLabelText('Jam buka Minggu')).toBeDisabled();
    fireEvent.change(mondayOpens, { target: { value: '22:00' } });
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    const monday = within(form).getByRole('row', { name: /^Senin/ });
    expect(await within(monday).findByText('Jam buka tidak valid.')).toBeInTheDocument();
    expect(mondayOpens).toHaveAttribute('aria-invalid', 'true');

    fireEvent.change(mondayOpens, { target: { value: '08:00' } });
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    await waitFor(() => expect(within(form).getByTestId('settings-hours-status')).toHaveTextContent('Tersimpan.'));
    const hours = openingHours(store, outlet.id);
    expect(hours[0]).toEqual({ opens: '08:00', closes: '21:00' });
    expect(hours[6]).toBeNull();

    // Closed every day: the core's own message at the foot of the form.
    for (const day of ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'])
      await user.click(within(form).getByRole('checkbox', { name: `Buka hari ${day}` }));
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Outlet ini tidak pernah buka pada waktu tersebut.');
  });

  it('service levels per category × severity, in English: a zero response time refused, then saved', async () => {
    const { store, outlet } = outletStore();
    const { user } = renderApp(store, { as: 'manager', language: 'en' });
    await openSettings(user, 'Service levels');
    const form = await screen.findByRole('form', { name: 'Service levels' });
    const cell = await within(form).findByRole('spinbutton', { name: 'Product defect, High: first response (hours)' });
    expect(cell).toHaveValue(2);
    await user.clear(cell);
    await user.type(cell, '0');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('Invalid SLA.')).toBeInTheDocument();
    await user.clear(cell);
    await user.type(cell, '1');
    const days = within(form).getByRole('spinbutton', { name: 'Warranty, Low: resolution (business days)' });
    await user.clear(days);
    await user.type(days, '14');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(form).getByTestId('settings-sla-status')).toHaveTextContent('Saved.'));
    const levels = serviceLevels(store, outlet.id);
    expect(levels.product_defect.high).toEqual({ responseHours: 1, resolutionDays: 3 });
    expect(levels.warranty.low).toEqual({ responseHours: 8, resolutionDays: 14 });
    expect(levels.delivery.normal).toEqual({ responseHours: 4, resolutionDays: 4 });
  });

  it('closed days: add one (a missing name gets the core’s message), then remove it', async () => {
    const { store, outlet } = outletStore();
    const { user } = renderApp(store, { as: 'manager' });
    await openSettings(user, 'Hari libur');
    const section = await screen.findByRole('region', { name: 'Hari libur' });
    expect(await within(section).findByText('Belum ada hari libur.')).toBeInTheDocument();
    const form = within(section).getByRole('form', { name: 'Tambah hari libur' });
    fireEvent.change(within(form).getByLabelText('Tanggal'), { target: { value: '2026-12-25' } });
    await user.click(within(form).getByRole('button', { name: 'Tambah hari libur' }));
    expect(await within(form).findByText('Teks wajib diisi.')).toBeInTheDocument();

    await user.type(within(form).getByRole('textbox', { name: 'Nama' }), 'Hari Raya Natal');
    await user.click(within(form).getByRole('checkbox', { name: 'Semua outlet' }));
    await user.click(within(form).getByRole('button', { name: 'Tambah hari libur' }));
    const row = await within(section).findByRole('row', { name: /Hari Raya Natal/ });
    expect(row).toHaveTextContent(/25 Desember 2026.*Hari Raya Natal.*Semua outlet/);
    expect(within(section).getByTestId('settings-holidays-status')).toHaveTextContent('Hari Raya Natal ditambahkan.');
    expect(listClosedDays(store, outlet.id).map((d) => [d.date, d.name, d.allOutlets])).toEqual([['2026-12-25', 'Hari Raya Natal', true]]);

    await user.click(within(row).getByRole('button', { name: 'Hapus Hari Raya Natal (25 Desember 2026)' }));
    await waitFor(() => expect(within(section).getByText('Belum ada hari libur.')).toBeInTheDocument());
    expect(within(section).getByTestId('settings-holidays-status')).toHaveTextContent('Hari Raya Natal dihapus.');
    expect(within(section).getByRole('heading', { name: 'Hari libur' })).toHaveFocus();
    expect(listClosedDays(store, outlet.id)).toEqual([]);
  });
});
