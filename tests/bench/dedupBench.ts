/**
 * `npm run bench:dedup` — identity resolution quality and speed.
 *
 * Quality (pairwise precision/recall/F1 over the clusters, estimated vs true number of people):
 * - Febrl datasets 1–3 and 4a+4b (Australian, no phones/outlets/times), in memory through runDedup. The
 *   model's weights were set looking at datasets 1 and 2 only; 3 and 4 are held out.
 * - The project's synthetic Indonesian set (honest re-registrations, card farmers, households; truth in
 *   electron/core/dedup/syntheticDuplicates.ts), 65,000 cards seeded into a real store through the
 *   registration path and scanned with scanStore (the same code as `akrab dedup scan`), plus a second
 *   seed in memory as a held-out check. Weights were never tuned on the Indonesian set.
 * Speed: the store scan at 65,000 and 1,000,000 customers; the at-entry check on the 1,000,000 store.
 *
 *   npm run bench:dedup -- [--customers N] [--store FILE] [--skip-large]
 *
 * --store reuses a 1M store made by an earlier run (kept in the OS temp folder, akrab-bench/).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runDedup, type DedupResult } from '../../electron/core/dedup/pipeline';
import type { DedupRecord } from '../../electron/core/dedup/record';
import { scanStore } from '../../electron/core/dedup/storeScan';
import { syntheticDuplicateSet, type LabelledCustomer } from '../../electron/core/dedup/syntheticDuplicates';
import { seedLabelledCustomers } from '../../electron/core/dedup/seedDuplicates';
import { findAtEntry, rebuildDedupKeys } from '../../electron/core/dedup/atEntry';
import { nameVariant } from '../../electron/core/dedup/syntheticDuplicates';
import { SeededRandom } from '../../electron/core/demo/random';
import { newId } from '../../electron/core/ids';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { normalizePhone, reverseDigits } from '../../shared/phone';
import { searchableName } from '../../shared/text';
import { loadFebrl, type LabelledRecord } from '../dedup/support/febrl';
import { pairwiseQuality, type PairwiseQuality } from '../dedup/support/quality';
import { percentiles, round } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    store: { type: 'string' },
    'skip-large': { type: 'boolean', default: false },
    indonesian: { type: 'string', default: '65000' },
  },
});
const here = path.dirname(fileURLToPath(import.meta.url));
const workDir = path.join(os.tmpdir(), 'akrab-bench');
mkdirSync(workDir, { recursive: true });
const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join('/')}`;
const results: Record<string, unknown> = { date: new Date().toISOString(), machine };
const table: Record<string, string | number>[] = [];

function report(set: string, role: string, q: PairwiseQuality, seconds: number) {
  const row = {
    set,
    role,
    records: q.truePeople + (q.truePairs > 0 ? 0 : 0),
    precision: round(q.precision, 4),
    recall: round(q.recall, 4),
    f1: round(q.f1, 4),
    'true pairs': q.truePairs,
    'est. people': q.estimatedPeople,
    'true people': q.truePeople,
    'people error %': round(q.peopleError * 100, 2),
    seconds: round(seconds, 2),
  };
  delete (row as Record<string, unknown>).records;
  table.push(row);
  console.log(
    `${set.padEnd(28)} P=${row.precision.toFixed(4)} R=${row.recall.toFixed(4)} F1=${row.f1.toFixed(4)}  people ${q.estimatedPeople}/${q.truePeople} (${row['people error %']}%)  ${row.seconds}s`,
  );
}

function labelsOf(result: DedupResult): number[] {
  const label = result.records.map((_, i) => i);
  result.clusters.forEach((c, n) => c.members.forEach((m) => (label[m] = -1 - n)));
  return label;
}

function inMemory(set: string, role: string, data: LabelledRecord[]): DedupResult {
  const started = performance.now();
  const result = runDedup(data.map((d) => d.record));
  report(
    set,
    role,
    pairwiseQuality(
      data.map((d) => d.personId),
      labelsOf(result),
    ),
    (performance.now() - started) / 1000,
  );
  return result;
}

function toRecord(c: LabelledCustomer, id: string): DedupRecord {
  return {
    id,
    fullName: c.draft.fullName,
    nik: c.draft.nik,
    email: c.draft.email,
    phones: [normalizePhone(c.draft.phone)!.e164],
    birthDate: c.draft.birthDate,
    gender: c.draft.gender,
    address: c.draft.address,
    city: c.draft.city,
    registeredAt: c.registeredAt,
    outletId: c.outletCode,
    cardNos: [c.draft.cardNo],
  };
}

/** Quality of the latest store scan against the truth of the seeded items. */
function storeQuality(store: Store, ids: string[], items: LabelledCustomer[]): PairwiseQuality {
  const clusterOf = new Map<string, string>();
  const rows = store.sqlite
    .prepare(
      `SELECT m.customer_id, m.cluster_id FROM dedup_cluster_members m JOIN dedup_clusters c ON c.id = m.cluster_id WHERE c.kind != 'household'`,
    )
    .raw()
    .all() as [string, string][];
  for (const [customer, cluster] of rows) clusterOf.set(customer, cluster);
  return pairwiseQuality(
    items.map((i) => i.personId),
    ids.map((id) => clusterOf.get(id) ?? id),
  );
}

// ---- 1. Febrl --------------------------------------------------------------------------------------------
console.log(`\nmachine: ${machine}\n\nQuality`);
inMemory('febrl dataset1', 'tuning', loadFebrl('dataset1.csv'));
inMemory('febrl dataset2', 'tuning', loadFebrl('dataset2.csv'));
inMemory('febrl dataset3', 'held out', loadFebrl('dataset3.csv'));
inMemory('febrl dataset4a+4b', 'held out', [...loadFebrl('dataset4a.csv', 'a:'), ...loadFebrl('dataset4b.csv', 'b:')]);

// ---- 2. Indonesian set in a real store (65k) ---------------------------------------------------------------
const indonesian = Number(values.indonesian);
{
  const items = [...syntheticDuplicateSet({ cards: indonesian, seed: 7 })];
  const file = path.join(workDir, `dedup-id-${indonesian}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const store = openStore(file);
  let started = performance.now();
  const ids = seedLabelledCustomers(store, items);
  const seedSeconds = (performance.now() - started) / 1000;
  scanStore(store); // warm-up: JIT and page cache, as a device that scanned before
  started = performance.now();
  const cpu = process.cpuUsage();
  const summary = scanStore(store);
  const scanSeconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  const q = storeQuality(store, ids, items);
  report(`indonesian ${indonesian.toLocaleString('en')} (store scan)`, 'held out', q, scanSeconds);
  console.log(`  scan: ${scanSeconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU`, summary.millis);
  results.indonesianStore = {
    cards: indonesian,
    seedSeconds: round(seedSeconds, 1),
    scanSeconds: round(scanSeconds, 2),
    cpuSeconds: round(cpuSeconds, 2),
    summary,
    quality: q,
    roles: countRoles(items),
  };
  closeStore(store);
}
{
  const items = [...syntheticDuplicateSet({ cards: indonesian, seed: 8 })];
  const data = items.map((c, i) => ({ personId: c.personId, record: toRecord(c, `c${i}`) }));
  inMemory(`indonesian ${indonesian.toLocaleString('en')} seed 8`, 'held out', data);
}

/** CPU seconds (user + system) of this process since a cpuUsage() reading: the machine is shared, wall time is not ours alone. */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

function countRoles(items: LabelledCustomer[]) {
  const roles: Record<string, number> = {};
  for (const i of items) roles[i.role] = (roles[i.role] ?? 0) + 1;
  return roles;
}

results.quality = table;

// ---- 3. A million customers ---------------------------------------------------------------------------------
if (!values['skip-large']) {
  const customers = Number(values.customers);
  const storePath = values.store ?? path.join(workDir, `dedup-${customers}.sqlite`);
  let store: Store;
  let items: LabelledCustomer[] | null = null;
  let ids: string[] = [];
  if (values.store && existsSync(storePath)) {
    store = openStore(storePath);
    console.log(`\nreusing ${storePath}`);
  } else {
    for (const suffix of ['', '-wal', '-shm']) rmSync(storePath + suffix, { force: true });
    store = openStore(storePath);
    const started = performance.now();
    items = [...syntheticDuplicateSet({ cards: customers, seed: 99 })];
    ids = bulkInsert(store, items);
    results.largeInsertSeconds = round((performance.now() - started) / 1000, 1);
    console.log(
      `\nbuilt a ${customers.toLocaleString('en')}-customer store in ${results.largeInsertSeconds} s (direct inserts, no change log)`,
    );
  }
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const started = performance.now();
  const cpu = process.cpuUsage();
  const summary = scanStore(store);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  console.log(
    `scan of ${summary.records.toLocaleString('en')} customers: ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU`,
    summary.millis,
  );
  results.largeScan = {
    customers: summary.records,
    seconds: round(seconds, 1),
    cpuSeconds: round(cpuSeconds, 1),
    summary,
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
  if (items) {
    const q = storeQuality(store, ids, items);
    report(`indonesian ${customers.toLocaleString('en')} (store scan)`, 'held out', q, seconds);
    (results.largeScan as Record<string, unknown>).quality = q;
  }

  // At entry: keys built once, then probes with spelling variants of existing customers.
  let t = performance.now();
  rebuildDedupKeys(store);
  const keySeconds = (performance.now() - t) / 1000;
  const random = new SeededRandom(5);
  const sample = store.sqlite.prepare(
    `SELECT full_name, birth_date, address, city, (SELECT e164 FROM phones p WHERE p.customer_id = c.id LIMIT 1) AS phone FROM customers c WHERE rowid = ?`,
  );
  const maxRow = store.sqlite.prepare(`SELECT max(rowid) FROM customers`).pluck().get() as number;
  const samples: number[] = [];
  for (let k = 0; k < 1000; k++) {
    const row = sample.get(random.int(1, maxRow)) as
      { full_name: string; birth_date: string | null; address: string | null; city: string | null; phone: string } | undefined;
    if (!row) continue;
    const draft = {
      fullName: nameVariant(row.full_name, 'M', random),
      birthDate: row.birth_date,
      address: row.address,
      city: row.city,
      phone: random.chance(0.5) ? row.phone : '0857' + String(random.int(10000000, 99999999)),
    };
    t = performance.now();
    findAtEntry(store, draft);
    samples.push(performance.now() - t);
  }
  const p = percentiles(samples);
  console.log(
    `at entry on ${summary.records.toLocaleString('en')}: p50 ${p.p50.toFixed(2)} ms, p95 ${p.p95.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms, max ${p.max.toFixed(1)} ms (keys built in ${keySeconds.toFixed(1)} s)`,
  );
  results.atEntry = {
    customers: summary.records,
    keyBuildSeconds: round(keySeconds, 1),
    p50: round(p.p50),
    p95: round(p.p95),
    p99: round(p.p99),
    max: round(p.max),
  };
  closeStore(store);
}

console.log('');
console.table(table);
writeFileSync(path.join(here, 'dedup-results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`results written to ${path.join(here, 'dedup-results.json')}`);

/**
 * A large store fast: rows written with plain INSERTs in big transactions (no change log; this store only
 * exists to time the scan). Same columns and normalisation as a registration.
 */
function bulkInsert(store: Store, items: LabelledCustomer[]): string[] {
  const s = store.sqlite;
  const outlets = new Map<string, string>();
  const device = store.deviceId;
  const insertCustomer = s.prepare(
    `INSERT INTO customers (id, full_name, name_search, gender, birth_date, nik, email, address, city, consent_marketing, registered_outlet_id, created_at, updated_at, created_by_device, updated_by_device)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
  );
  const insertCard = s.prepare(
    `INSERT INTO cards (id, customer_id, card_no, status, issued_at, issued_outlet_id, created_at, updated_at, created_by_device, updated_by_device) VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)`,
  );
  const insertPhone = s.prepare(
    `INSERT OR IGNORE INTO phones (id, customer_id, e164, digits_reversed, created_at, updated_at, created_by_device, updated_by_device) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ids: string[] = [];
  const batch = s.transaction((chunk: LabelledCustomer[]) => {
    for (const item of chunk) {
      let outletId = outlets.get(item.outletCode);
      if (!outletId) outlets.set(item.outletCode, (outletId = ensureOutlet(store, item.outletCode).id));
      const d = item.draft;
      const id = newId();
      const at = item.registeredAt;
      const phone = normalizePhone(d.phone)!;
      insertCustomer.run(
        id,
        d.fullName,
        searchableName(d.fullName),
        d.gender ?? null,
        d.birthDate ?? null,
        d.nik ?? null,
        d.email ?? null,
        d.address ?? null,
        d.city ?? null,
        outletId,
        at,
        at,
        device,
        device,
      );
      insertCard.run(newId(), id, d.cardNo, at, outletId, at, at, device, device);
      insertPhone.run(newId(), id, phone.e164, reverseDigits(phone.national), at, at, device, device);
      ids.push(id);
    }
  });
  for (let i = 0; i < items.length; i += 20_000) batch(items.slice(i, i + 20_000));
  return ids;
}
