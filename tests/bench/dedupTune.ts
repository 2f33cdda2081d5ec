/**
 * Chooses the scan's clustering constants on the TUNING rows of the dedup grid only (random settings
 * 101–106, tests/bench/dedupGrid.ts): for every combination it prints each row's F1, the mean and the worst;
 * the constant picked is the one with the best worst row (then the best mean). Held-out rows are never read.
 *
 *   npx tsx tests/bench/dedupTune.ts [--cards 64000]
 */
import { parseArgs } from 'node:util';
import { runDedup, type DedupOptions } from '../../electron/core/dedup/pipeline';
import { syntheticDuplicateSet } from '../../electron/core/dedup/syntheticDuplicates';
import { labelledRecord } from '../dedup/support/background';
import { pairwiseQuality } from '../dedup/support/quality';
import { DEDUP_GRID } from './dedupGrid';

const { values } = parseArgs({ options: { cards: { type: 'string', default: '64000' } } });
const tuning = DEDUP_GRID.filter((g) => g.role === 'tuning').map((g) => {
  const items = [...syntheticDuplicateSet({ cards: Number(values.cards), ...g.options })];
  return { name: g.name, people: items.map((i) => i.personId), records: items.map((c, i) => labelledRecord(c, `c${i}`)) };
});
const combos: DedupOptions[] = [];
for (const linkProbability of [0.5])
  for (const averageLinkOdds of [0, -0.5, -1, -1.5])
    for (const floor of [-3, -2]) combos.push({ linkProbability, averageLinkOdds, floor });

const rows: { combo: DedupOptions; f1: number[] }[] = [];
for (const combo of combos) {
  const f1 = tuning.map((t) => {
    const result = runDedup(t.records, combo);
    const cluster = new Int32Array(t.records.length).map((_, i) => -1 - i);
    result.clusters.forEach((c, n) => c.members.forEach((m) => (cluster[m] = n)));
    return pairwiseQuality(t.people, [...cluster]).f1;
  });
  rows.push({ combo, f1 });
  console.log(JSON.stringify(combo), f1.map((x) => x.toFixed(4)).join(' '), 'mean', (f1.reduce((a, b) => a + b) / f1.length).toFixed(4), 'worst', Math.min(...f1).toFixed(4));
}
rows.sort((a, b) => Math.min(...b.f1) - Math.min(...a.f1) || b.f1.reduce((x, y) => x + y) - a.f1.reduce((x, y) => x + y));
console.log('\nbest by worst tuning row:', JSON.stringify(rows[0]!.combo));
