import { dwellingKey } from './blocking';
import type { PreparedRecord } from './record';
import { oneDigitApart } from './similarity';

/**
 * How many further cards of card farmers no contact reveals, estimated by capture–recapture.
 *
 * A buyer's extra cards are found through two "lists": his number (or one digit off) and his home. A card
 * carrying neither is invisible to any comparison, so the clusters undercount him. Among the extra cards
 * the scan did find, the share found by both lists tells how often each list misses, and the Chapman form
 * of the Lincoln–Petersen estimator turns that into the number found by neither:
 *   N = (n1 + 1)(n2 + 1) / (m + 1) − 1, unseen = N − (n1 + n2 − m) − (cards found by neither list but
 *   linked by other evidence), with Chapman's variance for N.
 * It assumes a farmer's number and his address go on an extra card independently. Where they go together
 * (a buyer who writes both or neither) the estimate is too low, so the people count stays on the high side.
 */
export interface UnseenFarmCards {
  estimate: number;
  /** Standard deviation of the estimate (Chapman). */
  sd: number;
  /** Extra cards in farming clusters on the buyer's number, at his home, both, neither. */
  byNumber: number;
  byHome: number;
  byBoth: number;
  byNeither: number;
}

export function unseenFarmCards(farmingClusters: readonly (readonly number[])[], records: readonly PreparedRecord[]): UnseenFarmCards {
  let n1 = 0;
  let n2 = 0;
  let m = 0;
  let neither = 0;
  for (const members of farmingClusters) {
    const homes = members.map((i) => dwellingKey(records[i]!));
    const number = mostCommon(members.flatMap((i) => records[i]!.phones));
    const home = mostCommon(homes.filter((d) => d !== ''));
    // Only clusters whose buyer gave both: the two lists must be defined on every card.
    if (number === undefined || home === undefined) continue;
    let buyerSeen = false;
    members.forEach((i, k) => {
      const onNumber = records[i]!.phones.some((p) => p === number || oneDigitApart(p, number));
      const atHome = homes[k] === home;
      // One card with both is the buyer's own; the rest are his extra cards.
      if (onNumber && atHome && !buyerSeen) {
        buyerSeen = true;
        return;
      }
      if (onNumber) n1++;
      if (atHome) n2++;
      if (onNumber && atHome) m++;
      if (!onNumber && !atHome) neither++;
    });
  }
  if (n1 + n2 === 0) return { estimate: 0, sd: 0, byNumber: n1, byHome: n2, byBoth: m, byNeither: neither };
  const total = ((n1 + 1) * (n2 + 1)) / (m + 1) - 1;
  const variance = ((n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m)) / ((m + 1) ** 2 * (m + 2));
  const estimate = Math.max(0, total - (n1 + n2 - m) - neither);
  return { estimate, sd: Math.sqrt(variance), byNumber: n1, byHome: n2, byBoth: m, byNeither: neither };
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}
