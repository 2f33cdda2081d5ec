import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { runCli } from '../support/runCli';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { addPurchase, getCustomer } from '../../electron/core/customers/editCustomer';
import { lookupCustomer } from '../../electron/core/customers/lookup';
import { findDuplicateCandidates } from '../../electron/core/customers/findDuplicates';
import { scanStore, clusterCards, lastScan } from '../../electron/core/dedup/storeScan';
import { MIN_LEARNED_PAIRS } from '../../electron/core/dedup/latentClassEm';
import { runReport } from '../../electron/core/reports/registry';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import { rejectCluster } from '../../electron/core/dedup/decisions';
import { syntheticDuplicateSet } from '../../electron/core/dedup/syntheticDuplicates';
import { seedLabelledCustomers } from '../../electron/core/dedup/seedDuplicates';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';

/** Every row of the domain tables, as SQLite returns it (the change log and the merge records aside). */
function snapshot(store: Store, tables = ['customers', 'cards', 'phones', 'purchases']): Record<string, unknown[]> {
  return Object.fromEntries(tables.map((t) => [t, store.sqlite.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]));
}

describe('batch scan on a store', () => {
  it('finds re-registrations, farming and households, and exports every card of multi-card clusters', () => {
    const store = tempStore();
    const items = [...syntheticDuplicateSet({ cards: 1500, seed: 3, farmerRate: 0.02 })];
    seedLabelledCustomers(store, items);
    const summary = scanStore(store);
    expect(summary.records).toBe(1500);
    expect(summary.farmingClusters).toBeGreaterThan(0);
    const truePeople = new Set(items.map((i) => i.personId)).size;
    expect(Math.abs(summary.estimatedPeople - truePeople) / truePeople).toBeLessThan(0.03);
    // The estimate comes with a range from the match probabilities, and the clean-up report shows it.
    const range = summary.estimatedRange!;
    expect(range.low).toBeLessThanOrEqual(summary.estimatedPeople);
    expect(range.high).toBeGreaterThanOrEqual(summary.estimatedPeople);
    expect(range.high).toBeGreaterThan(range.low);
    expect(runReport(store, 'cleanup').summary.map((s) => s.value)).toEqual(expect.arrayContaining([range.low, range.high]));
    const rows = [...clusterCards(store)];
    expect(rows.length).toBe(summary.clusteredCards);
    expect(new Set(rows.map((r) => r.cardNo)).size).toBe(rows.length);
    closeStore(store);

    const out = path.join(tempDir(), 'clusters.csv');
    const scan = runCli(['dedup', 'scan', '--json', '--data-dir', store.dir]);
    expect(scan.code).toBe(0);
    expect(JSON.parse(scan.stdout)).toMatchObject({
      records: 1500,
      estimatedRealCustomers: summary.estimatedPeople,
      farmingClusters: summary.farmingClusters,
      warning: null,
    });
    expect(summary.warning).toBeNull();
    const exported = runCli(['dedup', 'export', '--out', out, '--data-dir', store.dir]);
    expect(exported.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('cluster_id,card_no');
    expect(lines.length - 1).toBe(rows.length);
  }, 90_000); // a store scan of 1,500 cards twice: ~15 s alone, twice that beside another file on 2 cores
});

describe('a scan of a small store', () => {
  it('warns, in the summary, the saved scan and the CLI (text and --json), that its model was learned from too few pairs', () => {
    const store = tempStore();
    seedLabelledCustomers(store, [...syntheticDuplicateSet({ cards: 20, seed: 5 })]);
    const summary = scanStore(store);
    expect(summary.learnedPairs).toBeLessThan(MIN_LEARNED_PAIRS);
    expect(summary.warning).toEqual({ messageKey: 'warning.dedup_few_pairs', params: { pairs: summary.learnedPairs, records: 20, enough: MIN_LEARNED_PAIRS } });
    expect(lastScan(store)!.warning).toEqual(summary.warning);
    closeStore(store);

    const text = runCli(['dedup', 'scan', '--data-dir', store.dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`warning: The duplicate scan learned from only ${summary.learnedPairs} compared pairs of 20 records, fewer than the 1,500`);
    const json = JSON.parse(runCli(['dedup', 'scan', '--json', '--lang', 'id', '--data-dir', store.dir]).stdout);
    expect(json).toMatchObject({ records: 20, learnedPairs: summary.learnedPairs, warning: { messageKey: 'warning.dedup_few_pairs', params: summary.warning!.params } });
    expect(json.warning.text).toMatch(/^Pemindaian duplikat hanya belajar dari/);
  }, 60_000);
});

describe('merge and unmerge', () => {
  function duplicatePair(store: Store) {
    const a = registerCustomer(
      store,
      aCustomer()
        .named('Siti Rahayu')
        .withPhone('0812-1111-2222')
        .withCard('VIP900001')
        .bornOn('1985-03-04')
        .livingAt('Jl. Merdeka No. 12, RT 003/RW 005')
        .withPurchase('INV-1', 250000)
        .build(),
    );
    const b = registerCustomer(
      store,
      aCustomer()
        .named('Ibu Sitti Rahayu')
        .withPhone('+62 812 1111 2222')
        .withCard('VIP900002')
        .bornOn('1985-03-04')
        .withEmail('siti@example.com')
        .livingAt('Jalan Merdeka 12, Rt.03 Rw.05')
        .build(),
    );
    addPurchase(store, { customerId: b.id, purchasedAt: '2026-10-01T03:00:00.000Z', amount: 125000, invoiceNo: 'INV-2' });
    return { a, b };
  }

  it('moves cards, phones and purchases to the survivor, and unmerge restores byte-identical rows', () => {
    const store = tempStore({ staff: 'Manager Ani' });
    const { a, b } = duplicatePair(store);
    const before = snapshot(store);
    const merge = mergeCustomers(store, {
      survivorId: a.id,
      mergedIds: [b.id],
      kind: 'person',
      reason: 'same phone, name, birth date',
      fieldChoices: { fullName: a.id, email: b.id },
    });
    const survivor = getCustomer(store, a.id);
    expect(survivor.cards.map((c) => c.cardNo).sort()).toEqual(['VIP900001', 'VIP900002']);
    expect(survivor.email).toBe('siti@example.com');
    expect(survivor.purchaseSummary.count).toBe(2);
    // The shared phone stays single on the survivor.
    expect(survivor.phones.map((p) => p.e164)).toEqual(['+6281211112222']);
    // A merged-away card and a merged-away id both lead to the survivor.
    expect(lookupCustomer(store, 'VIP900002')?.customer.id).toBe(a.id);
    expect(getCustomer(store, b.id).id).toBe(a.id);
    const record = store.sqlite.prepare('SELECT created_by_staff, reason FROM merges WHERE id = ?').get(merge.mergeId);
    expect(record).toEqual({ created_by_staff: 'Manager Ani', reason: 'same phone, name, birth date' });

    unmergeCustomers(store, merge.mergeId);
    expect(snapshot(store)).toEqual(before);
    expect(lookupCustomer(store, 'VIP900002')?.customer.id).toBe(b.id);
  });

  it('a "not the same person" decision survives a rescan', () => {
    const store = tempStore();
    duplicatePair(store);
    const first = scanStore(store);
    expect(first.clusters).toBe(1);
    const clusterId = store.sqlite.prepare(`SELECT id FROM dedup_clusters WHERE kind = 'person'`).pluck().get() as string;
    rejectCluster(store, clusterId, 'twins');
    const again = scanStore(store);
    expect(again.clusters).toBe(0);
    expect(again.estimatedPeople).toBe(2);
  });

  it('the merge travels with the store file (reopened) and rescans see one customer', () => {
    const store = tempStore();
    const { a, b } = duplicatePair(store);
    mergeCustomers(store, { survivorId: a.id, mergedIds: [b.id] });
    closeStore(store);
    const reopened = openStore(store.file);
    expect(scanStore(reopened)).toMatchObject({ records: 1, clusters: 0 });
    closeStore(reopened);
  });
});

describe('a merge keeps one identity per customer', () => {
  it('refuses to fold two customers holding different valid NIKs into one, and changes nothing; a NIK one digit off merges', () => {
    const store = tempStore();
    const husband = registerCustomer(store, aCustomer().named('Budi Santoso').withGender('M').bornOn('1972-01-02').withNik('3273010201720003').build());
    const wife = registerCustomer(store, aCustomer().named('Dewi Lestari').withGender('F').bornOn('1975-09-30').withNik('3273017009750001').build());
    const before = store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get();
    expect(() => mergeCustomers(store, { survivorId: husband.id, mergedIds: [wife.id] })).toThrow(
      expect.objectContaining({ messageKey: 'error.merge_two_identities' }),
    );
    expect(store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get()).toBe(before);
    expect(store.sqlite.prepare('SELECT merged_into FROM customers WHERE id = ?').pluck().get(wife.id)).toBeNull();
    // The same man registered again with one digit of his NIK mistyped: one identity, one customer.
    const again = registerCustomer(store, aCustomer().named('Budi Santoso').withGender('M').bornOn('1972-01-02').withNik('3273010201720004').build());
    expect(mergeCustomers(store, { survivorId: husband.id, mergedIds: [again.id] }).mergeId).toBeTruthy();
  });
});

describe('at entry', () => {
  it('finds an existing customer from a spelling variant with a new phone, with its evidence', () => {
    const store = tempStore();
    const existing = registerCustomer(
      store,
      aCustomer().named('Soekarno Widjaja').bornOn('1961-06-06').livingAt('Jl. Pemuda No. 8, RT 001/RW 002', 'Surabaya').build(),
    );
    registerCustomer(store, aCustomer().named('Dewi Lestari').bornOn('1961-06-06').build());
    const found = findDuplicateCandidates(store, {
      fullName: 'Bpk. Sukarno Wijaya',
      birthDate: '1961-06-06',
      phone: '0856 7777 8888',
      address: 'Jalan Pemuda 8',
      city: 'Surabaya',
    });
    expect(found[0]?.customerId).toBe(existing.id);
    expect(found[0]?.evidence).toEqual(expect.arrayContaining(['name', 'birth_date', 'address']));
    expect(found.map((c) => c.fullName)).not.toContain('Dewi Lestari');
  });

  it('always shows a customer sharing the phone (a household), scored low', () => {
    const store = tempStore();
    registerCustomer(store, aCustomer().named('Budi Santoso').withPhone('0812-3333-4444').bornOn('1970-01-01').build());
    const [candidate] = findDuplicateCandidates(store, { fullName: 'Dewi Lestari', phone: '081233334444', birthDate: '1975-05-05' });
    expect(candidate?.evidence).toEqual(['phone']);
    expect(candidate!.score).toBeLessThan(0.5);
  });

  describe('after a scan, with the model the scan learned', () => {
    const monthsAgo = (store: Store, months: number) => new Date(store.now().getTime() - months * 30 * 86_400_000).toISOString();

    it('warns of a buyer whose number is already on several cards under other names, not of a spouse on one', () => {
      const store = tempStore();
      seedLabelledCustomers(store, syntheticDuplicateSet({ cards: 4000, seed: 21 }));
      const farmerPhone = '0813-7771-2345';
      const names = ['Hendra Gunawan', 'Siti Aminah', 'Rudi Hartono', 'Yuli Effendi', 'Agus Salim'];
      const cards = names.map((name, k) =>
        registerCustomer(store, aCustomer().named(name).withPhone(farmerPhone).build(), { registeredAt: monthsAgo(store, 8 - k) }),
      );
      const home = 'Jl. Melati No. 9, RT 002/RW 007';
      const husband = registerCustomer(
        store,
        aCustomer().named('Budi Santoso').withPhone('0812-3333-4444').bornOn('1970-01-01').withGender('M').livingAt(home, 'Bandung').build(),
        { registeredAt: monthsAgo(store, 14) },
      );
      scanStore(store);

      const farmed = findDuplicateCandidates(store, { fullName: 'Melati Lubis', phone: '081377712345' });
      expect(farmed.map((c) => c.customerId).sort()).toEqual(cards.map((c) => c.id).sort());
      // The fixed weights of a store never scanned score any different name on a shared number low.
      expect(Math.min(...farmed.map((c) => c.score))).toBeGreaterThan(0.5);

      // His wife registers on her own occasion, with who she is filled in as real people do.
      const [spouse] = findDuplicateCandidates(store, {
        fullName: 'Dewi Lestari',
        phone: '081233334444',
        birthDate: '1975-05-05',
        gender: 'F',
        address: home,
        city: 'Bandung',
      });
      expect(spouse?.customerId).toBe(husband.id);
      expect(spouse?.evidence).toEqual(expect.arrayContaining(['phone', 'address']));
      expect(spouse!.score).toBeLessThan(0.5);
    });
  });
});
