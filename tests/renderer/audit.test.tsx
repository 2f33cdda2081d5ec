// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { createCore } from '../../electron/core/api/core';
import { createApi } from '../../renderer/api/client';
import { transportFor } from './support/coreApi';
import { changeRole } from '../../electron/core/auth/staffManagement';
import { ensureOutlet, useOutlet as serveOutlet } from '../../electron/core/outlets/outlets';
import { aCustomer } from '../support/builders';
import { testStaff } from '../support/signedIn';
import { tempStore } from '../support/tempStore';
import { renderApp } from './support/renderApp';

/** A manager's morning: a customer registered, opened and renamed, another erased, a clerk's role changed. */
async function busyTrail(language: 'id' | 'en') {
  const store = tempStore();
  serveOutlet(store, ensureOutlet(store, 'BDG01'));
  const rina = testStaff(store, 'clerk', 'Rina');
  const app = renderApp(store, { as: 'admin', name: 'Bu Admin', language });
  const { api, core } = app;
  const ayu = await api['customers.register']({ draft: aCustomer().named('Ni Made Ayu').withCard('0088001111').build() });
  await api['customers.get']({ customerId: ayu.id });
  await api['customers.update']({ customerId: ayu.id, patch: { fullName: 'Ni Made Ayu Lestari' } });
  const budi = await api['customers.register']({ draft: aCustomer().named('Budi Hartono').withCard('0088002222').build() });
  const erased = await api['privacy.eraseCustomer']({ customerId: budi.id, confirmName: 'Budi Hartono', reason: 'permintaan tertulis' });
  // Rina, a clerk at her own till, tries the audit trail.
  const till = createCore(store);
  till.session.start(rina, 'pin');
  await expect(createApi(transportFor(till))['audit.list']({})).rejects.toThrow();
  changeRole(store, core.session.current()!, rina.staffId, 'booth');
  return { ...app, ids: [ayu.id, budi.id], pseudonym: erased.pseudonym };
}

const rowWith = (table: HTMLElement, action: string) => within(table).getAllByRole('row').filter((r) => within(r).queryByText(action));

describe('the audit trail', () => {
  it("names the customer and card, says the action and its details in words, and finds a customer by card or name", async () => {
    const { user, ids, pseudonym } = await busyTrail('id');
    await user.click(await screen.findByRole('button', { name: 'Pengaturan' }));
    await user.click(await screen.findByRole('button', { name: 'Jejak audit' }));
    const table = await screen.findByRole('table', { name: 'Jejak audit' });
    await waitFor(() => expect(rowWith(table, 'Ubah data pelanggan')).toHaveLength(1));

    const [edit] = rowWith(table, 'Ubah data pelanggan');
    expect(edit).toHaveTextContent('Ni Made Ayu Lestari · kartu 0088001111');
    expect(edit).toHaveTextContent('Nama: Ni Made Ayu → Ni Made Ayu Lestari');
    expect(rowWith(table, 'Ubah peran')[0]).toHaveTextContent('Rina: Staf toko → SPG booth');
    expect(rowWith(table, 'Akses ditolak')[0]).toHaveTextContent('Mencoba membuka jejak audit · Peran Anda tidak mengizinkan tindakan ini.');
    const [erasure] = rowWith(table, 'Penghapusan data');
    expect(erasure).toHaveTextContent(`${pseudonym} (data dihapus)`);
    expect(erasure).toHaveTextContent('1 data dihapus, 0 pembelian disimpan tanpa nama · alasan: permintaan tertulis');
    // Budi's registration, before the erasure, names him only by the pseudonym now.
    expect(within(table).queryByText(/Budi/)).toBeNull();
    const text = table.textContent!;
    for (const raw of ['{', '"', 'customers.update', 'customer.edit', 'audit.list', ...ids]) expect(text).not.toContain(raw);

    const filter = screen.getByLabelText('Pelanggan (nama, no. kartu atau HP)');
    await user.type(filter, '0088001111');
    await user.click(screen.getByRole('button', { name: 'Terapkan' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('3 catatan'));
    const rows = within(screen.getByRole('table', { name: 'Jejak audit' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => (r as HTMLTableRowElement).cells[2]!.textContent)).toEqual(['Ubah data pelanggan', 'Buka data pelanggan', 'Daftar pelanggan']);

    await user.clear(filter);
    await user.type(filter, 'ni made');
    await user.click(screen.getByRole('button', { name: 'Terapkan' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('3 catatan'));

    await user.clear(filter);
    await user.type(filter, 'Tidak Ada Orangnya');
    await user.click(screen.getByRole('button', { name: 'Terapkan' }));
    expect(await screen.findByText('Tidak ada catatan untuk saringan ini.')).toBeInTheDocument();
  });

  it('reads in English too', async () => {
    const { user } = await busyTrail('en');
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    await user.click(await screen.findByRole('button', { name: 'Audit trail' }));
    const table = await screen.findByRole('table', { name: 'Audit trail' });
    await waitFor(() => expect(rowWith(table, 'Customer edited')).toHaveLength(1));
    expect(rowWith(table, 'Customer edited')[0]).toHaveTextContent('Name: Ni Made Ayu → Ni Made Ayu Lestari');
    expect(rowWith(table, 'Role changed')[0]).toHaveTextContent('Rina: Store clerk → Booth staff');
    expect(rowWith(table, 'Access refused')[0]).toHaveTextContent('Tried to open the audit trail');
    expect(rowWith(table, 'Data erasure')[0]).toHaveTextContent('1 record erased, 0 purchases kept without a name · reason: permintaan tertulis');
    expect(screen.getByLabelText('Customer (name, card no. or phone)')).toBeInTheDocument();
  });
});
