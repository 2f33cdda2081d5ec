import { describe, expect, it } from 'vitest';
import { seedDemoStore, DEMO_CUSTOMERS } from '../../electron/core/demo/seedDemoStore';
import { clusterDetail, listClusters } from '../../electron/core/dedup/reviewQueue';
import { lastScan } from '../../electron/core/dedup/storeScan';
import { tempStore } from '../support/tempStore';

describe('the demo store has duplicates to review', () => {
  it('seeds re-registrations, a card farmer over two visits and a household, and has scanned them', () => {
    const store = tempStore();
    expect(seedDemoStore(store).customers).toBe(DEMO_CUSTOMERS);
    const scan = lastScan(store);
    expect(scan).not.toBeNull();
    const detail = (kind: 'person' | 'farming' | 'household') =>
      listClusters(store, { kind, limit: 500 }).map((c) => clusterDetail(store, c.id));

    const people = detail('person').map((c) => c.members.map((m) => m.fullName).sort());
    expect(people).toEqual(
      expect.arrayContaining([
        ['Ibu Sitti Rahayu', 'Siti Rahayu'],
        ['Mochammad Rizki Pratama', 'Muhammad Rizki Pratama'],
        ['Bapak Sukarno Hadi, S.E.', 'Soekarno Hadi'],
      ]),
    );

    const farming = detail('farming');
    expect(farming).toHaveLength(1);
    expect(farming[0]!.members.map((m) => m.fullName).sort()).toEqual(
      ['Andi Setiawan', 'Joko Susanto', 'Maya Anggraini', 'Rudi Hartono', 'Teguh Wibowo', 'Yanti Lestari'],
    );
    // Two visits a week apart, each a burst of minutes.
    const days = new Set(farming[0]!.members.map((m) => m.registeredAt.slice(0, 10)));
    expect(days.size).toBe(2);

    const households = detail('household').filter((c) => c.members.some((m) => m.fullName === 'Hendra Gunawan'));
    expect(households).toHaveLength(1);
    expect(households[0]!.members.map((m) => m.fullName).sort()).toEqual(['Dimas Gunawan', 'Hendra Gunawan', 'Lestari Gunawan']);
    // Household members are never proposed as one person.
    expect(people.flat()).not.toContain('Lestari Gunawan');
    expect(people.flat()).not.toContain('Dimas Gunawan');
    // The re-registration in Makassar carries its outlet's zone, so its time reads in WITA.
    const rizki = detail('person').find((c) => c.members.some((m) => m.fullName === 'Muhammad Rizki Pratama'))!;
    expect(rizki.members.find((m) => m.fullName === 'Muhammad Rizki Pratama')!.registeredOutletTimeZone).toBe('Asia/Makassar');
  });
});
