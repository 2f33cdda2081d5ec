// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { getCustomer } from '../../electron/core/customers/editCustomer';
import { lookupCustomer } from '../../electron/core/customers/lookup';
import { scanStore } from '../../electron/core/dedup/storeScan';
import { renderApp } from './support/renderApp';

function storeWithDuplicates() {
  const store = tempStore({ staff: 'Manager Ani' });
  const siti = registerCustomer(
    store,
    aCustomer()
      .named('Siti Rahayu')
      .withPhone('0812-1111-2222')
      .withCard('VIP700001')
      .bornOn('1985-03-04')
      .livingAt('Jl. Merdeka No. 12')
      .build(),
  );
  const sitti = registerCustomer(
    store,
    aCustomer()
      .named('Ibu Sitti Rahayu')
      .withPhone('+62 812 1111 2222')
      .withCard('VIP700002')
      .bornOn('1985-03-04')
      .withEmail('siti@example.com')
      .build(),
  );
  const budi = registerCustomer(
    store,
    aCustomer().named('Budi Hartono').withPhone('0813-9999-0000').withCard('VIP700003').bornOn('1970-07-07').build(),
  );
  const bud = registerCustomer(
    store,
    aCustomer().named('Bapak Budi Hartono, S.E.').withPhone('0813-9999-0000').withCard('VIP700004').bornOn('1970-07-07').build(),
  );
  scanStore(store);
  return { store, siti, sitti, budi, bud };
}

describe('duplicate review queue', () => {
  it('lists clusters with evidence side by side, merges with chosen values, and undoes the merge', async () => {
    const { store, siti, sitti } = storeWithDuplicates();
    const { user } = renderApp(store, { screen: { name: 'dedupReview' } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Tinjau duplikat' })).toBeInTheDocument();
    expect(screen.getByText(/4 kartu pelanggan, 2 kelompok/)).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Tinjau duplikat' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: /Tinjau: Siti Rahayu/ }));
    const compare = await screen.findByRole('region', { name: 'Tinjau duplikat' });
    expect(within(compare).getByText('Siti Rahayu')).toBeInTheDocument();
    expect(within(compare).getByText('Ibu Sitti Rahayu')).toBeInTheDocument();
    const evidence = screen.getByRole('region', { name: 'Bukti' });
    expect(within(evidence).getByText(/Telepon: sama/)).toBeInTheDocument();
    expect(within(evidence).getByText(/Tanggal lahir: sama/)).toBeInTheDocument();

    // Keep the first customer, but the e-mail only the second one gave (chosen by default: the only value).
    await user.click(screen.getByRole('radio', { name: 'Pertahankan Nama: Siti Rahayu' }));
    await user.click(screen.getByRole('button', { name: 'Gabungkan' }));
    expect(await screen.findByText(/Digabungkan ke/)).toBeInTheDocument();
    const survivorId = lookupCustomer(store, 'VIP700002')!.customer.id;
    expect([siti.id, sitti.id]).toContain(survivorId);
    expect(getCustomer(store, survivorId)).toMatchObject({ fullName: 'Siti Rahayu', email: 'siti@example.com' });

    await user.click(screen.getByRole('button', { name: 'Batalkan penggabungan' }));
    expect(await screen.findByText('Penggabungan dibatalkan.')).toBeInTheDocument();
    await waitFor(() => expect(lookupCustomer(store, 'VIP700002')!.customer.id).toBe(sitti.id));
  });

  it('marks a cluster "not the same person" and it stays out after a rescan (English)', async () => {
    const { store } = storeWithDuplicates();
    const { user } = renderApp(store, { screen: { name: 'dedupReview' }, language: 'en' });
    await user.click(await screen.findByRole('button', { name: /Review: Budi Hartono/ }));
    await user.click(await screen.findByRole('button', { name: 'Not the same person' }));
    expect(await screen.findByText(/Marked as different people/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Scan now' }));
    await waitFor(() => expect(screen.getByText(/4 customer records, 1 cluster /)).toBeInTheDocument());
    expect(screen.queryByRole('button', { name: /Review: Budi Hartono/ })).not.toBeInTheDocument();
  });
});
