import { buildCandidatePairs, dwellingKey, pairIndexes, BLOCK_KINDS } from './blocking';
import { prepareRecord, type DedupRecord, type PreparedRecord } from './record';
import { confidenceOf, MATCH_THRESHOLD, nameAgreeWeight, scorePair, type PairScore } from './scoring';
import { UnionFind } from './unionFind';

/**
 * Identity resolution over any iterable of records: the store scan and the quality benchmark run this
 * same code. Steps: prepare → block → score candidate pairs → cluster people (union-find, then average
 * linkage inside bigger groups so one weak link cannot chain strangers) → flag card farming → link
 * households.
 *
 * Two notions of "one real person" come out of it:
 * - a person cluster: registrations of one customer (re-registrations, spelling variants);
 * - a farming cluster: many cards a buyer registered under borrowed names, sharing their phone or address,
 *   in bursts at one outlet. The retailer counts the buyer as one real customer, so the cluster is one
 *   person too, but it is flagged so that a manager treats it differently from an honest duplicate.
 * A household (a phone or dwelling shared by different people) is linked, never merged.
 */

export interface ScoredPair {
  a: number;
  b: number;
  score: PairScore;
}

export interface FarmingFacts {
  sharedPhones: string[];
  sharedDwellings: string[];
  /** Cards registered in bursts (3+ within BURST_MINUTES at one outlet). */
  burstCards: number;
  largestBurst: number;
  distinctNames: number;
}

export interface ClusterResult {
  kind: 'person' | 'farming';
  /** Record indexes, ascending. */
  members: number[];
  /** Average pair score inside (person) or a farming score. */
  score: number;
  confidence: number;
  /** Pairs that explain the cluster (strongest first, at most MAX_EVIDENCE_PAIRS). */
  pairs: ScoredPair[];
  farming?: FarmingFacts;
}

export interface HouseholdResult {
  /** Record indexes of two or more different people (different clusters) sharing a phone or dwelling. */
  members: number[];
  sharedPhones: string[];
  sharedDwellings: string[];
}

export interface DedupOptions {
  /** Pairs of record ids a manager marked "not the same person": never merged, never proposed again. */
  cannotLink?: (a: string, b: string) => boolean;
  matchThreshold?: number;
}

export interface DedupResult {
  records: PreparedRecord[];
  clusters: ClusterResult[];
  households: HouseholdResult[];
  /** Distinct real people: every cluster counts once. */
  estimatedPeople: number;
  stats: { candidatePairs: number; matchedPairs: number; skippedBlocks: number; millis: Record<string, number> };
}

export const BURST_MINUTES = 30;
export const MIN_BURST = 3;
/** A farming cluster needs this many cards registered in bursts… */
export const MIN_FARMING_CARDS = 4;
/** …over at least this many different names. */
export const MIN_FARMING_NAMES = 3;
const MAX_EVIDENCE_PAIRS = 12;
/** Average linkage runs on the full score matrix up to this size; bigger groups keep their edges only. */
const MAX_DENSE_GROUP = 80;

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function runDedup(input: Iterable<DedupRecord>, options: DedupOptions = {}): DedupResult {
  const millis: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    millis[name] = Math.round(now - t);
    t = now;
  };
  const threshold = options.matchThreshold ?? MATCH_THRESHOLD;
  const cannotLink = options.cannotLink ?? (() => false);

  const records: PreparedRecord[] = [];
  for (const r of input) records.push(prepareRecord(r, records.length));
  lap('prepare');

  const nameCounts = new Map<string, number>();
  for (const r of records) if (r.nameSortedKey) nameCounts.set(r.nameSortedKey, (nameCounts.get(r.nameSortedKey) ?? 0) + 1);
  const n = records.length;
  const nameWeight = (a: PreparedRecord, b: PreparedRecord) =>
    nameAgreeWeight(Math.max(nameCounts.get(a.nameSortedKey) ?? 1, nameCounts.get(b.nameSortedKey) ?? 1), n);
  const score = (a: number, b: number, withEvidence = false, rejectBelow = -Infinity) =>
    scorePair(records[a]!, records[b]!, nameWeight(records[a]!, records[b]!), withEvidence, rejectBelow);

  const blocking = buildCandidatePairs(records);
  lap('block');

  // 1. Score candidates; keep the matching edges.
  const edges: ScoredPair[] = [];
  const edgeScore = new Map<number, number>();
  const { pairs } = blocking;
  for (let k = 0; k < pairs.length; k++) {
    const [a, b] = pairIndexes(pairs[k]!);
    const s = score(a, b, false, threshold);
    if (s.total >= threshold && !cannotLink(records[a]!.id, records[b]!.id)) {
      edges.push({ a, b, score: s });
      edgeScore.set(pairs[k]!, s.total);
    }
  }
  lap('score');

  // 2. People: connected components of the match graph, refined by average linkage.
  const uf = new UnionFind(n);
  for (const e of edges) uf.union(e.a, e.b);
  const entity = new Int32Array(n);
  for (let i = 0; i < n; i++) entity[i] = i;
  const personGroups: number[][] = [];
  for (const group of uf.groups()) {
    if (group.length === 2) {
      personGroups.push(group);
      continue;
    }
    for (const part of averageLinkage(group, records, score, edgeScore, threshold, cannotLink))
      if (part.length > 1) personGroups.push(part);
  }
  for (const g of personGroups) for (const i of g) entity[i] = g[0]!;
  lap('cluster');

  // 3. Contacts: records sharing a phone or a dwelling.
  const contacts = new UnionFind(n);
  const sharedPhones = new Map<number, Set<string>>();
  for (const block of blocking.contactBlocks)
    for (let k = 1; k < block.members.length; k++) contacts.union(block.members[0]!, block.members[k]!);
  const farming: ClusterResult[] = [];
  const households: HouseholdResult[] = [];
  const farmed = new Set<number>();
  for (const component of contacts.groups()) {
    const entities = new Set(component.map((i) => entity[i]!));
    if (entities.size < 2) continue;
    const facts = contactFacts(component, records);
    const burst = burstMembers(component, records);
    const burstEntities = new Set(burst.map((i) => entity[i]!));
    const names = new Set(burst.map((i) => records[i]!.nameSortedKey || records[i]!.normName));
    let farmedHere: number[] = [];
    if (burst.length >= MIN_FARMING_CARDS && names.size >= MIN_FARMING_NAMES && burstEntities.size >= MIN_FARMING_NAMES) {
      farmedHere = component.filter((i) => burstEntities.has(entity[i]!));
      if (hasCannotLink(farmedHere, records, cannotLink)) farmedHere = [];
    }
    if (farmedHere.length > 0) {
      for (const i of farmedHere) farmed.add(entity[i]!);
      const largest = largestBurst(farmedHere, records);
      const farmScore = Math.min(1, 0.55 + 0.03 * burst.length + 0.05 * (facts.sharedPhones.length > 0 ? 1 : 0));
      farming.push({
        kind: 'farming',
        members: farmedHere,
        score: Math.round(farmScore * 100),
        confidence: Math.round(farmScore * 1000) / 1000,
        pairs: evidencePairs(farmedHere, score),
        farming: {
          ...facts,
          burstCards: burst.length,
          largestBurst: largest,
          distinctNames: new Set(farmedHere.map((i) => records[i]!.normName)).size,
        },
      });
    }
    const rest = component.filter((i) => !farmedHere.includes(i));
    const restEntities = new Set(rest.map((i) => entity[i]!));
    if (restEntities.size + (farmedHere.length > 0 ? 1 : 0) >= 2) households.push({ members: component, ...facts });
  }
  void sharedPhones;
  lap('farming');

  const clusters: ClusterResult[] = [...farming];
  for (const g of personGroups) {
    if (farmed.has(g[0]!)) continue;
    const pairsInside = evidencePairs(g, score);
    const avg = pairsInside.reduce((s, p) => s + p.score.total, 0) / Math.max(1, pairsInside.length);
    clusters.push({ kind: 'person', members: g, score: Math.round(avg * 100) / 100, confidence: confidenceOf(avg), pairs: pairsInside });
  }
  clusters.sort((x, y) => y.confidence - x.confidence || y.members.length - x.members.length);
  const clustered = clusters.reduce((s, c) => s + c.members.length - 1, 0);
  lap('explain');
  return {
    records,
    clusters,
    households,
    estimatedPeople: n - clustered,
    stats: { candidatePairs: blocking.pairCount, matchedPairs: edges.length, skippedBlocks: blocking.skippedBlocks, millis },
  };
}

function hasCannotLink(
  members: readonly number[],
  records: readonly PreparedRecord[],
  cannotLink: (a: string, b: string) => boolean,
): boolean {
  for (let x = 0; x < members.length; x++)
    for (let y = x + 1; y < members.length; y++) if (cannotLink(records[members[x]!]!.id, records[members[y]!]!.id)) return true;
  return false;
}

/**
 * Splits a connected group into people by average linkage: start from single records, repeatedly join the
 * two groups whose average pair score is highest, stop when no average reaches the threshold. A chain
 * A–B–C where A and C disagree thus stays apart unless B's links outweigh the disagreement.
 */
function averageLinkage(
  group: number[],
  records: readonly PreparedRecord[],
  score: (a: number, b: number) => PairScore,
  edgeScore: Map<number, number>,
  threshold: number,
  cannotLink: (a: string, b: string) => boolean,
): number[][] {
  const m = group.length;
  const dense = m <= MAX_DENSE_GROUP;
  // Unscored pairs in a big group count as clearly different.
  const sim = new Float64Array(m * m);
  for (let x = 0; x < m; x++) {
    for (let y = x + 1; y < m; y++) {
      const a = group[x]!;
      const b = group[y]!;
      const known = edgeScore.get(a * 2 ** 21 + b);
      let v = known ?? (dense ? score(a, b).total : -20);
      if (cannotLink(records[a]!.id, records[b]!.id)) v = -Infinity;
      sim[x * m + y] = v;
      sim[y * m + x] = v;
    }
  }
  const clusters: number[][] = group.map((_, x) => [x]);
  for (;;) {
    let best = -Infinity;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        let sum = 0;
        for (const x of clusters[i]!) for (const y of clusters[j]!) sum += sim[x * m + y]!;
        const avg = sum / (clusters[i]!.length * clusters[j]!.length);
        if (avg > best) {
          best = avg;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0 || best < threshold) break;
    clusters[bi] = clusters[bi]!.concat(clusters[bj]!);
    clusters.splice(bj, 1);
  }
  return clusters.map((c) => c.map((x) => group[x]!).sort((p, q) => p - q));
}

function evidencePairs(members: readonly number[], score: (a: number, b: number, withEvidence?: boolean) => PairScore): ScoredPair[] {
  const out: ScoredPair[] = [];
  // Every pair for small groups; for big ones each member against the first few.
  const anchors = members.length <= 8 ? members.length : 2;
  for (let x = 0; x < anchors; x++) {
    for (let y = x + 1; y < members.length; y++) {
      out.push({ a: members[x]!, b: members[y]!, score: score(members[x]!, members[y]!, true) });
      if (out.length >= MAX_EVIDENCE_PAIRS * 2) break;
    }
  }
  return out.sort((p, q) => q.score.total - p.score.total).slice(0, MAX_EVIDENCE_PAIRS);
}

function contactFacts(
  component: readonly number[],
  records: readonly PreparedRecord[],
): { sharedPhones: string[]; sharedDwellings: string[] } {
  const phones = new Map<string, number>();
  const dwellings = new Map<string, number>();
  for (const i of component) {
    const r = records[i]!;
    for (const p of new Set(r.phones)) phones.set(p, (phones.get(p) ?? 0) + 1);
    const d = dwellingKey(r);
    if (d) dwellings.set(d, (dwellings.get(d) ?? 0) + 1);
  }
  const shared = (m: Map<string, number>) => [...m].filter(([, c]) => c > 1).map(([k]) => k);
  return { sharedPhones: shared(phones), sharedDwellings: shared(dwellings) };
}

/** Records of the component registered in a burst: MIN_BURST or more within BURST_MINUTES at one outlet. */
function burstMembers(component: readonly number[], records: readonly PreparedRecord[]): number[] {
  const timed = component.filter((i) => !Number.isNaN(records[i]!.minute));
  if (timed.length < MIN_BURST) return [];
  timed.sort((x, y) => records[x]!.outletId.localeCompare(records[y]!.outletId) || records[x]!.minute - records[y]!.minute);
  const inBurst = new Set<number>();
  for (let start = 0; start < timed.length; start++) {
    const first = records[timed[start]!]!;
    let end = start;
    while (end + 1 < timed.length) {
      const next = records[timed[end + 1]!]!;
      if (next.outletId !== first.outletId || next.minute - first.minute > BURST_MINUTES) break;
      end++;
    }
    if (end - start + 1 >= MIN_BURST) for (let k = start; k <= end; k++) inBurst.add(timed[k]!);
  }
  return [...inBurst].sort((x, y) => x - y);
}

function largestBurst(members: readonly number[], records: readonly PreparedRecord[]): number {
  const timed = members.filter((i) => !Number.isNaN(records[i]!.minute)).sort((x, y) => records[x]!.minute - records[y]!.minute);
  let best = 0;
  for (let s = 0, e = 0; e < timed.length; e++) {
    while (records[timed[e]!]!.minute - records[timed[s]!]!.minute > BURST_MINUTES) s++;
    best = Math.max(best, e - s + 1);
  }
  return best;
}

/** Block kinds, re-exported for callers that explain a scan. */
export { BLOCK_KINDS };
