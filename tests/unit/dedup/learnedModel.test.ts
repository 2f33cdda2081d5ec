import { describe, expect, it } from 'vitest';
import { C, COMPARISONS, COMPARISON_COUNT, compareRecords, packLevels, sharesContact } from '../../../electron/core/dedup/comparisons';
import { CLASS_COUNT, fitLatentClasses, initialModel, levelWeights, MIN_LEARNED_PAIRS, PRIOR_PAIRS, type LatentClassModel } from '../../../electron/core/dedup/latentClassEm';
import { runDedup } from '../../../electron/core/dedup/pipeline';
import type { DedupRecord } from '../../../electron/core/dedup/record';
import { SeededRandom } from '../../../electron/core/demo/random';
import { syntheticDuplicateSet } from '../../../electron/core/dedup/syntheticDuplicates';
import { backgroundRecords, labelledRecord } from '../../dedup/support/background';

describe('EM over comparison patterns', () => {
  it('recovers known m/u probabilities from unlabelled pairs', () => {
    // A known model, away from the starting values, with the same ties as the real one.
    const random = new SeededRandom(1);
    const truth: LatentClassModel = initialModel();
    truth.lambda = [0.04, 0.06, 0.1, 0.8];
    for (let c = 0; c < CLASS_COUNT; c++)
      for (let k = 0; k < COMPARISON_COUNT; k++) {
        const name = COMPARISONS[k]!.name;
        const tiedTo = (name === 'registration' || name === 'outlet') && c !== 1 && c !== 0 ? 0 : c;
        if (tiedTo !== c) continue;
        const v = truth.theta[c]![k]!.map((p) => p * (0.6 + 0.8 * random.next()) + 0.01);
        const s = v.reduce((a, b) => a + b, 0);
        truth.theta[c]![k] = v.map((p) => p / s);
      }
    for (const k of [9, 10]) for (const c of [2, 3]) truth.theta[c]![k] = [...truth.theta[0]![k]!];
    // The visit and season comparisons' level 0 is "not known" and left out of the likelihood: the sample has none.
    for (let c = 0; c < CLASS_COUNT; c++)
      for (const k of [C.visit, C.season]) {
        const v = truth.theta[c]![k]!;
        v[0] = 0;
        const s = v.reduce((a, b) => a + b, 0);
        truth.theta[c]![k] = v.map((p) => p / s);
      }

    const counts = new Map<number, number>();
    const levels = new Uint8Array(COMPARISON_COUNT);
    const draw = (p: readonly number[]) => {
      let r = random.next();
      for (let l = 0; l < p.length; l++) if ((r -= p[l]!) <= 0) return l;
      return p.length - 1;
    };
    // What each class really looks like in the sample: farmed and household pairs exist only between records
    // sharing a contact, so those are drawn until they share one.
    const seen = truth.theta.map((byComparison) => byComparison.map((p) => p.map(() => 0)));
    const perClass = new Array<number>(CLASS_COUNT).fill(0);
    for (let i = 0; i < 300_000; i++) {
      const c = draw(truth.lambda);
      let code: number;
      do {
        for (let k = 0; k < COMPARISON_COUNT; k++) levels[k] = draw(truth.theta[c]![k]!);
        code = packLevels(levels);
      } while ((c === 1 || c === 2) && !sharesContact(code));
      counts.set(code, (counts.get(code) ?? 0) + 1);
      perClass[c]!++;
      for (let k = 0; k < COMPARISON_COUNT; k++) seen[c]![k]![levels[k]!]!++;
    }
    for (let c = 0; c < CLASS_COUNT; c++) for (let k = 0; k < COMPARISON_COUNT; k++) truth.theta[c]![k] = seen[c]![k]!.map((n) => n / perClass[c]!);
    // Tied comparisons: one distribution over the tied classes' pairs.
    for (const k of [9, 10]) {
      const pooled = seen[0]![k]!.map((_, l) => seen[0]![k]![l]! + seen[2]![k]![l]! + seen[3]![k]![l]!);
      const total = perClass[0]! + perClass[2]! + perClass[3]!;
      for (const c of [0, 2, 3]) truth.theta[c]![k] = pooled.map((n) => n / total);
    }
    const fitted = fitLatentClasses([...counts.keys()], [...counts.values()]);
    expect(fitted.converged).toBe(true);
    for (let c = 0; c < CLASS_COUNT; c++) expect(fitted.lambda[c]).toBeCloseTo(truth.lambda[c]!, 2);
    let worst = 0;
    for (let c = 0; c < CLASS_COUNT; c++)
      for (let k = 0; k < COMPARISON_COUNT; k++)
        for (let l = 0; l < truth.theta[c]![k]!.length; l++)
          worst = Math.max(worst, Math.abs(fitted.theta[c]![k]![l]! - truth.theta[c]![k]![l]!));
    expect(worst).toBeLessThan(0.03);
  });

  it.each([1, 2, 3])(
    'learns the "one person" classes mostly from its starting values on a tiny store, mostly from the data above MIN_LEARNED_PAIRS pairs (seed %i)',
    (seed) => {
      // The data's share of the weakest "one person" class's m: its expected pairs against the prior's PRIOR_PAIRS.
      const dataShare = (model: LatentClassModel) =>
        Math.min(...[0, 1].map((c) => (model.lambda[c]! * model.pairs) / (model.lambda[c]! * model.pairs + PRIOR_PAIRS)));
      const learned = (cards: number) => runDedup([...syntheticDuplicateSet({ cards, seed })].map((c, i) => labelledRecord(c, `c${i}`))).model;
      const tiny = learned(30);
      expect(tiny.pairs).toBeLessThan(MIN_LEARNED_PAIRS);
      expect(dataShare(tiny)).toBeLessThan(0.5);
      const enough = learned(400);
      expect(enough.pairs).toBeGreaterThan(MIN_LEARNED_PAIRS);
      expect(dataShare(enough)).toBeGreaterThan(0.5);
    },
  );
});

/** A card of one buyer at JKT01: on his number and in his city unless `more` says otherwise. */
function buyersCard(phone: string, city: string) {
  return (id: string, fullName: string, at: string, more: Partial<DedupRecord> = {}): DedupRecord => ({
    id,
    fullName,
    phones: [phone],
    city,
    registeredAt: at,
    outletId: 'JKT01',
    ...more,
  });
}

function clusterOf(result: ReturnType<typeof runDedup>, id: string): string[] {
  const index = result.records.findIndex((r) => r.id === id);
  const cluster = result.clusters.find((c) => c.members.includes(index));
  return cluster ? cluster.members.map((m) => result.records[m]!.id).sort() : [id];
}

describe('the learned scan on the cases that matter', () => {
  const bg = backgroundRecords();

  it('a farmer with only 2 extra cards a month apart is one person', () => {
    const phone = '+6281377712345';
    const result = runDedup([
      ...bg,
      {
        id: 'own',
        fullName: 'Hendra Gunawan',
        phones: [phone],
        birthDate: '1979-03-14',
        gender: 'M',
        address: 'Jl. Kenanga No. 17, RT 004/RW 002',
        city: 'Bekasi',
        registeredAt: '2025-03-01T04:10:00Z',
        outletId: 'JKT02',
      },
      {
        id: 'borrowed1',
        fullName: 'Siti Aminah',
        phones: [phone],
        address: 'Jalan Kenanga 17 RT4/RW2',
        city: 'Bekasi',
        registeredAt: '2025-04-02T06:30:00Z',
        outletId: 'JKT02',
      },
      {
        id: 'borrowed2',
        fullName: 'Rudi Hartono',
        phones: [phone],
        birthDate: '1990-11-02',
        registeredAt: '2025-05-03T03:00:00Z',
        outletId: 'BDG01',
      },
    ]);
    expect(clusterOf(result, 'own')).toEqual(['borrowed1', 'borrowed2', 'own']);
  });

  it("a buyer's visits of several cards hold together, also through a card on another number at his home", () => {
    const phone = '+6281298765432';
    const home = 'Jl. Cempaka No. 5, RT 001/RW 003';
    const card = buyersCard(phone, 'Depok');
    const result = runDedup([
      ...bg,
      // First promotion: his own card and two under borrowed names, minutes apart.
      card('own', 'Agus Prasetyo', '2025-02-01T04:00:00Z', { birthDate: '1980-05-05', gender: 'M', address: home }),
      card('b1', 'Sri Wahyuni', '2025-02-01T04:05:00Z'),
      card('b2', 'Joko Susilo', '2025-02-01T04:09:00Z', { address: home }),
      // Six weeks later: three more, one on another number at his home, one on his number one digit off.
      card('b3', 'Rina Marlina', '2025-03-15T05:00:00Z', { birthDate: '1994-01-20' }),
      card('b4', 'Andi Wijaya', '2025-03-15T05:04:00Z', { phones: ['+6285711122299'], address: home }),
      card('b5', 'Tuti Alawiyah', '2025-03-15T05:07:00Z', { phones: ['+6281298765439'] }),
    ]);
    expect(clusterOf(result, 'own')).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'own']);
    // The evidence says why: each of two cards from different visits came with cards on the other's number or at his home.
    const index = (id: string) => result.records.findIndex((r) => r.id === id);
    const levels = new Uint8Array(COMPARISONS.length);
    const level = (a: string, b: string) => COMPARISONS[C.visit]!.levels[(compareRecords(result.records[index(a)]!, result.records[index(b)]!, levels), levels[C.visit]!)];
    expect(level('b1', 'b3')).toBe('both came with cards tied to the other');
    expect(level('b2', 'b4')).toBe('both came with cards tied to the other');
  });

  it("a buyer who borrowed other people's identity cards is one buyer, not split by their NIKs", () => {
    const phone = '+6281377788899';
    const home = 'Jl. Anggrek No. 21, RT 004/RW 001';
    const card = buyersCard(phone, 'Bogor');
    const result = runDedup([
      ...bg,
      card('own', 'Hendra Gunawan', '2025-04-05T04:00:00Z', { birthDate: '1979-03-14', gender: 'M', nik: '3271011403790002', address: home }),
      card('b1', 'Sri Rahayu', '2025-04-05T04:06:00Z', { birthDate: '1994-01-20', gender: 'F', nik: '3271016001940005', address: home }),
      card('b2', 'Yusuf Hidayat', '2025-04-05T04:11:00Z'),
      card('b3', 'Wati Susanti', '2025-05-17T03:30:00Z', { address: home }),
      card('b4', 'Eko Saputra', '2025-05-17T03:34:00Z', { birthDate: '1961-07-02', gender: 'M', nik: '3271010207610007' }),
    ]);
    // Three identities (three valid NIKs), one buyer: his cards, reported as farming, never one merged profile.
    expect(clusterOf(result, 'own')).toEqual(['b1', 'b2', 'b3', 'b4', 'own']);
    expect(result.clusters.find((c) => c.members.some((m) => result.records[m]!.id === 'own'))!.kind).toBe('farming');
  });

  it('a household sharing phone and address, with different birth dates and NIKs, is several people', () => {
    const phone = '+6285611122233';
    const address = 'Jl. Melati No. 9, RT 002/RW 007';
    const result = runDedup([
      ...bg,
      { id: 'father', fullName: 'Budi Santoso', phones: [phone], birthDate: '1972-01-02', gender: 'M', nik: '3273010201720003', address, city: 'Bandung', registeredAt: '2024-02-11T05:00:00Z', outletId: 'BDG01' },
      { id: 'mother', fullName: 'Dewi Lestari', phones: [phone], birthDate: '1975-09-30', gender: 'F', nik: '3273017009750001', address, city: 'Bandung', registeredAt: '2025-06-20T08:00:00Z', outletId: 'JKT01' },
      { id: 'son', fullName: 'Rizki Santoso', phones: [phone], birthDate: '2001-04-11', gender: 'M', nik: '3273011104010002', address, city: 'Bandung', registeredAt: '2026-01-05T09:30:00Z', outletId: 'BDG01' },
    ]);
    for (const id of ['father', 'mother', 'son']) expect(clusterOf(result, id)).toEqual([id]);
    const household = result.households.find((h) => h.members.some((m) => result.records[m]!.id === 'father'));
    expect(household?.members.map((m) => result.records[m]!.id).sort()).toEqual(['father', 'mother', 'son']);
    // The score is shown with the household, and it says "not one person".
    expect(household!.confidence).toBeLessThan(0.5);
    expect(household!.pairs.length).toBeGreaterThan(0);
  });

  it("a card farmer's wife, on his number and at his home but registered on her own occasion, is not one of his cards", () => {
    const phone = '+6281377755511';
    const home = 'Jl. Dahlia No. 12, RT 003/RW 005';
    const card = buyersCard(phone, 'Bekasi');
    const result = runDedup([
      ...bg,
      // His run of promotion visits, a few weeks apart: his own card, then cards under borrowed names.
      card('own', 'Hendra Gunawan', '2025-03-01T04:00:00Z', { birthDate: '1979-03-14', gender: 'M', address: home }),
      card('b1', 'Sri Wahyuni', '2025-03-01T04:04:00Z', { address: home }),
      card('b2', 'Joko Susilo', '2025-03-01T04:09:00Z', { birthDate: '1988-10-02', address: home }),
      card('b3', 'Rina Marlina', '2025-04-05T05:00:00Z', { address: home }),
      card('b4', 'Andi Wijaya', '2025-04-05T05:03:00Z', { gender: 'M' }),
      card('b5', 'Tuti Alawiyah', '2025-04-05T05:08:00Z', { birthDate: '1970-06-21', address: home }),
      card('b6', 'Yusuf Hidayat', '2025-05-10T03:30:00Z', { address: home }),
      card('b7', 'Eko Saputra', '2025-05-10T03:36:00Z', { birthDate: '1999-01-30', gender: 'M', address: home }),
      // His wife, a customer in her own right a year later at another outlet: her own birth date and NIK, his number and
      // home. Each pair of her card and one of his looks like two of his (his number on 9 cards, his home, different
      // names); what tells her apart is that she came alone, far from his run of visits.
      {
        ...card('wife', 'Lestari Handayani', '2026-06-18T07:20:00Z', { birthDate: '1982-11-07', gender: 'F', nik: '3275014711820003', address: home }),
        outletId: 'BDG01',
      },
    ]);
    expect(clusterOf(result, 'own')).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'own']);
    expect(clusterOf(result, 'wife')).toEqual(['wife']);
  });

  it('a phone one digit off is evidence, not proof', () => {
    const result = runDedup([
      ...bg,
      // The same customer again, the phone typed with one digit wrong: found.
      { id: 'a', fullName: 'Yanti Wulandari', phones: ['+6281234500011'], birthDate: '1988-08-08', address: 'Jl. Mawar No. 3', city: 'Malang', registeredAt: '2024-01-01T03:00:00Z', outletId: 'JKT01' },
      { id: 'b', fullName: 'Yanti Wulandari', phones: ['+6281234500018'], birthDate: '1988-08-08', address: 'Jl. Mawar No. 3', city: 'Malang', registeredAt: '2025-07-01T03:00:00Z', outletId: 'SBY01' },
      // Two strangers whose numbers happen to differ in one digit, each with their own NIK: not joined.
      { id: 'c', fullName: 'Agus Salim', phones: ['+6289912345670'], birthDate: '1966-02-27', gender: 'M', nik: '1271012702660004', address: 'Jl. Veteran No. 88', city: 'Medan', registeredAt: '2024-05-05T03:00:00Z', outletId: 'MDN01' },
      { id: 'd', fullName: 'Maria Kusuma', phones: ['+6289912345679'], birthDate: '1999-12-01', gender: 'F', nik: '5171014112990001', address: 'Jl. Pahlawan No. 2', city: 'Denpasar', registeredAt: '2026-02-02T03:00:00Z', outletId: 'JKT02' },
    ]);
    expect(clusterOf(result, 'a')).toEqual(['a', 'b']);
    expect(clusterOf(result, 'c')).toEqual(['c']);
    const phone = COMPARISONS.findIndex((c) => c.name === 'phone');
    const levels: readonly string[] = COMPARISONS[phone]!.levels;
    const weights = levelWeights(result.model)[phone]!;
    const near = weights[levels.indexOf('one digit off')];
    const different = weights[levels.indexOf('different')];
    // Evidence for one person (learned from the data, not set), stronger than a different number.
    expect(near).toBeGreaterThan(0);
    expect(different).toBeLessThan(near!);
  });
});
