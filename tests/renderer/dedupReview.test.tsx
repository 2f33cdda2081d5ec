// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { getCustomer } from '../../electron/core/customers/editCustomer';
import { lookupCustomer } from '../../electron/core/customers/lookup';
import { scanStore } from '../../electron/core/dedup/storeScan';
import { seedDemoStore } from '../../electron/core/demo/seedDemoStore';
import { renderApp } from './support/renderApp';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { pointsBalance, setRule } from '../../electron/core/loyalty';
import { aLoyaltyRule } from '../support/builders';
import { outletDay } from '../support/outletDay';

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
    // Four cards teach the model next to nothing: the summary says so.
    expect(screen.getByTestId('dedup-learning-warning')).toHaveTextContent(/^Pemindaian duplikat hanya belajar dari \d+ pasangan yang dibandingkan dari 4 kartu, kurang dari 1\.500/);
    const list = screen.getByRole('list', { name: 'Tinjau duplikat' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: /Tinjau: Siti Rahayu/ }));
    const compare = await screen.findByRole('region', { name: 'Tinjau duplikat' });
    expect(within(compare).getAllByText('Siti Rahayu').length).toBeGreaterThan(0);
    expect(within(compare).getAllByText('Ibu Sitti Rahayu').length).toBeGreaterThan(0);
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

describe('duplicate review in words, with a merge history', () => {
  it('shows gender in words, day-first dates, registration in the outlet’s zone, distinct headers and evidence in words', async () => {
    const store = tempStore({ staff: 'Manager Ani' });
    seedDemoStore(store);
    const { user } = renderApp(store, { screen: { name: 'dedupReview' } });
    await user.click(await screen.findByRole('button', { name: /Tinjau: Muhammad Rizki Pratama/ }));
    const compare = await screen.findByRole('region', { name: 'Tinjau duplikat' });
    const text = compare.textContent ?? '';
    expect(text).toContain('Laki-laki');
    expect(text).not.toMatch(/\bM\b(?!uhammad|ochammad|akassar)/);
    expect(text).toContain('9 Jul 1986');
    expect(text).not.toContain('1986-07-09');
    // Registered in Makassar: WITA; the other card at the WIB demo outlet.
    expect(text).toMatch(/\d{2}[.:]\d{2} WITA · DEMO-MKS/);
    expect(text).toMatch(/\d{2}[.:]\d{2} WIB · DEMO\b/);
    const headers = within(compare).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers.filter((h) => h?.includes('Pelanggan utama'))).toHaveLength(1);
    expect(headers.filter((h) => h?.includes('Digabungkan ke pelanggan utama'))).toHaveLength(1);
    const evidence = screen.getByRole('region', { name: 'Bukti' });
    const items = within(evidence).getAllByRole('listitem').map((li) => li.textContent ?? '');
    expect(items.find((i) => i.startsWith('Nama:'))).toMatch(/^Nama: sama setelah ejaan disamakan — bukti (kuat )?sama orang \(\+\d+,\d\)$/);
    for (const item of items) expect(item).toMatch(/\([+-]?\d+,\d\)$|\(0,0\)$/);
  });

  it('asks before merging everything above the threshold, saying how many, and keeps every merge undoable in the history', async () => {
    const store = tempStore({ staff: 'Manager Ani' });
    seedDemoStore(store);
    const { user, core } = renderApp(store, { screen: { name: 'dedupReview' }, language: 'en' });
    // Counted at the core: the history reads the merges once when it opens, not on every render.
    let historyReads = 0;
    const readMerges = core.handlers['dedup.merges'];
    core.handlers['dedup.merges'] = (input) => (historyReads++, readMerges(input));
    const spin = await screen.findByRole('spinbutton', { name: 'Minimum confidence' });
    fireEvent.change(spin, { target: { value: '50' } });
    await user.click(screen.getByRole('button', { name: 'Merge all duplicates above 50%' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('Merge 3 clusters with confidence of at least 50%?');
    await user.click(within(dialog).getByRole('button', { name: 'Yes, merge 3 clusters' }));
    expect(await screen.findByText('3 clusters merged.')).toBeInTheDocument();

    // Leave the screen and come back: the merges are still there, each with its own undo.
    await user.click(screen.getByRole('tab', { name: 'Merge history' }));
    const history = await screen.findByRole('table', { name: 'Merge history' });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(historyReads).toBe(1);
    expect(within(history).getAllByRole('button', { name: /^Undo the merge into/ })[0]).toBeEnabled();
    expect(history).toHaveTextContent('Manager Ani');
    expect(history).toHaveTextContent(/Siti Rahayu|Sitti Rahayu/);
    await user.click(within(history).getByRole('button', { name: /Undo the merge into (Ibu Sitti|Siti) Rahayu/ }));
    expect(await screen.findByText('Merge undone.')).toBeInTheDocument();
    await waitFor(() => expect(within(history).getAllByText(/^Undone /)).toHaveLength(1));
    expect(lookupCustomer(store, '0813-4455-6677')).not.toBeNull();
    expect(
      store.sqlite.prepare(`SELECT count(*) FROM customers WHERE full_name IN ('Siti Rahayu', 'Ibu Sitti Rahayu') AND merged_into IS NULL AND deleted_at IS NULL`).pluck().get(),
    ).toBe(2);
  });

  it("lets the manager forfeit a merged card's points only with a reason, and moves them by default", async () => {
    const manager: Session = { staffId: 'mgr-1', name: 'Manager Ani', role: 'manager', outletId: null };
    const { store, siti, sitti, budi, bud } = storeWithDuplicates();
    setRule(store, manager, aLoyaltyRule(outletDay()).build());
    addPurchase(store, { customerId: sitti.id, invoiceNo: 'INV-F1', purchasedAt: new Date().toISOString(), amount: 500_000 });
    addPurchase(store, { customerId: bud.id, invoiceNo: 'INV-F2', purchasedAt: new Date().toISOString(), amount: 300_000 });
    const earnedBySitti = pointsBalance(store, sitti.id).balance;
    const earnedByBud = pointsBalance(store, bud.id).balance;
    expect(earnedBySitti).toBeGreaterThan(0);
    const { user } = renderApp(store, { screen: { name: 'dedupReview' } });

    await user.click(await screen.findByRole('button', { name: /Tinjau: Siti Rahayu/ }));
    await user.click(await screen.findByRole('radio', { name: 'Hanguskan' }));
    await user.click(screen.getByRole('button', { name: 'Gabungkan' }));
    expect(await screen.findByText(/Tulis alasan menghanguskan poin/)).toBeInTheDocument();
    expect(pointsBalance(store, sitti.id).balance).toBe(earnedBySitti); // nothing merged, nothing lost
    await user.type(screen.getByRole('textbox', { name: /Alasan menghanguskan/ }), 'kartu atas nama pinjaman');
    await user.click(screen.getByRole('button', { name: 'Gabungkan' }));
    await screen.findByText(/digabungkan/i);
    const survivor = lookupCustomer(store, 'VIP700002')!.customer.id;
    expect(pointsBalance(store, survivor).balance).toBe(0);

    // The other cluster, merged with the default choice: the points move to the survivor.
    await user.click(await screen.findByRole('button', { name: /Tinjau: .*Budi/ }));
    expect(screen.getByRole('radio', { name: /Pindahkan ke/ })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Gabungkan' }));
    await screen.findByText(/digabungkan/i);
    const budSurvivor = lookupCustomer(store, 'VIP700004')!.customer.id;
    expect(pointsBalance(store, budSurvivor).balance).toBe(earnedByBud);
    expect([siti.id, sitti.id]).toContain(survivor);
    expect([budi.id, bud.id]).toContain(budSurvivor);
  });
});
