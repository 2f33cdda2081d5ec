import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { C, COMPARISON_COUNT, compareRecords, oneEditApart } from '../../../electron/core/dedup/comparisons';
import { prepareRecord, type DedupRecord } from '../../../electron/core/dedup/record';
import { stringSimilarity } from '../../../electron/core/dedup/similarity';

/**
 * The scan compares phones, birth dates, cities and outlets as numbers held in each record. These are the levels
 * as they were defined on the strings; the numbers must give the same level for every pair.
 */
function phoneLevelOfStrings(a: readonly string[], b: readonly string[], shares: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let near = false;
  let shared = 0;
  a.forEach((x, i) => {
    for (const y of b) {
      if (x === y) shared = Math.max(shared, shares[i] ?? 2);
      else if (!near && x.length === y.length && [...x].filter((c, k) => c !== y[k]).length === 1) near = true;
    }
  });
  if (shared > 0) return shared <= 2 ? 1 : shared <= 4 ? 2 : 3;
  return near ? 4 : 5;
}

function dobLevelOfStrings(a: string, b: string): number {
  if (!a && !b) return 0;
  if (!a || !b) return 1;
  if (a === b) return 2;
  if (oneEditApart(a, b)) return 3;
  if (a.slice(4) === b.slice(4) && Math.abs(Number(a.slice(0, 4)) - Number(b.slice(0, 4))) === 1) return 3;
  if (a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6)) return 3;
  return 4;
}

const digitString = (min: number, max: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** A second value near the first: the same, one character changed, two characters swapped (adjacent or not), or unrelated. */
const nearTo = (first: string, other: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.constant(first),
    fc.tuple(fc.nat(), fc.constantFrom(...'0123456789')).map(([i, d]) => (first.length ? first.slice(0, i % first.length) + d + first.slice((i % first.length) + 1) : d)),
    fc.nat().map((i) => {
      if (first.length < 2) return first;
      const k = i % (first.length - 1);
      return first.slice(0, k) + first[k + 1] + first[k] + first.slice(k + 2);
    }),
    fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => {
      const c = [...first];
      if (c.length < 2) return first;
      [c[i % c.length], c[j % c.length]] = [c[j % c.length]!, c[i % c.length]!];
      return c.join('');
    }),
    other,
  );

const phone = fc.oneof(
  fc.tuple(fc.boolean(), digitString(8, 15)).map(([plus, d]) => (plus ? `+${d}` : d)),
  digitString(16, 18),
  fc.constantFrom('', '+62-812', '0812 3456'),
);
const date = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.integer({ min: 1930, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(
    ([y, m, d]) => `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`,
  ),
  digitString(8, 8),
);
const levels = (a: DedupRecord, b: DedupRecord, shares: number[]) => {
  const x = prepareRecord(a, 0);
  const y = prepareRecord(b, 1);
  x.phoneShares = shares;
  const out = new Uint8Array(COMPARISON_COUNT);
  compareRecords(x, y, out);
  return out;
};
const dated = (d: string) => (d ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : null);

describe('comparison levels from numbers', () => {
  it('phone level: the same as on the strings, for one or several numbers, with and without +, past 15 digits', () => {
    fc.assert(
      fc.property(
        phone.chain((p) => fc.tuple(fc.constant(p), nearTo(p, phone))),
        fc.option(phone, { nil: undefined }),
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }),
        ([p, q], extra, shares) => {
          const a = [p, ...(extra !== undefined ? [extra] : [])].filter(Boolean);
          const b = [q].filter(Boolean);
          const out = levels({ id: 'a', fullName: 'A', phones: a }, { id: 'b', fullName: 'B', phones: b }, shares);
          expect(out[C.phone]).toBe(phoneLevelOfStrings(a, b, shares));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('phone level: a carry is not one digit off (…19 and …20 differ in two digits)', () => {
    const out = levels({ id: 'a', fullName: 'A', phones: ['+6281200000019'] }, { id: 'b', fullName: 'B', phones: ['+6281200000020'] }, []);
    expect(out[C.phone]).toBe(5);
    const near = levels({ id: 'a', fullName: 'A', phones: ['+6281200000019'] }, { id: 'b', fullName: 'B', phones: ['+6281200000018'] }, []);
    expect(near[C.phone]).toBe(4);
  });

  it('birth date level: the same as on the strings (typo, swapped digits, year off by one, day and month swapped)', () => {
    fc.assert(
      fc.property(
        date.chain((d) => fc.tuple(fc.constant(d), nearTo(d, date))),
        ([d, e]) => {
          const out = levels({ id: 'a', fullName: 'A', birthDate: dated(d) }, { id: 'b', fullName: 'B', birthDate: dated(e) }, []);
          // A record keeps a birth date only as 8 digits.
          const kept = (x: string) => (x.length === 8 ? x : '');
          expect(out[C.dob]).toBe(dobLevelOfStrings(kept(d), kept(e)));
        },
      ),
      { numRuns: 5000 },
    );
    const swapped = levels({ id: 'a', fullName: 'A', birthDate: '1990-05-12' }, { id: 'b', fullName: 'B', birthDate: '1990-12-05' }, []);
    expect(swapped[C.dob]).toBe(3);
    const zeros = levels({ id: 'a', fullName: 'A', birthDate: '0000-00-00' }, { id: 'b', fullName: 'B', birthDate: null }, []);
    expect(zeros[C.dob]).toBe(1);
  });

  it('city and outlet levels: the same as on the strings, over near spellings, repeats and blanks', () => {
    const city = fc.constantFrom('Surabaya', 'surabaya', 'Surabaja', 'SURABAYA ', 'Sidoarjo', 'Bandung', 'Bandong', 'Jakarta Selatan', 'Jakarta', '', '---', 'Kota Bandung');
    const outlet = fc.constantFrom('o1', 'o2', 'O1', '', 'outlet-3');
    fc.assert(
      fc.property(city, city, outlet, outlet, (c, d, o, p) => {
        const x = prepareRecord({ id: 'a', fullName: 'A', city: c || null, outletId: o || null }, 0);
        const y = prepareRecord({ id: 'b', fullName: 'B', city: d || null, outletId: p || null }, 1);
        const out = new Uint8Array(COMPARISON_COUNT);
        compareRecords(x, y, out);
        expect(out[C.city]).toBe(!x.city || !y.city ? 0 : x.city === y.city || stringSimilarity(x.city, y.city) >= 0.9 ? 1 : 2);
        expect(out[C.outlet]).toBe(!o || !p ? 0 : o === p ? 1 : 2);
      }),
      { numRuns: 2000 },
    );
  });

  it('city and outlet levels: the same text is the same, a near spelling of a city is the same, blank is unknown', () => {
    const rec = (city: string | null, outletId: string | null): DedupRecord => ({ id: 'x', fullName: 'A', city, outletId });
    expect(levels(rec('Surabaya', 'o1'), rec('surabaya', 'o1'), [])).toMatchObject({ [C.city]: 1, [C.outlet]: 1 });
    expect(levels(rec('Surabaya', 'o1'), rec('Surabaja', 'o2'), [])).toMatchObject({ [C.city]: 1, [C.outlet]: 2 });
    expect(levels(rec('Surabaya', 'o1'), rec('Bandung', null), [])).toMatchObject({ [C.city]: 2, [C.outlet]: 0 });
    expect(levels(rec(null, ''), rec('Bandung', 'o1'), [])).toMatchObject({ [C.city]: 0, [C.outlet]: 0 });
  });
});
