import type { DedupScanSummary } from '../../../shared/types';
import type { Store } from '../store/store';
import { newId } from '../ids';
import { evidenceJson } from './evidenceJson';
import type { DedupRecord } from './record';
import { pairKey, runDedup, type ClusterResult, type DedupResult, type ScoredPair } from './pipeline';
import { oneAnswerOffThread, threadEntry } from '../store/readingThread';

/** What a scan prints and the review queue shows on top (the contract's shape). */
export type ScanSummary = DedupScanSummary;

/**
 * The live customers of the store as dedup records, streamed in one query: merged-away and deleted
 * customers are left out. Phones come joined by a space; the card count feeds "many cards" evidence.
 */
export function* storeRecords(store: Pick<Store, 'sqlite'>): Generator<DedupRecord> {
  const rows = store.sqlite
    .prepare(
      `SELECT c.id, c.full_name, c.nik, c.email, c.birth_date, c.gender, c.address, c.city, c.registered_outlet_id, c.created_at,
         (SELECT group_concat(p.e164, ' ') FROM phones p WHERE p.customer_id = c.id AND p.deleted_at IS NULL) AS phones,
         (SELECT count(*) FROM cards k WHERE k.customer_id = c.id AND k.deleted_at IS NULL) AS cards
       FROM customers c WHERE c.deleted_at IS NULL AND c.merged_into IS NULL`,
    )
    .raw()
    .iterate() as Iterable<(string | number | null)[]>;
  for (const r of rows) {
    const phones = r[10] as string | null;
    yield {
      id: r[0] as string,
      fullName: r[1] as string,
      nik: r[2] as string | null,
      email: r[3] as string | null,
      birthDate: r[4] as string | null,
      gender: r[5] as 'M' | 'F' | null,
      address: r[6] as string | null,
      city: r[7] as string | null,
      outletId: r[8] as string | null,
      registeredAt: r[9] as string | null,
      phones: phones ? phones.split(' ') : [],
      cardNos: cardPlaceholders(Number(r[11])),
    };
  }
}

// The scan reads only how many cards a customer has: one shared, read-only list per count, not one per customer.
const placeholders: (readonly string[])[] = [];
function cardPlaceholders(count: number): readonly string[] {
  return (placeholders[count] ??= Object.freeze(new Array<string>(count).fill('')));
}

/** Pairs of customers a manager marked "not the same person" (synced decisions). */
export function rejectedPairs(store: Pick<Store, 'sqlite'>): Set<string> {
  const rows = store.sqlite
    .prepare(`SELECT customer_a, customer_b FROM dedup_decisions WHERE deleted_at IS NULL AND decision = 'different'`)
    .raw()
    .all() as [string, string][];
  return new Set(rows.map(([a, b]) => pairKey(a, b)));
}

/** One group the scan proposes (a person, a card farmer) or a household, as it is stored: customer ids, not indexes. */
export interface FoundGroup {
  kind: ClusterResult['kind'] | 'household';
  confidence: number;
  score: number;
  cards: number;
  facts: string | null;
  members: string[];
  /** [customer a, customer b, score, evidence JSON] */
  pairs: [string, string, number, string][];
}

/**
 * What a scan found, as plain data: a scan read on a thread of its own (dedupScanThread.ts) hands it over whole,
 * and the app's thread only writes it.
 */
export interface ScanFindings {
  records: number;
  groups: FoundGroup[];
  households: number;
  estimatedPeople: number;
  people: DedupResult['people'];
  /** The run's stats as stored (counts, the model, the people estimate, the stages' milliseconds). */
  stats: Record<string, unknown> & { millis: Record<string, number> };
}

/** Scans the whole store, replaces the stored scan results and returns the counts. */
export function scanStore(store: Store): ScanSummary {
  const startedAt = store.now().toISOString();
  const started = performance.now();
  return saveScan(store, findDuplicates(store), startedAt, started);
}

const entry = threadEntry(() => new URL('./dedupScanThread.mjs', import.meta.url));

/** Bundled builds name their compiled scan thread (Electron: dedupScan.cjs beside main.cjs). */
export const useDedupScanEntry = entry.use;

/**
 * scanStore with the reading and the finding on a thread of its own: at a million customers that is over a minute,
 * during which the app's thread keeps answering the counter (lookups, the at-entry check); it then writes what was
 * found in one transaction. An in-memory store or a failed thread scans here instead (and says so).
 */
export async function scanStoreOffThread(store: Store): Promise<ScanSummary> {
  const startedAt = store.now().toISOString();
  const started = performance.now();
  const findings = await oneAnswerOffThread(
    entry.get(),
    store,
    {},
    () => findDuplicates(store),
    '[akrab] the duplicate scan ran in the main thread: its own thread failed',
  );
  return saveScan(store, findings, startedAt, started);
}

/** Reads the live customers and the manager's "different" decisions, and finds the store's duplicates. */
export function findDuplicates(store: Pick<Store, 'sqlite'>): ScanFindings {
  const rejected = rejectedPairs(store);
  const result = runDedup(storeRecords(store), { cannotLink: (a, b) => rejected.has(pairKey(a, b)) });
  const id = (i: number) => result.records[i]!.id;
  const pairsOf = (pairs: readonly ScoredPair[]): FoundGroup['pairs'] =>
    pairs.map((p) => [id(p.a), id(p.b), p.score.total, evidenceJson(p.score.evidence)]);
  const groups: FoundGroup[] = result.clusters.map((c) => ({
    kind: c.kind,
    confidence: c.confidence,
    score: c.score,
    cards: cardsOf(c, result),
    facts: c.farming ? JSON.stringify(c.farming) : null,
    members: c.members.map(id),
    pairs: pairsOf(c.pairs),
  }));
  for (const h of result.households)
    groups.push({
      kind: 'household',
      confidence: h.confidence,
      score: h.pairs[0]?.score.total ?? 0,
      cards: h.members.length,
      facts: JSON.stringify({ sharedPhones: h.sharedPhones, sharedDwellings: h.sharedDwellings }),
      members: h.members.map(id),
      pairs: pairsOf(h.pairs),
    });
  return {
    records: result.records.length,
    groups,
    households: result.households.length,
    estimatedPeople: result.estimatedPeople,
    people: result.people,
    stats: { ...result.stats, people: result.people, model: result.model },
  };
}

function cardsOf(cluster: ClusterResult, result: DedupResult): number {
  return cluster.members.reduce((s, i) => s + Math.max(1, result.records[i]!.cardCount), 0);
}

/** Replaces the stored scan results with `findings` in one transaction and returns the counts. */
function saveScan(store: Store, findings: ScanFindings, startedAt: string, started: number): ScanSummary {
  const t = performance.now();
  const s = store.sqlite;
  const insertCluster = s.prepare(
    `INSERT INTO dedup_clusters (id, run_id, kind, confidence, score, size, card_count, status, facts) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
  );
  const insertMember = s.prepare(`INSERT OR IGNORE INTO dedup_cluster_members (cluster_id, customer_id) VALUES (?, ?)`);
  const insertPair = s.prepare(`INSERT INTO dedup_pairs (cluster_id, customer_a, customer_b, score, evidence) VALUES (?, ?, ?, ?, ?)`);
  const runId = newId();
  const proposed = findings.groups.filter((g) => g.kind !== 'household');
  let clusteredCards = 0;
  const millis: Record<string, number> = { ...findings.stats.millis };
  s.transaction(() => {
    s.exec(`DELETE FROM dedup_pairs; DELETE FROM dedup_cluster_members; DELETE FROM dedup_clusters; DELETE FROM dedup_runs;`);
    let n = 0;
    let h = 0;
    for (const g of findings.groups) {
      const household = g.kind === 'household';
      const clusterId = household ? `${runId}-h${h++}` : `${runId}-${n++}`;
      if (!household && g.cards >= 2) clusteredCards += g.cards;
      insertCluster.run(clusterId, runId, g.kind, g.confidence, g.score, g.members.length, g.cards, g.facts);
      for (const m of g.members) insertMember.run(clusterId, m);
      for (const [a, b, score, evidence] of g.pairs) insertPair.run(clusterId, a, b, score, evidence);
    }
    millis.persist = Math.round(performance.now() - t);
    millis.total = Math.round(performance.now() - started);
    s.prepare(
      `INSERT INTO dedup_runs (id, started_at, finished_at, records, clusters, farming_clusters, households, estimated_people, stats) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      runId,
      startedAt,
      store.now().toISOString(),
      findings.records,
      proposed.length,
      proposed.filter((g) => g.kind === 'farming').length,
      findings.households,
      findings.estimatedPeople,
      JSON.stringify({ ...findings.stats, millis }),
    );
  })();
  return {
    runId,
    records: findings.records,
    clusters: proposed.length,
    farmingClusters: proposed.filter((g) => g.kind === 'farming').length,
    households: findings.households,
    estimatedPeople: findings.estimatedPeople,
    estimatedRange: { low: findings.people.low, high: findings.people.high },
    unseenFarmCards: Math.round(findings.people.unseen.estimate),
    clusteredCards,
    millis,
  };
}

/** The latest scan's counts, or null before the first scan. */
export function lastScan(store: Store): ScanSummary | null {
  const row = store.sqlite.prepare(`SELECT * FROM dedup_runs ORDER BY finished_at DESC LIMIT 1`).get() as
    Record<string, string | number> | undefined;
  if (!row) return null;
  const stats = JSON.parse(row.stats as string) as { millis?: Record<string, number>; people?: { low: number; high: number; unseen?: { estimate: number } } };
  return {
    runId: row.id as string,
    records: row.records as number,
    clusters: row.clusters as number,
    farmingClusters: row.farming_clusters as number,
    households: row.households as number,
    estimatedPeople: row.estimated_people as number,
    estimatedRange: stats.people ? { low: stats.people.low, high: stats.people.high } : null,
    unseenFarmCards: stats.people?.unseen ? Math.round(stats.people.unseen.estimate) : null,
    clusteredCards: store.sqlite
      .prepare(`SELECT coalesce(sum(card_count), 0) FROM dedup_clusters WHERE kind != 'household' AND card_count >= 2`)
      .pluck()
      .get() as number,
    millis: stats.millis ?? {},
  };
}

/** Every card of every proposed cluster (person or farming) holding two or more cards, for `dedup export`. */
export function* clusterCards(store: Store): Generator<{ clusterId: string; cardNo: string }> {
  const rows = store.sqlite
    .prepare(
      `SELECT m.cluster_id, k.card_no FROM dedup_clusters c
       JOIN dedup_cluster_members m ON m.cluster_id = c.id
       JOIN cards k ON k.customer_id = m.customer_id AND k.deleted_at IS NULL
       WHERE c.kind != 'household' AND c.status != 'rejected' AND c.card_count >= 2
       ORDER BY c.rowid, k.card_no`,
    )
    .raw()
    .iterate() as Iterable<[string, string]>;
  for (const [clusterId, cardNo] of rows) yield { clusterId, cardNo };
}
