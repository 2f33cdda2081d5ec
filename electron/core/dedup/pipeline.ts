import { holdsTwoIdentities, twoIdentities } from './identities';
import { buildCandidatePairs, dwellingKey, pairIndexes, BLOCK_KINDS, type TieBlocks } from './blocking';
import { C, COMPARISONS, COMPARISON_COUNT, compareRecords, levelOf, sharesContact, sharesExactContact, type PairSimilarities } from './comparisons';
import { CLASS_COUNT, classLogLikelihoods, fitLatentClasses, levelWeights, oddsOfClasses, type LatentClassModel } from './latentClassEm';
import { prepareRecord, type ContactIndex, type DedupRecord, type PreparedRecord } from './record';
import type { Evidence, EvidenceKind, PairScore } from './scoring';
import { UnionFind } from './unionFind';
import { unseenFarmCards, type UnseenFarmCards } from './unseenFarmCards';

/**
 * Identity resolution over any iterable of records: the store scan and the quality benchmark run this
 * same code. Steps: prepare → block → compare every candidate pair (a comparison level per field and per
 * registration context) → learn what each level is worth from this data (EM, latentClassEm.ts) → the
 * probability that each pair is one person → people (links above a probability, then average linkage
 * inside bigger groups, never across two different valid NIKs or a manager's "not the same person") →
 * households → the estimated number of real people with a range.
 *
 * A cluster is one real person. It is flagged `farming` when its links are mostly the "farmed" class
 * (cards of one buyer under borrowed names), so that a manager treats it differently from an honest
 * duplicate. A household (a phone or dwelling shared by different people) is linked, never merged.
 */

export interface ScoredPair {
  a: number;
  b: number;
  score: PairScore;
}

export interface FarmingFacts {
  sharedPhones: string[];
  sharedDwellings: string[];
  /** Cards registered within BURST_MINUTES of another card of the cluster at the same outlet. */
  burstCards: number;
  largestBurst: number;
  distinctNames: number;
}

export interface ClusterResult {
  kind: 'person' | 'farming';
  /** Record indexes, ascending. */
  members: number[];
  /** Average log2 odds of the links inside. */
  score: number;
  /** Probability-like confidence in [0, 1]: the mean probability of the links that hold the cluster. */
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
  /** The highest probability that two of its people are in fact one (shown with the household). */
  confidence: number;
  pairs: ScoredPair[];
}

export interface DedupOptions {
  /** Pairs of record ids a manager marked "not the same person": never merged, never proposed again. */
  cannotLink?: (a: string, b: string) => boolean;
  /** Probability at and above which a pair is linked. */
  linkProbability?: number;
  /** Average log2 odds at and above which two parts of a group are one person. */
  averageLinkOdds?: number;
  /** Most a pair sharing no contact counts against a group both its cards are tied to (see FLOOR). */
  floor?: number;
  /** A learned model to use instead of learning one (tests, or a store too small to learn from). */
  model?: LatentClassModel;
}

export interface PeopleEstimate {
  /** The clusters, less the further cards of card farmers that no contact reveals (unseen). */
  point: number;
  /** The number of clusters: what the scan proposes to merge. */
  clusters: number;
  unseen: UnseenFarmCards;
  /** n − Σ P(card is a further card of someone already counted). */
  expected: number;
  low: number;
  high: number;
}

export interface DedupResult {
  records: PreparedRecord[];
  clusters: ClusterResult[];
  households: HouseholdResult[];
  /** Distinct real people: every cluster counts once. */
  estimatedPeople: number;
  people: PeopleEstimate;
  model: LatentClassModel;
  stats: {
    candidatePairs: number;
    matchedPairs: number;
    skippedBlocks: number;
    /** The chance that two named records share a name: the baseline of the name-frequency adjustment. */
    averageNameShare: number;
    millis: Record<string, number>;
  };
}

/**
 * The constants below are chosen on the tuning rows of the benchmark only (six settings drawn at random over
 * the generator's parameter space, Febrl 1–2) by tests/bench/dedupTune.ts, never on a reported set.
 */
export const LINK_PROBABILITY = 0.5;
/** A bigger group splits where the average log2 odds between its parts falls below this. */
export const AVERAGE_LINK_ODDS = -1;
export const BURST_MINUTES = 30;
/** Log2 odds of the links behind the ends of the people range: 20% and 80% sure. */
const RANGE_ODDS: readonly [number, number] = [Math.log2(0.2 / 0.8), Math.log2(0.8 / 0.2)];
const MAX_EVIDENCE_PAIRS = 12;
/** Average linkage runs on the full probability matrix up to this size; bigger groups keep their links only. */
const MAX_DENSE_GROUP = 80;
/**
 * The most cards a component of the links may hold before average linkage, which keeps a group's pairs in memory
 * and joins them in cubic time. One person holds a handful, a card farmer twenty, a household with him a few more
 * (the biggest components at 1,000,000 synthetic cards hold 49); a bigger component is links chained across
 * people, which once made one of 941,962 cards (a 7 TB matrix). It is cut at its weakest links.
 */
const MAX_COMPONENT = 300;
/** Log2 odds standing for "certainly not" (cannot-link) and "no link known" in a big group. */
const NEVER = -1e9;
const UNKNOWN = -20;
/**
 * Within a group, a pair that shares no contact, both of whose cards share one with other cards of the
 * group, counts at most this much against it. Two cards of one buyer often share nothing with each other
 * (a borrowed name on another number, one at his address, one not) and are one person only through his
 * other cards; their pair says "nothing in common", not "two people". Pairs not tied that way keep their
 * full weight, so strangers still do not chain through one ambiguous record.
 * Chosen on the tuning rows (−3 and −2 tried with each split threshold; −2 with −1 had the best worst row).
 */
const FLOOR = -2;
/** Bounds of the name-frequency adjustment (a name this much rarer or commoner than average). */
const MAX_NAME_RATIO = 20;

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

const EVIDENCE_KIND: readonly EvidenceKind[] = [
  'nik',
  'phone',
  'email',
  'name',
  'birth_date',
  'gender',
  'address',
  'postcode',
  'city',
  'registration',
  'outlet',
  'visit',
  'season',
];

/** The pair scorer of one run: comparison, learned model, name-frequency adjustment. */
class PairModel {
  private readonly cache = new Map<number, Float64Array>();
  private readonly weights: number[][];
  private readonly scratch = new Uint8Array(COMPARISON_COUNT);
  private readonly sims: PairSimilarities = { name: 0, address: 0 };

  constructor(
    readonly model: LatentClassModel,
    private readonly records: readonly PreparedRecord[],
    private readonly nameRatio: (r: PreparedRecord) => number,
  ) {
    this.weights = levelWeights(model);
  }

  code(a: number, b: number): number {
    return compareRecords(this.records[a]!, this.records[b]!, this.scratch);
  }

  /** Log2 odds that the pair is one person, and the share of that belief owed to farming. */
  odds(a: number, b: number, code = this.code(a, b)): { odds: number; farmed: number } {
    let ll = this.cache.get(code);
    if (!ll) {
      ll = new Float64Array(CLASS_COUNT);
      classLogLikelihoods(this.model, code, ll);
      this.cache.set(code, ll);
    }
    // A shared name says more when the name is rare (Splink's term-frequency adjustment): the chance of
    // two different people agreeing on it scales with how common it is.
    const shift = levelOf(code, C.name) === 1 ? -Math.log(this.nameRatio(this.records[a]!)) : 0;
    return oddsOfClasses(ll, shift);
  }

  explain(a: number, b: number): PairScore {
    const levels = this.scratch;
    const code = compareRecords(this.records[a]!, this.records[b]!, levels, this.sims);
    const evidence: Evidence[] = [];
    for (let k = 0; k < COMPARISON_COUNT; k++) {
      const level = levels[k]!;
      const weight = this.weights[k]![level]!;
      const blank = COMPARISONS[k]!.levels[level]!.includes('blank') || COMPARISONS[k]!.levels[level] === 'unknown';
      if (blank && (level === 0 || Math.abs(weight) < 0.5)) continue;
      const names: readonly string[] = COMPARISONS[k]!.levels;
      // Agreement is the level named 'same' (NIK and birth date have two blank levels before it); a comparison
      // without one (registration time) agrees at its first level.
      const same = names[level]!.startsWith('same') || (level === 1 && !names.some((x) => x.startsWith('same')));
      const e: Evidence = {
        kind: EVIDENCE_KIND[k]!,
        level: blank ? 'blank' : same ? 'same' : level === names.length - 1 ? 'different' : 'similar',
        weight,
      };
      if (k === 3) e.similarity = Math.round(this.sims.name * 1000) / 1000;
      if (k === 6) e.similarity = Math.round(this.sims.address * 1000) / 1000;
      evidence.push(e);
    }
    return { total: Math.round(this.odds(a, b, code).odds * 100) / 100, evidence };
  }
}

const probabilityOf = (odds: number) => 1 / (1 + Math.pow(2, -odds));

export function runDedup(input: Iterable<DedupRecord>, options: DedupOptions = {}): DedupResult {
  const millis: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    millis[name] = Math.round(now - t);
    t = now;
  };
  const linkOdds = Math.log2((options.linkProbability ?? LINK_PROBABILITY) / (1 - (options.linkProbability ?? LINK_PROBABILITY)));
  const managerSaysDifferent = options.cannotLink ?? (() => false);

  const records: PreparedRecord[] = [];
  for (const r of input) records.push(prepareRecord(r, records.length));
  const n = records.length;
  countContactShares(records);
  // Two different valid NIKs are two identities, so never one customer registered twice; but a buyer who
  // borrowed two people's identity cards holds both, so the difference is evidence (the NIK level, learned
  // like any other), and a group holding two identities is his cards, never one profile (see below).
  const cannotLink = (a: number, b: number) => managerSaysDifferent(records[a]!.id, records[b]!.id);
  lap('prepare');

  // Name frequencies, for the term-frequency adjustment: a name's share relative to the average chance
  // that two records share a name.
  const nameCounts = new Map<string, number>();
  for (const r of records) if (r.nameSortedKey) nameCounts.set(r.nameSortedKey, (nameCounts.get(r.nameSortedKey) ?? 0) + 1);
  let collision = 0;
  let named = 0;
  for (const c of nameCounts.values()) {
    collision += c * c;
    named += c;
  }
  const averageShare = named > 0 ? collision / (named * named) : 1;
  const nameRatio = (r: PreparedRecord) => nameFrequencyRatio((nameCounts.get(r.nameSortedKey) ?? 1) / Math.max(1, named), averageShare);
  const averageNameShare = averageShare;

  const blocking = buildCandidatePairs(records);
  indexContacts(records, blocking.tieBlocks);
  lap('block');

  // 1. Compare every candidate pair once; count the patterns for EM.
  const { pairs } = blocking;
  const codes = new Int32Array(pairs.length);
  const scratch = new Uint8Array(COMPARISON_COUNT);
  const patternCounts = new Map<number, number>();
  for (let k = 0; k < pairs.length; k++) {
    const [a, b] = pairIndexes(pairs[k]!);
    const code = compareRecords(records[a]!, records[b]!, scratch);
    codes[k] = code;
    if (blocking.learnFrom[k]) patternCounts.set(code, (patternCounts.get(code) ?? 0) + 1);
  }
  lap('compare');

  const model = options.model ?? fitLatentClasses([...patternCounts.keys()], [...patternCounts.values()]);
  const scorer = new PairModel(model, records, nameRatio);
  lap('learn');

  // 2. Probabilities of every candidate pair; links above the threshold (and the looser ones the range needs).
  const edgeOdds = new Map<number, number>();
  const edges: Edge[] = [];
  const looseEdges: Edge[] = [];
  const looseOdds = Math.min(linkOdds, RANGE_ODDS[0]);
  /** Best probability that each record is a further card of someone, over its candidate pairs. */
  const bestOdds = new Float64Array(n).fill(-Infinity);
  for (let k = 0; k < pairs.length; k++) {
    const [a, b] = pairIndexes(pairs[k]!);
    const { odds, farmed } = scorer.odds(a, b, codes[k]!);
    if (odds > bestOdds[b]!) bestOdds[b] = odds;
    if (odds >= looseOdds && !cannotLink(a, b) && !identitiesApart(records[a]!, records[b]!, codes[k]!)) {
      const edge = { a, b, odds, farmed };
      looseEdges.push(edge);
      if (odds >= linkOdds) edges.push(edge);
      edgeOdds.set(pairs[k]!, odds);
    }
  }
  lap('score');

  // 3. People: connected components of the links, refined by average linkage.
  const averageOdds = options.averageLinkOdds ?? AVERAGE_LINK_ODDS;
  const groups = people(n, edges, (group) => averageLinkage(group, scorer, edgeOdds, cannotLink, averageOdds, options.floor ?? FLOOR));
  const entity = new Int32Array(n);
  for (let i = 0; i < n; i++) entity[i] = i;
  for (const g of groups) for (const i of g) entity[i] = g[0]!;
  const farmedShare = new Map<number, { farmed: number; links: number; odds: number }>();
  for (const e of edges) {
    if (entity[e.a] !== entity[e.b]) continue;
    const s = farmedShare.get(entity[e.a]!) ?? { farmed: 0, links: 0, odds: 0 };
    s.farmed += e.farmed;
    s.links++;
    s.odds += e.odds;
    farmedShare.set(entity[e.a]!, s);
  }
  lap('cluster');

  const clusters: ClusterResult[] = groups.map((g) => {
    const s = farmedShare.get(g[0]!) ?? { farmed: 0, links: 0, odds: 0 };
    const evidence = evidencePairs(g, scorer);
    const avg = s.links > 0 ? s.odds / s.links : evidence.reduce((x, p) => x + p.score.total, 0) / Math.max(1, evidence.length);
    const farming = (s.links > 0 && s.farmed / s.links > 0.5) || holdsTwoIdentities(g.map((i) => records[i]!.nik));
    const cluster: ClusterResult = {
      kind: farming ? 'farming' : 'person',
      members: g,
      score: Math.round(avg * 100) / 100,
      confidence: Math.round(probabilityOf(avg) * 1000) / 1000,
      pairs: evidence,
    };
    if (farming) cluster.farming = { ...contactFacts(g, records), ...bursts(g, records), distinctNames: new Set(g.map((i) => records[i]!.normName)).size };
    return cluster;
  });
  clusters.sort((x, y) => y.confidence - x.confidence || y.members.length - x.members.length);

  // 4. Households: records sharing a phone or a dwelling that are more than one person.
  const contacts = new UnionFind(n);
  for (const block of blocking.contactBlocks)
    for (let k = 1; k < block.members.length; k++) contacts.union(block.members[0]!, block.members[k]!);
  const households: HouseholdResult[] = [];
  for (const component of contacts.groups()) {
    const people = new Map<number, number>();
    for (const i of component) if (!people.has(entity[i]!)) people.set(entity[i]!, i);
    if (people.size < 2) continue;
    const heads = [...people.values()].slice(0, 8);
    const between: ScoredPair[] = [];
    for (let x = 0; x < heads.length; x++)
      for (let y = x + 1; y < heads.length; y++) between.push({ a: heads[x]!, b: heads[y]!, score: scorer.explain(heads[x]!, heads[y]!) });
    between.sort((p, q) => q.score.total - p.score.total);
    households.push({
      members: component,
      ...contactFacts(component, records),
      confidence: between.length ? Math.round(probabilityOf(between[0]!.score.total) * 1000) / 1000 : 0,
      pairs: between.slice(0, MAX_EVIDENCE_PAIRS),
    });
  }
  lap('explain');

  // How many people hinge on links the scan is unsure of: the count with only the links it is 80% sure of
  // (inside each person), and with people joined where the links between them average 20% or more.
  const { atSureLinks, atLooseLinks } = peopleAtOtherLinks(n, entity, edges, looseEdges);
  const unseen = unseenFarmCards(
    clusters.filter((c) => c.kind === 'farming').map((c) => c.members),
    records,
  );
  const estimate = estimatePeople(n, entity, edges, bestOdds, n - groups.reduce((s, g) => s + g.length - 1, 0), atLooseLinks, atSureLinks, unseen);
  lap('range');
  return {
    records,
    clusters,
    households,
    estimatedPeople: estimate.point,
    people: estimate,
    model,
    stats: { candidatePairs: blocking.pairCount, matchedPairs: edges.length, skippedBlocks: blocking.skippedBlocks, averageNameShare, millis },
  };
}

/** Fills each record's phoneShares and dwellingShares: how many records carry each number, share the dwelling. */
export function countContactShares(records: readonly PreparedRecord[]): void {
  const count = new Map<string, number>();
  for (const r of records) for (const p of new Set(r.phones)) count.set(p, (count.get(p) ?? 0) + 1);
  for (const r of records) r.phoneShares = r.phones.map((p) => count.get(p)!);
  count.clear();
  const dwellings = records.map(dwellingKey);
  for (const d of dwellings) if (d) count.set(d, (count.get(d) ?? 0) + 1);
  records.forEach((r, i) => (r.dwellingShares = dwellings[i] ? count.get(dwellings[i])! : 0));
}

/**
 * Gives each record the scan's contacts (record.contacts, one object shared by all): the blocking's tie blocks
 * (records sharing a number or one digit off, a dwelling, an email) and, per record, the blocks it is in.
 */
export function indexContacts(records: readonly PreparedRecord[], tieBlocks: TieBlocks): void {
  const { offsets, members: holders } = tieBlocks;
  const blocks = offsets.length - 1;
  const byRecord = new Int32Array(records.length + 1);
  for (let j = 0; j < holders.length; j++) byRecord[holders[j]! + 1]!++;
  for (let i = 0; i < records.length; i++) byRecord[i + 1]! += byRecord[i]!;
  const keys = new Int32Array(holders.length);
  const fill = byRecord.slice(0, records.length);
  for (let b = 0; b < blocks; b++) for (let j = offsets[b]!, to = offsets[b + 1]!; j < to; j++) keys[fill[holders[j]!]!++] = b;
  const contacts: ContactIndex = { keys, byRecord, offsets, holders, records };
  for (const r of records) r.contacts = contacts;
}

/** How much commoner than average a name is (its share of named records over the average share), bounded. */
export function nameFrequencyRatio(share: number, averageShare: number): number {
  return Math.min(MAX_NAME_RATIO, Math.max(1 / MAX_NAME_RATIO, share / averageShare));
}

/**
 * Two identities (two valid NIKs) are one buyer's cards only through a contact they share, his number or his home:
 * a number one digit off, with everything else different, is how two strangers look as often as a farmer's second
 * SIM, and a link there would make one customer of two people with their own identity cards.
 */
function identitiesApart(a: PreparedRecord, b: PreparedRecord, code: number): boolean {
  return twoIdentities(a.nik, b.nik) && !sharesExactContact(code);
}

interface Edge {
  a: number;
  b: number;
  odds: number;
  farmed: number;
}

/** People of two or more records: components of the links, each split by `split` when bigger than a pair. */
function people(n: number, edges: readonly Edge[], split: (group: number[]) => number[][]): number[][] {
  const uf = new UnionFind(n);
  for (const e of edges) uf.union(e.a, e.b);
  let components = uf.groups();
  if (components.some((g) => g.length > MAX_COMPONENT)) components = boundedComponents(n, edges, components);
  const groups: number[][] = [];
  for (const group of components) {
    if (group.length === 2) groups.push(group);
    else for (const part of split(group)) if (part.length > 1) groups.push(part);
  }
  return groups;
}

/** The components over MAX_COMPONENT built again from their strongest links down, no part allowed past it. */
function boundedComponents(n: number, edges: readonly Edge[], components: number[][]): number[][] {
  const oversized = new Uint8Array(n);
  for (const g of components) if (g.length > MAX_COMPONENT) for (const i of g) oversized[i] = 1;
  const bounded = new UnionFind(n);
  const inside = edges.filter((e) => oversized[e.a]).sort((x, y) => y.odds - x.odds);
  for (const e of inside) if (bounded.sizeOf(e.a) + bounded.sizeOf(e.b) <= MAX_COMPONENT) bounded.union(e.a, e.b);
  return [...components.filter((g) => g.length <= MAX_COMPONENT), ...bounded.groups()];
}

function peopleAtOtherLinks(
  n: number,
  entity: Int32Array,
  edges: readonly Edge[],
  looseEdges: readonly Edge[],
): { atSureLinks: number; atLooseLinks: number } {
  const sure = new UnionFind(n);
  for (const e of edges) if (e.odds >= RANGE_ODDS[1] && entity[e.a] === entity[e.b]) sure.union(e.a, e.b);
  const between = new Map<number, { sum: number; count: number }>();
  for (const e of looseEdges) {
    const x = Math.min(entity[e.a]!, entity[e.b]!);
    const y = Math.max(entity[e.a]!, entity[e.b]!);
    if (x === y) continue;
    const key = x * 2 ** 21 + y;
    const t = between.get(key) ?? { sum: 0, count: 0 };
    t.sum += e.odds;
    t.count++;
    between.set(key, t);
  }
  const loose = new UnionFind(n);
  for (let i = 0; i < n; i++) loose.union(i, entity[i]!);
  for (const [key, t] of between) if (t.sum / t.count >= RANGE_ODDS[0]) loose.union(Math.floor(key / 2 ** 21), key % 2 ** 21);
  let atSureLinks = 0;
  let atLooseLinks = 0;
  for (let i = 0; i < n; i++) {
    if (sure.find(i) === i) atSureLinks++;
    if (loose.find(i) === i) atLooseLinks++;
  }
  return { atSureLinks, atLooseLinks };
}

/**
 * The number of people: the clusters, less the farmers' extra cards no contact reveals (unseenFarmCards), and
 * a range from the match probabilities: each record is "a further card of someone" with probability d (its
 * best link inside its cluster; for a record left alone, its best candidate pair), so the people number
 * n − Σd with variance Σ d(1 − d) (independent Bernoulli draws — an approximation: cards of one person are
 * not independent, so this alone is too narrow). The range spans the point estimate, 2 standard deviations
 * either side of the expectation, and the counts the scan gives when it links only pairs it is 80% sure of,
 * or every pair it is 20% sure of: how many people hinge on links it is unsure of; each less the unseen
 * cards, whose own 2 standard deviations widen it.
 */
function estimatePeople(
  n: number,
  entity: Int32Array,
  edges: readonly { a: number; b: number; odds: number }[],
  bestOdds: Float64Array,
  clusters: number,
  atLooseLinks: number,
  atSureLinks: number,
  unseen: UnseenFarmCards,
): PeopleEstimate {
  const d = new Float64Array(n);
  const linked = new Uint8Array(n);
  for (const e of edges) {
    if (entity[e.a] !== entity[e.b]) continue;
    // Every member but the first is a further card of the cluster's person.
    for (const i of [e.a, e.b])
      if (entity[i] !== i) {
        d[i] = Math.max(d[i]!, probabilityOf(e.odds));
        linked[i] = 1;
      }
  }
  let expected = n;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    const p = linked[i] ? d[i]! : bestOdds[i] === -Infinity ? 0 : probabilityOf(bestOdds[i]!) * (entity[i] === i ? 1 : 0);
    expected -= p;
    variance += p * (1 - p);
  }
  const spread = 2 * Math.sqrt(variance);
  const hidden = unseen.estimate;
  const point = Math.round(clusters - hidden);
  return {
    point,
    clusters,
    unseen,
    expected: Math.round(expected - hidden),
    low: Math.floor(Math.min(point, atLooseLinks - hidden, expected - hidden - spread) - 2 * unseen.sd),
    high: Math.ceil(Math.max(point, atSureLinks - hidden, expected - hidden + spread) + 2 * unseen.sd),
  };
}

/**
 * Splits a connected group into people by average linkage: start from single records, repeatedly join the
 * two groups whose average log2 odds is highest, stop when none reaches AVERAGE_LINK_ODDS. A chain A–B–C
 * where A and C disagree stays apart unless B's links outweigh the disagreement; a cannot-link pair never
 * ends up together.
 */
function averageLinkage(
  group: number[],
  scorer: PairModel,
  edgeOdds: Map<number, number>,
  cannotLink: (a: number, b: number) => boolean,
  threshold: number,
  floor: number,
): number[][] {
  const m = group.length;
  const dense = m <= MAX_DENSE_GROUP;
  const sim = new Float64Array(m * m);
  const contact = new Uint8Array(m * m);
  /** Members sharing a contact with another member: a buyer's cards hang together through his phone or home. */
  const tied = new Uint8Array(m);
  for (let x = 0; x < m; x++) {
    for (let y = x + 1; y < m; y++) {
      const a = group[x]!;
      const b = group[y]!;
      let v = edgeOdds.get(a * 2 ** 21 + b);
      if (dense) {
        const code = scorer.code(a, b);
        v ??= scorer.odds(a, b, code).odds;
        if (sharesContact(code)) contact[x * m + y] = tied[x] = tied[y] = 1;
      }
      v ??= UNKNOWN;
      if (cannotLink(a, b)) v = NEVER;
      sim[x * m + y] = v;
      sim[y * m + x] = v;
    }
  }
  for (let x = 0; x < m; x++)
    for (let y = x + 1; y < m; y++)
      if (tied[x] && tied[y] && !contact[x * m + y] && sim[x * m + y]! !== NEVER && sim[x * m + y]! < floor) sim[x * m + y] = sim[y * m + x] = floor;
  const clusters: number[][] = group.map((_, x) => [x]);
  for (;;) {
    let best = -Infinity;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        let sum = 0;
        let never = false;
        for (const x of clusters[i]!)
          for (const y of clusters[j]!) {
            const v = sim[x * m + y]!;
            if (v === NEVER) never = true;
            sum += v;
          }
        if (never) continue;
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

function evidencePairs(members: readonly number[], scorer: PairModel): ScoredPair[] {
  const out: ScoredPair[] = [];
  // Every pair for small groups; for big ones each member against the first few.
  const anchors = members.length <= 8 ? members.length : 2;
  for (let x = 0; x < anchors; x++) {
    for (let y = x + 1; y < members.length; y++) {
      out.push({ a: members[x]!, b: members[y]!, score: scorer.explain(members[x]!, members[y]!) });
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

/** Cards registered within BURST_MINUTES of another at the same outlet, and the largest such run. */
function bursts(members: readonly number[], records: readonly PreparedRecord[]): { burstCards: number; largestBurst: number } {
  const timed = members
    .filter((i) => !Number.isNaN(records[i]!.minute))
    .sort((x, y) => records[x]!.outletId.localeCompare(records[y]!.outletId) || records[x]!.minute - records[y]!.minute);
  let burstCards = 0;
  let largestBurst = 0;
  let run = 1;
  for (let k = 1; k <= timed.length; k++) {
    const prev = records[timed[k - 1]!]!;
    const cur = k < timed.length ? records[timed[k]!]! : null;
    if (cur && cur.outletId === prev.outletId && cur.minute - prev.minute <= BURST_MINUTES) run++;
    else {
      if (run > 1) burstCards += run;
      largestBurst = Math.max(largestBurst, run > 1 ? run : 0);
      run = 1;
    }
  }
  return { burstCards, largestBurst };
}

/** Block kinds, re-exported for callers that explain a scan. */
export { BLOCK_KINDS };
