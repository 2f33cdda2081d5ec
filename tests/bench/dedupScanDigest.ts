/**
 * Times the store scan and digests what it finds, so a speed-up can be shown to change nothing:
 *
 *   node --import tsx tests/bench/dedupScanDigest.ts [--store FILE]... [--synthetic N] [--runs K] [--json]
 *
 * For each --store (a 64,000-card store made by `npm run bench:dedup`; the scan rewrites its dedup_* tables, so
 * pass a copy): one warm-up scan, then K timed scans (wall and CPU seconds, the stages of `millis`), then a
 * SHA-256 of the persisted scan: dedup_runs (counts and stats less timings; the model and the people estimate
 * are in stats), dedup_clusters, dedup_cluster_members and dedup_pairs in a fixed order, with the run id taken
 * out of the cluster ids. With --synthetic N (cards), runDedup on two grid settings (a day-only random setting
 * and the default), and a SHA-256 of its whole result but timings (clusters, pairs and their evidence,
 * households, people estimate and range, model, stats).
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runDedup, type DedupResult } from '../../electron/core/dedup/pipeline';
import { scanStore } from '../../electron/core/dedup/storeScan';
import { syntheticDuplicateSet } from '../../electron/core/dedup/syntheticDuplicates';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { labelledRecord } from '../dedup/support/background';
import { randomSetting } from './dedupGrid';

const { values } = parseArgs({
  options: {
    store: { type: 'string', multiple: true, default: [] },
    synthetic: { type: 'string' },
    runs: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});

const sha = (v: unknown) => createHash('sha256').update(typeof v === 'string' ? v : JSON.stringify(v)).digest('hex').slice(0, 16);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join('/');
const out: Record<string, unknown>[] = [];

function storeDigest(store: Store): string {
  const s = store.sqlite;
  const run = s.prepare(`SELECT id, records, clusters, farming_clusters, households, estimated_people, stats FROM dedup_runs`).all() as
    { id: string; stats: string }[];
  if (run.length !== 1) throw new Error(`expected one dedup run, found ${run.length}`);
  const runId = run[0]!.id;
  const stats = JSON.parse(run[0]!.stats) as Record<string, unknown>;
  delete stats.millis;
  const local = (id: string) => (id.startsWith(runId) ? id.slice(runId.length) : id);
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ ...run[0], id: '', stats }));
  for (const r of s.prepare(`SELECT id, run_id, kind, confidence, score, size, card_count, status, facts FROM dedup_clusters ORDER BY rowid`).raw().iterate() as Iterable<unknown[]>)
    hash.update(JSON.stringify([local(r[0] as string), ...r.slice(2)]));
  for (const r of s.prepare(`SELECT cluster_id, customer_id FROM dedup_cluster_members ORDER BY cluster_id, customer_id`).raw().iterate() as Iterable<unknown[]>)
    hash.update(JSON.stringify([local(r[0] as string), r[1]]));
  for (const r of s.prepare(`SELECT cluster_id, customer_a, customer_b, score, evidence FROM dedup_pairs ORDER BY rowid`).raw().iterate() as Iterable<unknown[]>)
    hash.update(JSON.stringify([local(r[0] as string), ...r.slice(1)]));
  return hash.digest('hex').slice(0, 16);
}

function resultDigest(result: DedupResult): string {
  const { millis: _, ...stats } = result.stats;
  return sha({
    ids: result.records.map((r) => r.id),
    clusters: result.clusters,
    households: result.households,
    estimatedPeople: result.estimatedPeople,
    people: result.people,
    model: result.model,
    stats,
  });
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

for (const file of values.store) {
  const store = openStore(file);
  scanStore(store); // warm-up: JIT and page cache, as the benchmark does
  for (let k = 0; k < Number(values.runs); k++) {
    const before = load();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const summary = scanStore(store);
    const wall = (performance.now() - started) / 1000;
    const cpuSeconds = cpuSince(cpu);
    const row = { what: file, records: summary.records, wall: +wall.toFixed(2), cpu: +cpuSeconds.toFixed(2), load: before, millis: summary.millis, digest: storeDigest(store) };
    out.push(row);
    if (!values.json) console.log(`${file}: ${summary.records} records, ${row.wall} s wall, ${row.cpu} s CPU, load ${before}, digest ${row.digest} ${JSON.stringify(summary.millis)}`);
  }
  closeStore(store);
}

if (values.synthetic) {
  const cards = Number(values.synthetic);
  for (const [name, options] of [
    ['random setting 105 (day-only dates)', randomSetting(105)],
    ['default, seed 1', { seed: 1 }],
  ] as const) {
    const records = [...syntheticDuplicateSet({ cards, ...options })].map((c, i) => labelledRecord(c, `c${i}`));
    const started = performance.now();
    const result = runDedup(records);
    const row = { what: `${name}, ${cards} cards`, wall: +((performance.now() - started) / 1000).toFixed(2), digest: resultDigest(result), clusters: result.clusters.length, people: result.estimatedPeople };
    out.push(row);
    if (!values.json) console.log(`${row.what}: ${row.clusters} clusters, people ${row.people}, ${row.wall} s, digest ${row.digest}`);
  }
}

if (values.json) console.log(JSON.stringify(out));
