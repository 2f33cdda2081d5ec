import { describe, expect, it } from 'vitest';
import { PairMemo, textId } from '../../../electron/core/dedup/similarityMemo';
import { addressSimilarity, nameSimilarity } from '../../../electron/core/dedup/similarity';

describe('similarityMemo', () => {
  it('gives equal texts one id and different texts different ids', () => {
    expect(textId('budi')).toBe(textId('budi'));
    expect(textId('budi')).not.toBe(textId('budy'));
  });

  it('keeps a value per ordered pair, NaN when unknown, and stays correct after emptying itself when half full', () => {
    const memo = new PairMemo(4);
    memo.set(1, 2, 0.5);
    expect(memo.get(1, 2)).toBe(0.5);
    expect(memo.get(2, 1)).toBeNaN();
    for (let k = 0; k < 100; k++) {
      memo.set(k, k + 1, k / 100);
      expect(memo.get(k, k + 1)).toBe(k / 100);
    }
    expect(memo.get(1, 2)).toBeNaN();
  });

  it('leaves name and address similarities as computed without it (asked twice, in both orders)', () => {
    const names: [string, string][] = [
      ['budi santoso', 'budi susanto'],
      ['nur aini', 'nuraini'],
      ['siti rahayu', 'sity rahayu wati'],
      ['andi', 'andy'],
    ];
    for (const [a, b] of names) {
      const first = nameSimilarity(a, b);
      expect(nameSimilarity(a, b)).toBe(first);
      expect(nameSimilarity(b, a)).toBe(nameSimilarity(b, a));
      expect(first).toBeGreaterThan(0);
    }
    const first = addressSimilarity('Jl. Merdeka No. 12, Sukajadi', 'Jln Merdeka 12 Sukajadi Bandung');
    expect(addressSimilarity('Jl. Merdeka No. 12, Sukajadi', 'Jln Merdeka 12 Sukajadi Bandung')).toBe(first);
    expect(first).toBeGreaterThan(0.5);
  });
});
