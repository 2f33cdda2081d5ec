import { describe, expect, it } from 'vitest';
import { fmScore, quintileScores, segmentGrid, segmentOf } from '../../electron/core/reports/rfmScoring';
import fc from 'fast-check';
import { rfmSegments } from '../../shared/reports';
import { topK } from '../../electron/core/reports/topK';

describe('quintileScores', () => {
  it.each([
    { name: 'ten distinct values, any order', values: [50, 10, 90, 30, 70, 20, 100, 40, 60, 80], scores: [3, 1, 5, 2, 4, 1, 5, 2, 3, 4] },
    {
      name: 'ties share the score of their first position',
      values: [1, 1, 1, 1, 1, 2, 2, 3, 4, 5],
      scores: [1, 1, 1, 1, 1, 3, 3, 4, 5, 5],
    },
    { name: 'everyone equal scores 1', values: [7, 7, 7], scores: [1, 1, 1] },
    { name: 'one customer', values: [42], scores: [1] },
    { name: 'five values, one per quintile', values: [5, 4, 3, 2, 1], scores: [5, 4, 3, 2, 1] },
    { name: 'negative values (negated recency)', values: [-300, -2, -40], scores: [1, 4, 2] },
  ])('$name', ({ values, scores }) => {
    expect([...quintileScores(values)]).toEqual(scores);
  });

  it('is empty for no values', () => {
    expect(quintileScores([]).length).toBe(0);
  });
});

describe('segmentOf', () => {
  it.each([
    { rfm: [5, 5, 5], segment: 'champions' },
    { rfm: [5, 4, 3], segment: 'champions' },
    { rfm: [5, 1, 1], segment: 'new' },
    { rfm: [5, 2, 3], segment: 'potential_loyalist' },
    { rfm: [4, 1, 1], segment: 'promising' },
    { rfm: [4, 5, 4], segment: 'loyal' },
    { rfm: [3, 4, 4], segment: 'loyal' },
    { rfm: [3, 3, 3], segment: 'need_attention' },
    { rfm: [3, 1, 2], segment: 'about_to_sleep' },
    { rfm: [2, 4, 3], segment: 'at_risk' },
    { rfm: [1, 5, 5], segment: 'cant_lose' },
    { rfm: [2, 2, 1], segment: 'hibernating' },
    { rfm: [1, 1, 2], segment: 'hibernating' },
    { rfm: [1, 1, 1], segment: 'lost' },
  ])('$rfm → $segment', ({ rfm, segment }) => {
    expect(segmentOf(rfm[0]!, rfm[1]!, rfm[2]!)).toBe(segment);
  });

  it('covers all 125 score combinations with known segments', () => {
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) expect(rfmSegments).toContain(segmentOf(r, f, m));
    expect(Object.keys(segmentGrid)).toHaveLength(5);
  });

  it('rejects scores outside 1–5', () => {
    expect(() => segmentOf(0, 1, 1)).toThrow(RangeError);
  });

  it('reads F and M as their mean rounded up', () => {
    expect(fmScore(1, 2)).toBe(2);
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(3, 3)).toBe(3);
  });
});

describe('quintileScores against its definition', () => {
  it('scores each value 1 + ⌊5 · (values below it) / n⌋, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 200 }), (values) => {
        const below = (v: number) => values.filter((w) => w < v).length;
        expect([...quintileScores(values)]).toEqual(values.map((v) => 1 + Math.floor((5 * below(v)) / values.length)));
      }),
    );
  });
});

describe('topK', () => {
  it('gives the first k of a full sort, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (keys, k) => {
        const items = Uint32Array.from(keys.map((_, i) => i));
        const compare = (a: number, b: number) => keys[b]! - keys[a]! || a - b;
        expect([...topK(items, k, compare)]).toEqual([...items].sort(compare).slice(0, k));
      }),
    );
  });
});
