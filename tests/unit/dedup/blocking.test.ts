import { describe, expect, it } from 'vitest';
import { buildCandidatePairs, pairIndexes } from '../../../electron/core/dedup/blocking';
import { prepareRecord, type DedupRecord } from '../../../electron/core/dedup/record';

const pairsOf = (records: DedupRecord[]) => {
  const prepared = records.map((r, i) => prepareRecord(r, i));
  return [...buildCandidatePairs(prepared).pairs].map((p) => pairIndexes(p).join('-'));
};

describe('blocking', () => {
  it('meets one home written with its RT/RW and without, on cards sharing nothing else', () => {
    const pairs = pairsOf([
      { id: 'a', fullName: 'Dimas Halim', phones: ['+6285101883925'], address: 'Jl. Mawar No. 62, RT 014/RW 007', city: 'Makassar' },
      { id: 'b', fullName: 'Teguh Wulandari', phones: ['+6281401899763'], address: 'Jalan Mawar Nomor 62', city: 'Makassar' },
      // Another street: never a pair.
      { id: 'c', fullName: 'Rina Kusuma', phones: ['+6281300011122'], address: 'Jl. Melati No. 62', city: 'Makassar' },
    ]);
    expect(pairs).toEqual(['0-1']);
  });

  it('marks the pairs only the street block brings: the model does not learn from them', () => {
    const records = [
      { id: 'a', fullName: 'Dimas Halim', phones: ['+6285101883925'], address: 'Jl. Mawar No. 62, RT 014/RW 007', city: 'Makassar' },
      { id: 'b', fullName: 'Teguh Wulandari', phones: ['+6281401899763'], address: 'Jalan Mawar Nomor 62', city: 'Makassar' },
      // The same number as a: a pair any block of contacts brings.
      { id: 'c', fullName: 'Rina Kusuma', phones: ['+6285101883925'], address: 'Jl. Melati No. 9', city: 'Makassar' },
    ].map((r, i) => prepareRecord(r, i));
    const { pairs, learnFrom } = buildCandidatePairs(records);
    const marked = Object.fromEntries([...pairs].map((p, k) => [pairIndexes(p).join('-'), learnFrom[k]]));
    expect(marked).toEqual({ '0-1': 0, '0-2': 1 });
  });
});
