import { describe, expect, it } from 'vitest';
import { normalizeName } from '../../../electron/core/dedup/normalizeName';
import {
  addressSimilarity,
  nameSimilarity,
  prepareName,
  preparedNameSimilarity,
  stringSimilarity,
} from '../../../electron/core/dedup/similarity';

/** Similarity of two names as typed, the way the detector will use it. */
function sim(a: string, b: string): number {
  return nameSimilarity(normalizeName(a), normalizeName(b));
}

describe('stringSimilarity (Jaro-Winkler)', () => {
  // Reference values from Winkler's papers and the usual implementations.
  it.each([
    ['MARTHA', 'MARHTA', 0.9611],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.8133],
    ['JELLYFISH', 'SMELLYFISH', 0.8963],
    ['abxyzw', 'abqrst', 0.5556], // Jaro ≤ 0.7: no prefix boost, as Winkler defined it
    ['abc', 'xyz', 0],
    ['abc', 'abc', 1],
  ])('%s / %s = %f', (a, b, expected) => {
    expect(stringSimilarity(a, b)).toBeCloseTo(expected, 3);
    expect(stringSimilarity(b, a)).toBeCloseTo(expected, 3);
  });

  it('gives 0 for an empty side', () => {
    expect(stringSimilarity('', 'abc')).toBe(0);
    expect(stringSimilarity('abc', '')).toBe(0);
    expect(stringSimilarity('', '')).toBe(0);
  });

  it('handles strings longer than its scratch buffers', () => {
    const long = 'a'.repeat(500) + 'b';
    expect(stringSimilarity(long, long + 'c')).toBeGreaterThan(0.99);
  });
});

describe('nameSimilarity: the same person', () => {
  it.each([
    ['Siti Rahayu', 'Siti Rahayuu', 0.95],
    ['Budi Santoso', 'Budi Santosa', 0.95],
    ['Dewi Lestari', 'Dewi Lestary', 0.95],
    ['Budi Santoso', 'Santoso Budi', 1],
    ['Siregar Budi', 'Budi Siregar', 1],
    ['Muhammad Rizki', 'M. Rizki', 1],
    ['Mochammad Rizki', 'Muhamad Rizki', 1],
    ['Soekarno', 'Sukarno', 1],
    ['Djoko Susilo', 'Joko Susilo', 1],
    ['Tjahjono', 'Cahyono', 1],
    ['Sjahrir', 'Syahrir', 1],
    ['BUDI SANTOSO', 'budi santoso', 1],
    ['Bapak H. Budi Santoso, S.E.', 'Budi Santoso', 1],
    ['Fitri Handayani', 'Pitri Handayani', 0.95],
    ['Yusuf', 'Jusuf', 0.95],
    ['Nur Aini', 'Nuraini', 0.95],
    ['Budi S.', 'Budi Santoso', 0.9],
    ['Budi Siregar', 'Budi Santoso Siregar', 0.85],
    ['Budi', 'Budi Santoso', 0.8],
  ])('%s ~ %s ≥ %f', (a, b, atLeast) => {
    expect(sim(a, b)).toBeGreaterThanOrEqual(atLeast);
    expect(sim(b, a)).toBeCloseTo(sim(a, b), 10);
  });
});

describe('nameSimilarity: different people', () => {
  it.each([
    ['Budi Santoso', 'Agus Santoso', 0.55],
    ['Budi Santoso', 'Budi Hartono', 0.55],
    ['Siti Aminah', 'Siti Rahma', 0.4],
    ['Wayan Sudarma', 'Wayan Sukerta', 0.4],
    ['Muhammad Rizki', 'Muhammad Fajar', 0.4],
    ['Budi', 'Agus', 0.01],
    ['Adi', 'Ani', 0.01],
    ['Eko', 'Eka', 0.01],
  ])('%s vs %s ≤ %f', (a, b, atMost) => {
    expect(sim(a, b)).toBeLessThanOrEqual(atMost);
  });

  it('ranks a typo above a missing word above a different word', () => {
    const typo = sim('Budi Santoso', 'Budi Santosoo');
    const missing = sim('Budi Santoso', 'Budi');
    const different = sim('Budi Santoso', 'Agus Santoso');
    expect(typo).toBeGreaterThan(missing);
    expect(missing).toBeGreaterThan(different);
    expect(sim('Siti Rahayu', 'Siti Rahayuu') - different).toBeGreaterThan(0.3);
  });

  it('does not let the run-together comparison hide an added word', () => {
    expect(sim('Budi Santoso', 'Budi Santoso Putra')).toBeLessThan(sim('Budi Santoso', 'Budi Santosoo'));
    expect(sim('Abdul Rahman', 'Abdulrahman')).toBeGreaterThan(0.95);
  });

  it('counts agreement on a common word for less than on a rare one', () => {
    expect(sim('Siti', 'Siti Aminah')).toBeLessThan(sim('Hartini', 'Hartini Aminah'));
    expect(sim('Wayan Sudarma', 'Wayan Sukerta')).toBeLessThan(sim('Budi Santoso', 'Budi Hartono'));
  });
});

describe('nameSimilarity: edges', () => {
  it('is 1 for equal names and 0 when a side is empty', () => {
    expect(nameSimilarity('budi', 'budi')).toBe(1);
    expect(nameSimilarity('', 'budi')).toBe(0);
    expect(nameSimilarity('', '')).toBe(0);
  });

  it('stays within [0, 1] when word weights differ (Andi is common, Andy is its spelling)', () => {
    const s = sim('Andi Wijaya', 'Andy Wijaya');
    expect(s).toBeGreaterThan(0.95);
    expect(s).toBeLessThanOrEqual(1);
  });

  it('matches initials only to words with that first letter', () => {
    expect(sim('Budi S.', 'Budi Santoso')).toBeGreaterThan(sim('Budi S.', 'Budi Hartono'));
    expect(sim('Ahmad M. Yusuf', 'Ahmad Muhammad Yusuf')).toBeGreaterThan(0.9);
  });

  it('agrees with the prepared form', () => {
    const pairs: [string, string][] = [
      ['siti rahayu', 'siti rahayuu'],
      ['budi santoso', 'agus santoso'],
      ['nur aini', 'nuraini'],
    ];
    for (const [a, b] of pairs) {
      expect(preparedNameSimilarity(prepareName(a), prepareName(b))).toBe(nameSimilarity(a, b));
    }
  });

  it('handles names with many words', () => {
    const many = Array.from({ length: 40 }, (_, i) => `kata${String.fromCharCode(97 + (i % 26))}${i}`).join(' ');
    const s = nameSimilarity(many, many + ' tambahan');
    expect(s).toBeGreaterThan(0.8);
    expect(s).toBeLessThanOrEqual(1);
  });
});

describe('addressSimilarity', () => {
  it.each([
    ['Jl. Merdeka No. 12 RT 003/RW 005', 'Jalan Merdeka Nomor 12 Rt.03 Rw.05', 1],
    ['Jl Merdeka 12', 'Jl. Merdeka No 12 RT 3 RW 5 Kel Sukamaju Bandung', 0.8],
    ['Jl. Merdeka No. 12', 'Jl. Merdeka No. 12', 1],
    ['Jl. Merdeka No. 12, Bandung', 'Jl. Merdekka No. 12, Bandung', 0.9],
  ])('%s ~ %s ≥ %f', (a, b, atLeast) => {
    expect(addressSimilarity(a, b)).toBeGreaterThanOrEqual(atLeast);
  });

  it.each([
    ['Jl. Merdeka No. 12', 'Jl. Merdeka No. 14', 0.5],
    ['Jl. Merdeka No. 12 RT 3', 'Jl. Merdeka No. 12 RT 4', 0.75],
    ['Perum Griya Asri Blok C2 No. 5', 'Perum Griya Asri Blok D1 No. 5', 0.6],
    ['Jl. Merdeka No. 12', 'Jl. Diponegoro No. 12', 0.01],
    ['', 'Jl. Merdeka No. 12', 0],
  ])('%s vs %s ≤ %f', (a, b, atMost) => {
    expect(addressSimilarity(a, b)).toBeLessThanOrEqual(atMost);
  });

  it('ranks the same dwelling above a neighbour on the same street', () => {
    const same = addressSimilarity('Jl Merdeka 12 RT 3 RW 5', 'Jalan Merdeka No 12');
    const neighbour = addressSimilarity('Jl Merdeka 12 RT 3 RW 5', 'Jalan Merdeka No 14');
    expect(same).toBeGreaterThan(neighbour);
  });
});
