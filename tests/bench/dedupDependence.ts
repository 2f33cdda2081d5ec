/**
 * The people estimate where its assumption fails: a farm card not on the buyer's number loses his address with
 * probability q (careless buyers write neither), so number and address are no longer independent.
 *   npx tsx tests/bench/dedupDependence.ts
 */
import { runDedup } from '../../electron/core/dedup/pipeline';
import { syntheticDuplicateSet } from '../../electron/core/dedup/syntheticDuplicates';
import { labelledRecord } from '../dedup/support/background';
import { pairwiseQuality } from '../dedup/support/quality';
import { randomSetting } from './dedupGrid';
import { SeededRandom } from '../../electron/core/demo/random';
for (const [seed, q] of [[401, 0.5], [402, 0.8], [403, 0.5]] as const) {
  const items = [...syntheticDuplicateSet({ cards: 64000, ...randomSetting(seed) })];
  const r = new SeededRandom(seed);
  const byPerson = new Map<string, typeof items>();
  for (const it of items) byPerson.set(it.personId, [...(byPerson.get(it.personId) ?? []), it]);
  for (const group of byPerson.values()) {
    const own = group[0]!;
    if (own.role !== 'farmer') continue;
    for (const c of group.slice(1)) if (c.role === 'farmer' && String(c.draft.phone).replace(/\D/g, '').slice(-9) !== String(own.draft.phone).replace(/\D/g, '').slice(-9) && r.next() < q) { c.draft.address = null; }
  }
  const result = runDedup(items.map((c, i) => labelledRecord(c, `c${i}`)));
  const cluster = new Int32Array(items.length).map((_, i) => -1 - i);
  result.clusters.forEach((c, n) => c.members.forEach((m) => (cluster[m] = n)));
  const qy = pairwiseQuality(items.map((i) => i.personId), [...cluster]);
  const e = (x: number) => ((100 * (x - qy.truePeople)) / qy.truePeople).toFixed(2);
  console.log(`seed ${seed} q ${q}: F1 ${qy.f1.toFixed(4)} people ${e(result.people.point)}% (clusters ${e(result.people.clusters)}%) range ${result.people.low}-${result.people.high} truth ${qy.truePeople}`);
}
