import type { DedupScanSummary, DedupScanWarning } from '../../../shared/types';
import type { Store } from '../store/store';
import { newId } from '../ids';
import { evidenceJson } from './evidenceJson';
import { MIN_LEARNED_PAIRS } from './latentClassEm';
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

/** A group the scan proposes (a person, a card farmer, a household), as the review queue stores it. */
export interface FoundGroup {
  kind: ClusterResult['kind'] | 'household';
  confidence: number;
  score: number;
  cards: number;
  /** JSON, or null. */
  facts: string | null;
  memberIds: string[];
  pairs: { a: string; b: string; score: number; evidence: string }[];
}

/**
 * What a scan found, as plain data: its counts and the groups it proposes (persons and card farmers first, then the
 * households) with their members and explaining pairs as customer ids and evidence text, ready to save.
 */
export interface ScanFindings {
  records: number;
  households: number;
  estimatedPeople: number;
  people: DedupResult['people'];
  /** The run's stats as stored (counts, the model, the people estimate, the stages' milliseconds). */
  stats: Record<string, unknown> & { millis: Record<string, number>; model: { pairs: number } };
  groups: FoundGroup[];
}

/** Scans the whole store, replaces the stored scan results and returns the counts. */
export function scanStore(store: Store): ScanSummary {
  const timing = scanTiming(store);
  return saveScan(store.sqlite, findDuplicates(store), timing);
}

/** When a scan started, and the store's clock as an offset from this machine's (a test's store may run on another). */
export interface ScanTiming {
  startedAt: string;
  startedMs: number;
  clockOffsetMs: number;
}

function scanTiming(store: Store): ScanTiming {
  const now = store.now();
  return { startedAt: now.toISOString(), startedMs: Date.now(), clockOffsetMs: now.getTime() - Date.now() };
}

/** What the scan's thread answers: the saved scan's counts, or why saving them failed. */
export type ScanThreadAnswer = { summary: ScanSummary } | { saveFailed: string };

const entry = threadEntry(() => new URL('./dedupScanThread.mjs', import.meta.url));

/** Bundled builds name their compiled scan thread (Electron: dedupScan.cjs beside main.cjs). */
export const useDedupScanEntry = entry.use;

/**
 * scanStore on a thread of its own, reading, finding and saving over its own connection: at a million customers that
 * is about 90 s, during which the app's thread keeps answering the counter (lookups, the at-entry check) and writes
 * nothing for the scan. An in-memory store or a failed thread scans here instead (and says so).
 */
export async function scanStoreOffThread(store: Store): Promise<ScanSummary> {
  const timing = scanTiming(store);
  const answer = await oneAnswerOffThread<ScanThreadAnswer>(
    entry.get(),
    store,
    { timing },
    () => ({ summary: scanStore(store) }),
    '[akrab] the duplicate scan ran in the main thread: its own thread failed',
  );
  if ('saveFailed' in answer) throw new Error(answer.saveFailed);
  return answer.summary;
}

/** Reads the live customers and the manager's "different" decisions, and finds the store's duplicates. */
export function findDuplicates(store: Pick<Store, 'sqlite'>): ScanFindings {
  const rejected = rejectedPairs(store);
  const result = runDedup(storeRecords(store), { cannotLink: (a, b) => rejected.has(pairKey(a, b)) });
  const ids = result.records.map((r) => r.id);
  const group = (kind: FoundGroup['kind'], found: { confidence: number; members: readonly number[]; pairs: readonly ScoredPair[] }, score: number, cards: number, facts: string | null): FoundGroup => ({
    kind,
    confidence: found.confidence,
    score,
    cards,
    facts,
    memberIds: found.members.map((m) => ids[m]!),
    // The evidence is turned into text here, before the save takes the store's write lock.
    pairs: found.pairs.map((p) => ({ a: ids[p.a]!, b: ids[p.b]!, score: p.score.total, evidence: evidenceJson(p.score.evidence) })),
  });
  return {
    records: result.records.length,
    households: result.households.length,
    estimatedPeople: result.estimatedPeople,
    people: result.people,
    stats: { ...result.stats, people: result.people, model: result.model },
    groups: [
      ...result.clusters.map((c) => group(c.kind, c, c.score, cardsOf(c, result), c.farming ? JSON.stringify(c.farming) : null)),
      ...result.households.map((h) =>
        group('household', h, h.pairs[0]?.score.total ?? 0, h.members.length, JSON.stringify({ sharedPhones: h.sharedPhones, sharedDwellings: h.sharedDwellings })),
      ),
    ],
  };
}

/** The warning of a scan whose model was learned from too few pairs (see MIN_LEARNED_PAIRS), or null. */
export function learningWarning(records: number, learnedPairs: number): DedupScanWarning | null {
  if (records < 2 || learnedPairs >= MIN_LEARNED_PAIRS) return null;
  return { messageKey: 'warning.dedup_few_pairs', params: { pairs: learnedPairs, records, enough: MIN_LEARNED_PAIRS } };
}

function cardsOf(cluster: ClusterResult, result: DedupResult): number {
  return cluster.members.reduce((s, i) => s + Math.max(1, result.records[i]!.cardCount), 0);
}

/**
 * Replaces the stored scan results with `findings` in one transaction and returns the counts. At a million customers
 * (1.4M rows, 300 MB of evidence) it holds the store for writing 5-7 s: on the scan's own thread, a counter's write
 * meanwhile waits (BUSY_TIMEOUT_MS, db/connection.ts) and the app's reads go on.
 */
export function saveScan(s: Store['sqlite'], findings: ScanFindings, timing: ScanTiming): ScanSummary {
  const t = performance.now();
  const insertCluster = s.prepare(
    `INSERT INTO dedup_clusters (id, run_id, kind, confidence, score, size, card_count, status, facts) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
  );
  const insertMember = batchedInsert(s, `INSERT OR IGNORE INTO dedup_cluster_members (cluster_id, customer_id) VALUES`, 2);
  const insertPair = batchedInsert(s, `INSERT INTO dedup_pairs (cluster_id, customer_a, customer_b, score, evidence) VALUES`, 5);
  const runId = newId();
  let clusteredCards = 0;
  let clusters = 0;
  let farmingClusters = 0;
  const millis: Record<string, number> = { ...findings.stats.millis };
  s.transaction(() => {
    s.exec(`DELETE FROM dedup_pairs; DELETE FROM dedup_cluster_members; DELETE FROM dedup_clusters; DELETE FROM dedup_runs;`);
    let h = 0;
    for (const group of findings.groups) {
      const household = group.kind === 'household';
      const clusterId = household ? `${runId}-h${h++}` : `${runId}-${clusters++}`;
      if (group.kind === 'farming') farmingClusters++;
      if (!household && group.cards >= 2) clusteredCards += group.cards;
      insertCluster.run(clusterId, runId, group.kind, group.confidence, group.score, group.memberIds.length, group.cards, group.facts);
      for (const id of group.memberIds) insertMember.add(clusterId, id);
      for (const p of group.pairs) insertPair.add(clusterId, p.a, p.b, p.score, p.evidence);
    }
    insertMember.flush();
    insertPair.flush();
    millis.persist = Math.round(performance.now() - t);
    millis.total = Math.round(Date.now() - timing.startedMs);
    s.prepare(
      `INSERT INTO dedup_runs (id, started_at, finished_at, records, clusters, farming_clusters, households, estimated_people, stats) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      runId,
      timing.startedAt,
      new Date(Date.now() + timing.clockOffsetMs).toISOString(),
      findings.records,
      clusters,
      farmingClusters,
      findings.households,
      findings.estimatedPeople,
      JSON.stringify({ ...findings.stats, millis }),
    );
  }).immediate();
  return {
    runId,
    records: findings.records,
    clusters,
    farmingClusters,
    households: findings.households,
    estimatedPeople: findings.estimatedPeople,
    estimatedRange: { low: findings.people.low, high: findings.people.high },
    unseenFarmCards: Math.round(findings.people.unseen.estimate),
    clusteredCards,
    millis,
    learnedPairs: findings.stats.model.pairs,
    warning: learningWarning(findings.records, findings.stats.model.pairs),
  };
}

const ROWS_PER_INSERT = 100;

/**
 * Rows added one by one, inserted ROWS_PER_INSERT to a statement: a scan of a million customers saves ~1.4M member
 * and pair rows, and a statement per row was most of the time the app's thread spent saving.
 */
function batchedInsert(s: Store['sqlite'], insertValues: string, columns: number) {
  const row = `(${new Array(columns).fill('?').join(', ')})`;
  const many = s.prepare(`${insertValues} ${new Array(ROWS_PER_INSERT).fill(row).join(', ')}`);
  const one = s.prepare(`${insertValues} ${row}`);
  const pending: unknown[] = [];
  return {
    add(...values: unknown[]) {
      pending.push(...values);
      if (pending.length === ROWS_PER_INSERT * columns) {
        many.run(pending);
        pending.length = 0;
      }
    },
    flush() {
      for (let at = 0; at < pending.length; at += columns) one.run(pending.slice(at, at + columns));
      pending.length = 0;
    },
  };
}

/** The latest scan's counts, or null before the first scan (read in one snapshot, as the scan's thread may save meanwhile). */
export function lastScan(store: Store): ScanSummary | null {
  return store.sqlite.transaction(() => readLastScan(store)).deferred();
}

function readLastScan(store: Store): ScanSummary | null {
  const row = store.sqlite.prepare(`SELECT * FROM dedup_runs ORDER BY finished_at DESC LIMIT 1`).get() as
    Record<string, string | number> | undefined;
  if (!row) return null;
  const stats = JSON.parse(row.stats as string) as {
    millis?: Record<string, number>;
    people?: { low: number; high: number; unseen?: { estimate: number } };
    model?: { pairs?: number };
  };
  const learnedPairs = stats.model?.pairs ?? null;
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
    learnedPairs,
    warning: learnedPairs === null ? null : learningWarning(row.records as number, learnedPairs),
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
