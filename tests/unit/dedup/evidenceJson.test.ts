import { describe, expect, it } from 'vitest';
import { evidenceJson } from '../../../electron/core/dedup/evidenceJson';
import { runDedup } from '../../../electron/core/dedup/pipeline';
import type { Evidence } from '../../../electron/core/dedup/scoring';
import { backgroundRecords } from '../../dedup/support/background';

describe('evidenceJson: the stored evidence text', () => {
  it('is JSON.stringify of every evidence list a scan explains, character for character', () => {
    const result = runDedup(backgroundRecords(3000, 21));
    const lists = [...result.clusters, ...result.households].flatMap((c) => c.pairs.map((p) => p.score.evidence));
    expect(lists.length).toBeGreaterThan(500);
    expect(lists.some((l) => l.some((e) => e.similarity !== undefined))).toBe(true);
    for (const list of lists) {
      // Only the keys evidenceJson writes, so nothing is dropped from the stored text.
      for (const e of list) expect(Object.keys(e).every((k) => ['kind', 'level', 'weight', 'similarity'].includes(k))).toBe(true);
      expect(evidenceJson(list)).toBe(JSON.stringify(list));
    }
  });

  it('writes numbers as JSON does (negative zero, exponents, not-a-number) and an empty list', () => {
    const list: Evidence[] = [
      { kind: 'phone', level: 'same', weight: -0 },
      { kind: 'name', level: 'similar', weight: 1e-7, similarity: 0 },
      { kind: 'address', level: 'different', weight: -123456789.125, similarity: 0.925 },
      { kind: 'nik', level: 'blank', weight: Number.NaN },
      { kind: 'email', level: 'same', weight: 1e21 },
    ];
    expect(evidenceJson(list)).toBe(JSON.stringify(list));
    expect(evidenceJson(list)).toBe(JSON.stringify(list));
    expect(evidenceJson([])).toBe('[]');
  });
});
