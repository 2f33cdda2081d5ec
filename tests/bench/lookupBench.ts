/**
 * `npm run bench` — the foundation's figures on a synthetic store (default 1,000,000 customers, ~5 purchases each):
 * insert rate, legacy import of 65,000 rows, and p50/p95/p99 of 10,000 random probes per operation,
 * each measured through the core and as the same SQL on raw prepared better-sqlite3 statements.
 *
 *   npm run bench -- [--customers N] [--probes N] [--store FILE] [--keep]
 *
 * --store reuses a store made by an earlier run (it must hold the same number of customers).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { lookupCustomer } from '../../electron/core/customers/lookup';
import { searchCustomers } from '../../electron/core/customers/search';
import { getCustomer } from '../../electron/core/customers/editCustomer';
import { seedCustomers } from '../../electron/core/demo/seedStore';
import { SeededRandom } from '../../electron/core/demo/random';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { importCustomersFile } from '../../electron/core/import/importCustomers';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore } from '../../electron/core/store/store';
import { legacyCsv } from '../support/legacyCsv';
import { MMAP_BYTES } from '../../db/connection';
import { percentiles, round, time } from './stats';

const { values } = parseArgs({
  options: { customers: { type: 'string', default: '1000000' }, probes: { type: 'string', default: '10000' }, store: { type: 'string' }, keep: { type: 'boolean', default: false } },
});
const customers = Number(values.customers);
const probes = Number(values.probes);
const here = path.dirname(fileURLToPath(import.meta.url));
const workDir = path.join(os.tmpdir(), 'akrab-bench');
mkdirSync(workDir, { recursive: true });
const storePath = values.store ?? path.join(workDir, `store-${customers}.sqlite`);
const results: Record<string, unknown> = { date: new Date().toISOString(), customers, probes, machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}` };

// 1. Build the store through the core's registration path (validation, write funnel, change log).
let store;
if (existsSync(storePath) && values.store) {
  store = openStore(storePath);
  console.log(`reusing ${storePath}`);
} else {
  for (const suffix of ['', '-wal', '-shm']) rmSync(storePath + suffix, { force: true });
  store = openStore(storePath);
  useOutlet(store, ensureOutlet(store, 'BENCH'));
  const started = performance.now();
  let lastReport = started;
  seedCustomers(store, syntheticCustomers(customers, { seed: 11, purchasesPerCustomer: 5 }), {
    batchSize: 5000,
    onProgress: (done) => {
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        console.log(`  ${done.toLocaleString('en')} customers…`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const rows = store.sqlite.prepare(`SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM cards) + (SELECT count(*) FROM phones) + (SELECT count(*) FROM purchases)`).pluck().get() as number;
  results.insert = { seconds: round(seconds, 1), customersPerSecond: Math.round(customers / seconds), rowsPerSecond: Math.round(rows / seconds), rows };
  console.log(`inserted ${customers.toLocaleString('en')} customers (${rows.toLocaleString('en')} rows) in ${seconds.toFixed(1)} s`);
}
store.sqlite.pragma('wal_checkpoint(TRUNCATE)');

// 2. Legacy import of 65,000 rows into a fresh store, through the same code as `akrab import customers`.
{
  const csv = path.join(workDir, 'legacy-65000.csv');
  if (!existsSync(csv)) writeFileSync(csv, legacyCsv(65_000, 5));
  const file = path.join(workDir, 'import.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const importStore = openStore(file);
  const started = performance.now();
  const report = await importCustomersFile(importStore, csv);
  const seconds = (performance.now() - started) / 1000;
  results.import65k = { seconds: round(seconds, 2), imported: report.imported, rowsPerSecond: Math.round(65_000 / seconds) };
  console.log(`legacy import: ${report.imported} rows in ${seconds.toFixed(2)} s`);
  closeStore(importStore);
}

// 3. Probes: random customers, their cards and phones written the ways people write them.
const raw = new Database(storePath, { readonly: true });
raw.pragma(`mmap_size = ${MMAP_BYTES}`);
raw.pragma('cache_size = -65536');
const random = new SeededRandom(99);
const maxRowid = raw.prepare('SELECT max(rowid) FROM customers').pluck().get() as number;
const sampleRow = raw.prepare(
  `SELECT c.id, c.name_search, (SELECT card_no FROM cards WHERE customer_id = c.id LIMIT 1) AS card, (SELECT e164 FROM phones WHERE customer_id = c.id LIMIT 1) AS e164 FROM customers c WHERE c.rowid >= ? LIMIT 1`,
);
const samples = Array.from({ length: probes }, () => sampleRow.get(random.int(1, maxRowid)) as { id: string; name_search: string; card: string; e164: string });
const phoneForms = (e164: string) => {
  const n = e164.slice(3);
  return [`0${n}`, `0${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`, `+62 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`, `62${n}`, `(0${n.slice(0, 3)}) ${n.slice(3)}`, e164];
};

const rawStatements = {
  byCard: raw.prepare(`SELECT customer_id FROM cards WHERE card_no = ? AND deleted_at IS NULL`).pluck(),
  byPhone: raw.prepare(`SELECT customer_id FROM phones WHERE e164 = ? AND deleted_at IS NULL ORDER BY updated_at DESC`).pluck(),
  customer: raw.prepare(`SELECT c.*, o.code AS outlet_code FROM customers c LEFT JOIN outlets o ON o.id = c.registered_outlet_id WHERE c.id = ? AND c.deleted_at IS NULL`),
  cards: raw.prepare(`SELECT k.id, k.card_no, k.status, k.issued_at, k.issued_by_staff, o.code AS outlet_code FROM cards k LEFT JOIN outlets o ON o.id = k.issued_outlet_id WHERE k.customer_id = ? AND k.deleted_at IS NULL ORDER BY k.issued_at`),
  phones: raw.prepare(`SELECT id, e164 FROM phones WHERE customer_id = ? AND deleted_at IS NULL ORDER BY created_at`),
  summary: raw.prepare(`SELECT count(*) AS count, coalesce(sum(amount), 0) AS total, min(purchased_at) AS first_at, max(purchased_at) AS last_at FROM purchases WHERE customer_id = ? AND deleted_at IS NULL`),
  recent: raw.prepare(`SELECT p.id, p.invoice_no, p.purchased_at, p.amount, p.main_product, o.code AS outlet_code FROM purchases p LEFT JOIN outlets o ON o.id = p.outlet_id WHERE p.customer_id = ? AND p.deleted_at IS NULL ORDER BY p.purchased_at DESC LIMIT ? OFFSET ?`),
  suffix: raw.prepare(`SELECT customer_id FROM phones WHERE digits_reversed >= ? AND digits_reversed < ? AND deleted_at IS NULL ORDER BY digits_reversed LIMIT ?`).pluck(),
  namePrefix: raw.prepare(`SELECT id FROM customers WHERE name_search >= ? AND name_search < ? AND deleted_at IS NULL ORDER BY name_search LIMIT ?`).pluck(),
  hit: raw.prepare(`SELECT id, full_name, city FROM customers WHERE id = ? AND deleted_at IS NULL`),
  hitPhones: raw.prepare(`SELECT e164 FROM phones WHERE customer_id = ? AND deleted_at IS NULL`).pluck(),
  hitCards: raw.prepare(`SELECT card_no FROM cards WHERE customer_id = ? AND deleted_at IS NULL ORDER BY issued_at`).pluck(),
  lastVisit: raw.prepare(`SELECT max(purchased_at) FROM purchases WHERE customer_id = ? AND deleted_at IS NULL`).pluck(),
};
const rawDetail = (id: string) => {
  rawStatements.customer.get(id);
  rawStatements.cards.all(id);
  rawStatements.phones.all(id);
  rawStatements.summary.get(id);
  rawStatements.recent.all(id, 20, 0);
};
const rawHits = (ids: string[]) => {
  for (const id of ids) {
    rawStatements.hit.get(id);
    rawStatements.hitPhones.all(id);
    rawStatements.hitCards.all(id);
    rawStatements.lastVisit.get(id);
  }
};

interface Probe {
  name: string;
  ours: (i: number) => unknown;
  raw: (i: number) => unknown;
}
const phoneTexts = samples.map((s) => random.pick(phoneForms(s.e164)));
const suffixes = samples.map((s) => s.e164.slice(-random.int(4, 6)));
const prefixes = samples.map((s) => s.name_search.slice(0, random.int(3, 6)));
const benchProbes: Probe[] = [
  { name: 'lookup by card', ours: (i) => lookupCustomer(store, samples[i]!.card), raw: (i) => rawDetail(rawStatements.byCard.get(samples[i]!.card) as string) },
  { name: 'lookup by phone (random format)', ours: (i) => lookupCustomer(store, phoneTexts[i]!), raw: (i) => rawDetail((rawStatements.byPhone.all(samples[i]!.e164) as string[])[0]!) },
  {
    name: 'search by phone last digits',
    ours: (i) => searchCustomers(store, suffixes[i]!, 20),
    raw: (i) => {
      const reversed = suffixes[i]!.split('').reverse().join('');
      rawHits(rawStatements.suffix.all(reversed, reversed + '\uffff', 20) as string[]);
    },
  },
  {
    name: 'search by name prefix',
    ours: (i) => searchCustomers(store, prefixes[i]!, 20),
    raw: (i) => rawHits(rawStatements.namePrefix.all(prefixes[i]!, prefixes[i]! + '\uffff', 20) as string[]),
  },
  { name: 'get customer with history', ours: (i) => getCustomer(store, samples[i]!.id), raw: (i) => rawDetail(samples[i]!.id) },
];

const table: Record<string, unknown>[] = [];
for (const probe of benchProbes) {
  // Warm the page cache and the JIT.
  for (let i = 0; i < 500; i++) {
    probe.ours(i);
    probe.raw(i);
  }
  const ours: number[] = [];
  const rawTimes: number[] = [];
  for (let i = 0; i < probes; i++) {
    // Whichever runs first pays for the pages the probe touches; alternate so neither side gets the warm cache.
    if (i % 2 === 0) {
      ours.push(time(() => probe.ours(i)));
      rawTimes.push(time(() => probe.raw(i)));
    } else {
      rawTimes.push(time(() => probe.raw(i)));
      ours.push(time(() => probe.ours(i)));
    }
  }
  const o = percentiles(ours);
  const r = percentiles(rawTimes);
  table.push({
    probe: probe.name,
    'p50 ms': round(o.p50),
    'p95 ms': round(o.p95),
    'p99 ms': round(o.p99),
    'raw p50': round(r.p50),
    'raw p95': round(r.p95),
    'raw p99': round(r.p99),
    'ratio p50': round(o.p50 / r.p50, 2),
    'ratio p99': round(o.p99 / r.p99, 2),
  });
}
results.probes = table;
console.table(table);
console.log(JSON.stringify({ insert: results.insert, import65k: results.import65k }));
raw.close();
closeStore(store);
writeFileSync(path.join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`written ${path.join('tests', 'bench', 'results.json')}; store kept at ${storePath}`);
if (!values.keep && !values.store) console.log('(pass --store to reuse it next time)');
