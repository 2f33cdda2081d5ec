import { describe, expect, it } from 'vitest';
import { runDedup, pairKey } from '../../../electron/core/dedup/pipeline';
import { prepareRecord, type DedupRecord } from '../../../electron/core/dedup/record';
import { MATCH_THRESHOLD, scorePair } from '../../../electron/core/dedup/scoring';
import { backgroundRecords } from '../../dedup/support/background';

const base: Omit<DedupRecord, 'id' | 'fullName'> = {
  phones: ['+6281234567890'],
  address: 'Jl. Merdeka No. 12, RT 003/RW 005',
  city: 'Bandung',
};
const rec = (id: string, fullName: string, extra: Partial<DedupRecord> = {}): DedupRecord => ({ id, fullName, ...base, ...extra });
const score = (a: DedupRecord, b: DedupRecord) => scorePair(prepareRecord(a, 0), prepareRecord(b, 1), 8).total;

describe('pair scoring: same person or not', () => {
  it.each([
    ['title and degree', 'Budi Santoso', 'Bpk. Budi Santoso, S.E.'],
    ['old spelling', 'Sukarno Wijaya', 'Soekarno Widjaja'],
    ['Muhammad variant', 'Muhammad Rizki', 'Mochammad Rizki'],
    ['typo', 'Siti Rahayu', 'Siti Rahyau'],
    ['word order', 'Siregar Budi', 'Budi Siregar'],
  ])('an honest re-registration (%s) with the same birth date matches', (_, a, b) => {
    expect(score(rec('a', a, { birthDate: '1980-05-12' }), rec('b', b, { birthDate: '1980-05-12' }))).toBeGreaterThanOrEqual(
      MATCH_THRESHOLD,
    );
  });

  it('a household member (same phone and address, different name and birth date) does not match', () => {
    const husband = rec('a', 'Budi Santoso', { birthDate: '1975-01-02', gender: 'M' });
    const wife = rec('b', 'Dewi Lestari', { birthDate: '1978-09-30', gender: 'F' });
    const son = rec('c', 'Rizki Santoso', { birthDate: '2001-04-11', gender: 'M' });
    expect(score(husband, wife)).toBeLessThan(MATCH_THRESHOLD);
    expect(score(husband, son)).toBeLessThan(MATCH_THRESHOLD);
  });

  it('the same NIK outweighs a phone changed and an address moved', () => {
    const a = rec('a', 'Agus Hidayat', { nik: '3273011205800001', birthDate: '1980-05-12' });
    const b = rec('b', 'Agus Hidayat', {
      nik: '3273011205800001',
      birthDate: '1980-05-12',
      phones: ['+6285711112222'],
      address: 'Jl. Pemuda No. 7',
    });
    expect(score(a, b)).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it('a phone written in another format is the same phone once normalised (E.164 in, evidence out)', () => {
    const a = prepareRecord(rec('a', 'Yanti'), 0);
    const b = prepareRecord(rec('b', 'Yanti'), 1);
    expect(scorePair(a, b, 8).evidence.find((e) => e.kind === 'phone')?.level).toBe('same');
  });

  it('a birth year off by one or day/month swapped is a typo, not a different date', () => {
    const ev = (x: string, y: string) =>
      scorePair(prepareRecord(rec('a', 'Eko', { birthDate: x }), 0), prepareRecord(rec('b', 'Eko', { birthDate: y }), 1), 8).evidence.find(
        (e) => e.kind === 'birth_date',
      )?.level;
    expect(ev('1980-05-12', '1979-05-12')).toBe('similar');
    expect(ev('1980-05-12', '1980-12-05')).toBe('similar');
    expect(ev('1980-05-12', '1966-02-27')).toBe('different');
  });
});

/** The scan learns from the data it is given: the cases below sit among a few thousand ordinary cards. */
const bg = backgroundRecords();
function scan(records: DedupRecord[], options?: Parameters<typeof runDedup>[1]) {
  const result = runDedup([...bg, ...records], options);
  const mine = (i: number) => !result.records[i]!.id.startsWith('bg');
  const ids = (members: number[]) => members.map((i) => result.records[i]!.id).sort();
  const clusters = result.clusters.filter((c) => c.members.some(mine)).map((c) => ({ ...c, ids: ids(c.members) }));
  const households = result.households.filter((h) => h.members.some(mine)).map((h) => ids(h.members));
  const people = new Set(records.map((r) => clusters.find((c) => c.ids.includes(r.id))?.ids.join() ?? r.id)).size;
  return { clusters, households, people };
}

describe('clustering', () => {
  it('keeps a household linked, not merged, and merges the honest duplicate inside it', () => {
    const result = scan([
      rec('h1', 'Budi Santoso', { birthDate: '1975-01-02', gender: 'M' }),
      rec('h2', 'Dewi Lestari', { birthDate: '1978-09-30', gender: 'F' }),
      rec('h3', 'Bapak Budi Santoso', { birthDate: '1975-01-02', phones: ['+6281299998888'] }),
    ]);
    expect(result.clusters.map((c) => c.ids)).toEqual([['h1', 'h3']]);
    expect(result.households).toEqual([['h1', 'h2', 'h3']]);
    expect(result.people).toBe(2);
  });

  it('flags a card farmer (borrowed names, his phone, a burst at one booth) as one person', () => {
    const names = ['Joko Purnomo', 'Siti Aminah', 'Rina Wati', 'Agus Salim', 'Dian Sastro', 'Eko Patrio'];
    const farm = names.map((n, i) =>
      rec(`f${i}`, n, { outletId: 'BOOTH1', registeredAt: new Date(Date.UTC(2026, 0, 5, 10, i * 3)).toISOString() }),
    );
    const result = scan(farm);
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0]!.kind).toBe('farming');
    expect(result.clusters[0]!.farming!.sharedPhones).toEqual(['+6281234567890']);
    expect(result.people).toBe(1);
  });

  it('does not flag a household that registered at different times as farming', () => {
    const family = ['Budi Santoso', 'Dewi Lestari', 'Rizki Santoso', 'Putri Santoso'].map((n, i) =>
      rec(`h${i}`, n, {
        birthDate: `19${70 + i * 8}-0${i + 1}-1${i}`,
        // Real people fill in who they are; cards under borrowed names often leave it blank.
        gender: i % 2 === 0 ? 'M' : 'F',
        outletId: 'JKT01',
        // Months apart: a family registering every couple of months at one outlet would look like a farmer's visits.
        registeredAt: new Date(Date.UTC(2024, i * 7, 5)).toISOString(),
      }),
    );
    const result = scan(family);
    expect(result.clusters).toHaveLength(0);
    expect(result.households).toHaveLength(1);
    expect(result.people).toBe(4);
  });

  it('never joins a pair marked "not the same person"', () => {
    const records = [rec('a', 'Budi Santoso', { birthDate: '1975-01-02' }), rec('b', 'Budi Santoso', { birthDate: '1975-01-02' })];
    expect(scan(records).clusters).toHaveLength(1);
    const rejected = new Set([pairKey('b', 'a')]);
    expect(scan(records, { cannotLink: (x, y) => rejected.has(pairKey(x, y)) }).clusters).toHaveLength(0);
  });

  it('does not chain strangers through one ambiguous record', () => {
    // "Budi" is consistent with Budi Santoso (same birth date) and with Budi Hartono (same phone), who are
    // different people: both links hold, the chain a–b–c does not.
    const result = scan([
      rec('a', 'Budi Santoso', { birthDate: '1975-01-02', phones: ['+6281100000001'], address: null }),
      rec('b', 'Budi', { birthDate: '1975-01-02', phones: ['+6281398765432'], address: null }),
      rec('c', 'Budi Hartono', { birthDate: '1983-06-21', phones: ['+6281398765432'], address: null }),
    ]);
    expect(result.clusters.some((c) => c.ids.includes('b'))).toBe(true);
    for (const c of result.clusters) expect(c.ids).not.toEqual(['a', 'b', 'c']);
  });
});

describe('links chained across many cards', () => {
  it('a chain of 2,000 cards, each sharing a number with the next, is cut into groups of at most 300 and the scan ends', () => {
    // One name and birth date for all (a block too big to compare), each card sharing one number with the next:
    // every link is strong, and together they make one component of 2,000 cards.
    const phone = (i: number) => `+62812${String(10_000_000 + i)}`;
    const chain = Array.from({ length: 2000 }, (_, i) =>
      rec(`chain${i}`, 'Budi Santoso', { birthDate: '1980-05-12', phones: [phone(i), phone(i + 1)], address: null, city: null }),
    );
    const result = runDedup([...bg, ...chain]);
    const chained = result.clusters.filter((c) => c.members.some((i) => result.records[i]!.id.startsWith('chain')));
    expect(chained.length).toBeGreaterThan(1);
    expect(Math.max(...chained.map((c) => c.members.length))).toBeLessThanOrEqual(300);
    // The cut is at links, not at random: most of the chain is still grouped.
    expect(chained.reduce((n, c) => n + c.members.length, 0)).toBeGreaterThan(1800);
  }, 120_000);
});
