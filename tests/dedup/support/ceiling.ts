import { compareRecords, COMPARISON_COUNT, sharesContact } from '../../../electron/core/dedup/comparisons';
import { countContactShares } from '../../../electron/core/dedup/pipeline';
import { prepareRecord, type DedupRecord } from '../../../electron/core/dedup/record';
import { UnionFind } from '../../../electron/core/dedup/unionFind';
import { pairwiseQuality, type PairwiseQuality } from './quality';

/**
 * The best any method reading only evidence could do on a labelled set: link every two cards of one person
 * that share a contact (number or one digit off, home, email), a NIK (or one digit off) or a similar name,
 * chain through those links, and never link two people. Cards of one person with none of that between them
 * or through others (a borrowed name on another number, not at the buyer's home) stay apart.
 */
export function evidenceCeiling(records: readonly DedupRecord[], personIds: readonly string[]): PairwiseQuality {
  const prepared = records.map((r, i) => prepareRecord(r, i));
  countContactShares(prepared);
  const byPerson = new Map<string, number[]>();
  personIds.forEach((p, i) => byPerson.set(p, [...(byPerson.get(p) ?? []), i]));
  const uf = new UnionFind(records.length);
  const levels = new Uint8Array(COMPARISON_COUNT);
  for (const members of byPerson.values())
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) {
        const code = compareRecords(prepared[members[x]!]!, prepared[members[y]!]!, levels);
        const [nik, , , name] = levels;
        if (sharesContact(code) || nik === 2 || nik === 3 || (name! >= 1 && name! <= 3)) uf.union(members[x]!, members[y]!);
      }
  return pairwiseQuality(personIds, [...records.keys()].map((i) => uf.find(i)));
}
