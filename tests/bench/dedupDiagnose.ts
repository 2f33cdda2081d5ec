/**
 * Why the scan misses or wrongly links pairs on one synthetic setting: breaks true pairs it missed and
 * wrong pairs it made down by the roles of the two cards and their comparison levels.
 *
 *   npx tsx tests/bench/dedupDiagnose.ts --set G [--cards 32000]
 */
import { parseArgs } from 'node:util';
import { runDedup } from '../../electron/core/dedup/pipeline';
import { COMPARISONS, compareRecords, sharesContact } from '../../electron/core/dedup/comparisons';
import { syntheticDuplicateSet, type DuplicateSetOptions } from '../../electron/core/dedup/syntheticDuplicates';
import { labelledRecord } from '../dedup/support/background';
import { pairwiseQuality } from '../dedup/support/quality';
import { evidenceCeiling } from '../dedup/support/ceiling';
import { DEDUP_GRID, INDEPENDENT_OPTIONS } from './dedupGrid';

const { values } = parseArgs({ options: { set: { type: 'string', default: 'G' }, cards: { type: 'string', default: '32000' }, top: { type: 'string', default: '15' } } });
const setting = values.set === 'independent' ? { name: 'independent (in memory)', options: INDEPENDENT_OPTIONS } : DEDUP_GRID.find((g) => g.name.startsWith(values.set!))!;
const items = [...syntheticDuplicateSet({ cards: Number(values.cards), ...(setting.options as Omit<DuplicateSetOptions, 'cards'>) })];
const records = items.map((c, i) => labelledRecord(c, `c${i}`));
const t = performance.now();
const result = runDedup(records);
const seconds = (performance.now() - t) / 1000;
const cluster = new Int32Array(records.length).map((_, i) => -1 - i);
result.clusters.forEach((c, n) => c.members.forEach((m) => (cluster[m] = n)));
const q = pairwiseQuality(items.map((i) => i.personId), [...cluster]);
console.log(`${setting.name}: P=${q.precision.toFixed(4)} R=${q.recall.toFixed(4)} F1=${q.f1.toFixed(4)} people ${q.estimatedPeople}/${q.truePeople} range ${result.people.low}-${result.people.high} ${seconds.toFixed(1)}s`, result.stats.millis);
console.log('lambda', result.model.lambda.map((x) => x.toFixed(4)).join(' '), 'iterations', result.model.iterations);

const byPerson = new Map<string, number[]>();
items.forEach((c, i) => byPerson.set(c.personId, [...(byPerson.get(c.personId) ?? []), i]));
const missed = new Map<string, number>();
const missedPatterns = new Map<string, number>();
let missedTotal = 0;
const missedWithContact = new Map<string, number>();
let missedWithContactTotal = 0;
const scratch = new Uint8Array(COMPARISONS.length);
const describe = (a: number, b: number) => {
  compareRecords(result.records[a]!, result.records[b]!, scratch);
  return COMPARISONS.map((c, k) => `${c.name}:${c.levels[scratch[k]!]}`).filter((s) => !s.endsWith(':blank') && !s.endsWith(':unknown')).join(' ');
};
for (const members of byPerson.values()) {
  for (let x = 0; x < members.length; x++)
    for (let y = x + 1; y < members.length; y++) {
      const a = members[x]!;
      const b = members[y]!;
      if (cluster[a] === cluster[b]) continue;
      missedTotal++;
      const key = `${items[a]!.role}/${items[b]!.role} size ${members.length > 4 ? '5+' : members.length}`;
      missed.set(key, (missed.get(key) ?? 0) + 1);
      const p = describe(a, b);
      missedPatterns.set(p, (missedPatterns.get(p) ?? 0) + 1);
      if (sharesContact(compareRecords(result.records[a]!, result.records[b]!, scratch))) {
        missedWithContact.set(p, (missedWithContact.get(p) ?? 0) + 1);
        missedWithContactTotal++;
      }
    }
}
const top = (m: Map<string, number>, n = Number(values.top)) => [...m].sort((x, y) => y[1] - x[1]).slice(0, n);
console.log(`\nmissed true pairs: ${missedTotal} of ${q.truePairs}`);
for (const [k, v] of top(missed)) console.log(`  ${String(v).padStart(7)}  ${k}`);
console.log('most common patterns of missed pairs');
for (const [k, v] of top(missedPatterns)) console.log(`  ${String(v).padStart(7)}  ${k}`);
console.log(`missed pairs sharing a contact: ${missedWithContactTotal}`);
for (const [k, v] of top(missedWithContact)) console.log(`  ${String(v).padStart(7)}  ${k}`);
const wrong = new Map<string, number>();
const wrongPatterns = new Map<string, number>();
let wrongTotal = 0;
for (const c of result.clusters) {
  for (let x = 0; x < c.members.length; x++)
    for (let y = x + 1; y < c.members.length; y++) {
      const a = c.members[x]!;
      const b = c.members[y]!;
      if (items[a]!.personId === items[b]!.personId) continue;
      wrongTotal++;
      const key = `${items[a]!.role}/${items[b]!.role} cluster ${c.kind} ${c.members.length > 4 ? '5+' : c.members.length}`;
      wrong.set(key, (wrong.get(key) ?? 0) + 1);
      const p = describe(a, b);
      wrongPatterns.set(p, (wrongPatterns.get(p) ?? 0) + 1);
    }
}
console.log(`\nwrong pairs: ${wrongTotal} of ${q.predictedPairs}`);
for (const [k, v] of top(wrong)) console.log(`  ${String(v).padStart(7)}  ${k}`);
console.log('most common patterns of wrong pairs');
for (const [k, v] of top(wrongPatterns)) console.log(`  ${String(v).padStart(7)}  ${k}`);

const ceiling = evidenceCeiling(records, items.map((i) => i.personId));
console.log(`\nceiling (pairs sharing contact, NIK or a similar name linked, no false link): R=${ceiling.recall.toFixed(4)} F1=${ceiling.f1.toFixed(4)} people ${ceiling.estimatedPeople}/${ceiling.truePeople}`);
