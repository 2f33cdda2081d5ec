import { describe, expect, it } from 'vitest';
import { runDedup } from '../../../electron/core/dedup/pipeline';
import { prepareRecord, type DedupRecord } from '../../../electron/core/dedup/record';
import { syntheticDuplicateSet } from '../../../electron/core/dedup/syntheticDuplicates';
import { unseenFarmCards } from '../../../electron/core/dedup/unseenFarmCards';
import { labelledRecord } from '../../dedup/support/background';
import { randomSetting } from '../../bench/dedupGrid';

const HOME = 'Jl. Kenanga No. 7 RT 02 RW 05';
const OTHER = 'Jl. Melati No. 30 RT 01 RW 01';

function card(id: string, phone: string, address: string): DedupRecord {
  return { id, fullName: `Pemilik ${id}`, phones: [phone], address, city: 'Bandung' };
}

describe('cards of card farmers that no contact reveals (capture–recapture)', () => {
  it('gives the Chapman estimate from the extra cards on his number, at his home and both', () => {
    const buyer = '+6281234567890';
    const records = [
      card('own', buyer, HOME), // his own card: both, not an extra card
      card('x1', buyer, HOME),
      card('x2', buyer, HOME),
      card('x3', buyer, OTHER),
      card('x4', buyer, OTHER),
      card('x5', '+6281234567891', OTHER), // one digit off counts as his number
      card('x6', '+6289999999999', HOME),
      card('x7', '+6288888888888', OTHER), // neither, but in the cluster: found by other evidence
    ].map((r, i) => prepareRecord(r, i));
    const u = unseenFarmCards([records.map((_, i) => i)], records);
    // n1 (number) = x1..x5 = 5, n2 (home) = x1, x2, x6 = 3, both = 2, neither seen = 1.
    expect([u.byNumber, u.byHome, u.byBoth, u.byNeither]).toEqual([5, 3, 2, 1]);
    const total = (6 * 4) / 3 - 1; // 7
    expect(u.estimate).toBeCloseTo(total - (5 + 3 - 2) - 1, 10); // 0
    expect(u.sd).toBeCloseTo(Math.sqrt((6 * 4 * 3 * 1) / (9 * 4)), 10);
  });

  it('estimates hidden cards when the lists miss each other often', () => {
    const buyer = '+6281234567890';
    const rows: DedupRecord[] = [card('own', buyer, HOME)];
    // 4 on the number only, 4 at home only, 2 both: the lists catch each other 1 time in 3.
    for (let i = 0; i < 4; i++) rows.push(card(`n${i}`, buyer, `Jl. Lain ${i} No. ${i + 1}`));
    for (let i = 0; i < 4; i++) rows.push(card(`h${i}`, `+62877000000${10 + i}`, HOME));
    for (let i = 0; i < 2; i++) rows.push(card(`b${i}`, buyer, HOME));
    const records = rows.map((r, i) => prepareRecord(r, i));
    const u = unseenFarmCards([records.map((_, i) => i)], records);
    expect([u.byNumber, u.byHome, u.byBoth, u.byNeither]).toEqual([6, 6, 2, 0]);
    expect(u.estimate).toBeCloseTo((7 * 7) / 3 - 1 - 10, 10); // ≈ 5.33 cards no list caught
  });

  it('leaves clusters whose buyer gave no address out, and is zero without farming', () => {
    const records = [card('a', '+6281111111111', ''), card('b', '+6281111111111', '')].map((r, i) => prepareRecord(r, i));
    expect(unseenFarmCards([[0, 1]], records).estimate).toBe(0);
    expect(unseenFarmCards([], records)).toEqual({ estimate: 0, sd: 0, byNumber: 0, byHome: 0, byBoth: 0, byNeither: 0 });
  });

  it('brings the scan’s people estimate near the truth where farmers hide cards', () => {
    // A held-out random setting (not one of the benchmark's tuning or reported rows).
    const items = [...syntheticDuplicateSet({ cards: 16000, ...randomSetting(301) })];
    const result = runDedup(items.map((c, i) => labelledRecord(c, `c${i}`)));
    const truth = new Set(items.map((i) => i.personId)).size;
    const hiddenNoEvidence = result.people.unseen.estimate;
    expect(hiddenNoEvidence).toBeGreaterThan(0);
    const errorOf = (x: number) => Math.abs(x - truth) / truth;
    expect(errorOf(result.people.point)).toBeLessThan(0.02);
    expect(errorOf(result.people.point)).toBeLessThan(errorOf(result.people.clusters));
    expect(result.people.low).toBeLessThanOrEqual(truth);
    expect(result.people.high).toBeGreaterThanOrEqual(truth);
  });
});
