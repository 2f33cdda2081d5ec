import type { DedupScanSummary } from '../../../shared/types';
import type { Store } from '../store/store';
import { newId } from '../ids';
import { evidenceJson } from './evidenceJson';
import type { DedupRecord } from './record';
import { pairKey, runDedup, type ClusterResult, type DedupResult } from './pipeline';

/** What a scan prints and the review queue shows on top (the contract's shape). */
export type ScanSummary = DedupScanSummary;

/**
 * The live customers of the store as dedup records, streamed in one query: merged-away and deleted
 * customers are left out. Phones come joined by a space; the card count feeds "many cards" evidence.
 */
export function* storeRecords(store: Store): Generator<DedupRecord> {
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
export function rejectedPairs(store: Store): Set<string> {
  const rows = store.sqlite
    .prepare(`SELECT customer_a, customer_b FROM dedup_decisions WHERE deleted_at IS NULL AND decision = 'different'`)
    .raw()
    .all() as [string, string][];
  return new Set(rows.map(([a, b]) => pairKey(a, b)));
}

/** Scans the whole store, replaces the stored scan results and returns the counts. */
export function scanStore(store: Store): ScanSummary {
  const startedAt = store.now().toISOString();
  const started = performance.now();
  const rejected = rejectedPairs(store);
  const result = runDedup(storeRecords(store), { cannotLink: (a, b) => rejected.has(pairKey(a, b)) });
  const t = performance.now();
  const runId = newId();
  const summary = persistScan(store, runId, startedAt, result);
  summary.millis = { ...result.stats.millis, persist: Math.round(performance.now() - t), total: Math.round(performance.now() - started) };
  store.sqlite
    .prepare(`UPDATE dedup_runs SET stats = ? WHERE id = ?`)
    .run(JSON.stringify({ ...result.stats, millis: summary.millis, people: result.people, model: result.model }), runId);
  return summary;
}

function cardsOf(cluster: ClusterResult, result: DedupResult): number {
  return cluster.members.reduce((s, i) => s + Math.max(1, result.records[i]!.cardCount), 0);
}

function persistScan(store: Store, runId: string, startedAt: string, result: DedupResult): ScanSummary {
  const s = store.sqlite;
  const insertCluster = s.prepare(
    `INSERT INTO dedup_clusters (id, run_id, kind, confidence, score, size, card_count, status, facts) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
  );
  const insertMember = s.prepare(`INSERT OR IGNORE INTO dedup_cluster_members (cluster_id, customer_id) VALUES (?, ?)`);
  const insertPair = s.prepare(`INSERT INTO dedup_pairs (cluster_id, customer_a, customer_b, score, evidence) VALUES (?, ?, ?, ?, ?)`);
  const id = (i: number) => result.records[i]!.id;
  let clusteredCards = 0;
  s.transaction(() => {
    s.exec(`DELETE FROM dedup_pairs; DELETE FROM dedup_cluster_members; DELETE FROM dedup_clusters; DELETE FROM dedup_runs;`);
    result.clusters.forEach((c, n) => {
      const clusterId = `${runId}-${n}`;
      const cards = cardsOf(c, result);
      if (cards >= 2) clusteredCards += cards;
      insertCluster.run(
        clusterId,
        runId,
        c.kind,
        c.confidence,
        c.score,
        c.members.length,
        cards,
        c.farming ? JSON.stringify(c.farming) : null,
      );
      for (const m of c.members) insertMember.run(clusterId, id(m));
      for (const p of c.pairs) insertPair.run(clusterId, id(p.a), id(p.b), p.score.total, evidenceJson(p.score.evidence));
    });
    result.households.forEach((h, n) => {
      const clusterId = `${runId}-h${n}`;
      insertCluster.run(
        clusterId,
        runId,
        'household',
        h.confidence,
        h.pairs[0]?.score.total ?? 0,
        h.members.length,
        h.members.length,
        JSON.stringify({ sharedPhones: h.sharedPhones, sharedDwellings: h.sharedDwellings }),
      );
      for (const m of h.members) insertMember.run(clusterId, id(m));
      for (const p of h.pairs) insertPair.run(clusterId, id(p.a), id(p.b), p.score.total, evidenceJson(p.score.evidence));
    });
    s.prepare(
      `INSERT INTO dedup_runs (id, started_at, finished_at, records, clusters, farming_clusters, households, estimated_people, stats) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}')`,
    ).run(
      runId,
      startedAt,
      store.now().toISOString(),
      result.records.length,
      result.clusters.length,
      result.clusters.filter((c) => c.kind === 'farming').length,
      result.households.length,
      result.estimatedPeople,
    );
  })();
  return {
    runId,
    records: result.records.length,
    clusters: result.clusters.length,
    farmingClusters: result.clusters.filter((c) => c.kind === 'farming').length,
    households: result.households.length,
    estimatedPeople: result.estimatedPeople,
    estimatedRange: { low: result.people.low, high: result.people.high },
    unseenFarmCards: Math.round(result.people.unseen.estimate),
    clusteredCards,
    millis: {},
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
