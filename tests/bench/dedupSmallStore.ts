/**
 * How the learned model behaves on a small store. For stores of n cards (eight seeds each) it prints the pairs EM
 * learns from; how much of the "one person" classes' m comes from the data rather than from the starting values
 * (EM's prior weighs PRIOR_PAIRS pairs per class, latentClassEm.ts); how much the learned level weights differ
 * between two stores of the same size and shape (seed to seed, in bits); and the pairwise F1 of the scan with the
 * store's own model against the F1 under a model learned on 20,000 cards. It chose the threshold of the scan's
 * "learned from too few pairs" warning (storeScan.ts MIN_LEARNED_PAIRS).
 *   npx tsx tests/bench/dedupSmallStore.ts
 */
import { levelWeights } from '../../electron/core/dedup/latentClassEm';
import { runDedup, type DedupResult } from '../../electron/core/dedup/pipeline';
import { syntheticDuplicateSet } from '../../electron/core/dedup/syntheticDuplicates';
import { labelledRecord } from '../dedup/support/background';
import { pairwiseQuality } from '../dedup/support/quality';

const PRIOR_PAIRS = 20;
const reference = runDedup([...syntheticDuplicateSet({ cards: 20_000, seed: 99 })].map((c, i) => labelledRecord(c, `r${i}`))).model;

function f1(result: DedupResult, persons: string[]): number {
  const cluster = persons.map((_, i) => -1 - i);
  result.clusters.forEach((c, n) => c.members.forEach((m) => (cluster[m] = n)));
  return pairwiseQuality(persons, cluster).f1;
}

const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
console.log('cards  learned pairs (min-max)  data share of m (min/median/max)  weight spread seed to seed (bits)  F1 own  F1 20k model');
for (const cards of [5, 10, 20, 30, 50, 100, 150, 200, 250, 300, 400, 500, 1000, 2000, 5000]) {
  const rows = seeds.map((seed) => {
    const items = [...syntheticDuplicateSet({ cards, seed })];
    const records = items.map((c, i) => labelledRecord(c, `c${i}`));
    const persons = items.map((c) => c.personId);
    const own = runDedup(records);
    const withReference = runDedup(records, { model: reference });
    // Expected pairs of each "one person" class (same, farmed) against the prior's weight.
    const share = Math.min(...[0, 1].map((c) => (own.model.lambda[c]! * own.model.pairs) / (own.model.lambda[c]! * own.model.pairs + PRIOR_PAIRS)));
    return { pairs: own.model.pairs, share, weights: levelWeights(own.model).flat(), f1: f1(own, persons), f1Ref: f1(withReference, persons) };
  });
  // Standard deviation of each level's weight over the seeds, averaged over the levels.
  const spread = mean(rows[0]!.weights.map((_, i) => {
    const ws = rows.map((r) => r.weights[i]!);
    const m = mean(ws);
    return Math.sqrt(mean(ws.map((w) => (w - m) ** 2)));
  }));
  const pairs = rows.map((r) => r.pairs);
  console.log(
    `${String(cards).padStart(5)}  ${`${Math.min(...pairs)}-${Math.max(...pairs)}`.padStart(22)}  ${(() => {
      const shares = rows.map((r) => r.share).sort((a, b) => a - b);
      return `${shares[0]!.toFixed(2)}/${((shares[3]! + shares[4]!) / 2).toFixed(2)}/${shares[7]!.toFixed(2)}`.padStart(33);
    })()}  ${spread.toFixed(2).padStart(33)}  ${mean(rows.map((r) => r.f1)).toFixed(3).padStart(6)}  ${mean(rows.map((r) => r.f1Ref)).toFixed(3).padStart(12)}`,
  );
}
