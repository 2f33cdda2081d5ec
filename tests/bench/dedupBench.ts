/**
 * `npm run bench:dedup` — identity resolution quality and speed.
 *
 * Quality (pairwise precision/recall/F1 over the clusters; estimated people and its range against the truth;
 * the naive rule "same normalised phone = same person" on the same data):
 * - a grid of synthetic Indonesian settings (electron/core/dedup/syntheticDuplicates.ts) that differ in
 *   cards per farmer, revisit gaps, phone noise, address reuse, household size and shared phones, blank
 *   fields, date resolution and seed, in memory through runDedup;
 * - an independent check shaped differently: a legacy export (Indonesian headers, day-only dates, other
 *   proportions and noise) written as CSV, imported with importCustomersFile (the code behind
 *   `akrab import customers`), scanned with scanStore (`akrab dedup scan`) and read back with clusterCards
 *   (`akrab dedup export`);
 * - Febrl datasets 1–3 and 4a+4b.
 * "ceiling F1" is the best any method reading only evidence could do (tests/dedup/support/ceiling.ts): cards of
 * one person sharing nothing with the others are out of its reach, and of the scan's.
 * The scan learns its model from each data set (EM); the two thresholds it has (pipeline.ts
 * LINK_PROBABILITY, AVERAGE_LINK_ODDS, FLOOR) are chosen on the TUNING rows only (six settings drawn at random
 * over the generator's parameter space, seeds 101–106, and Febrl 1–2; tests/bench/dedupTune.ts). Every other
 * row is held out, including three more random settings (201–203). Rows print worst first.
 * Speed: the store scan of the independent check (64,000 cards), the store scan at 1,000,000 customers,
 * the at-entry check on the 1,000,000 store.
 *
 *   npm run bench:dedup -- [--customers N] [--store FILE] [--skip-large] [--imported-only] [--reuse-imported] [--cards N]
 *
 * --store reuses a 1M store made by an earlier run (kept in the OS temp folder, akrab-bench/); --reuse-imported
 * reuses the imported 64,000-card stores of an earlier run there instead of importing the exports again.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runDedup, type DedupResult } from '../../electron/core/dedup/pipeline';
import { clusterCards, scanStore } from '../../electron/core/dedup/storeScan';
import { syntheticDuplicateSet, type LabelledCustomer } from '../../electron/core/dedup/syntheticDuplicates';
import { findAtEntry, rebuildDedupKeys } from '../../electron/core/dedup/atEntry';
import { nameVariant } from '../../electron/core/dedup/syntheticDuplicates';
import { importCustomersFile } from '../../electron/core/import/importCustomers';
import { SeededRandom } from '../../electron/core/demo/random';
import { newId } from '../../electron/core/ids';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { normalizePhone, reverseDigits } from '../../shared/phone';
import { searchableName } from '../../shared/text';
import { labelledRecord } from '../dedup/support/background';
import { loadFebrl, type LabelledRecord } from '../dedup/support/febrl';
import { pairwiseQuality, type PairwiseQuality } from '../dedup/support/quality';
import { evidenceCeiling } from '../dedup/support/ceiling';
import { DEDUP_GRID, INDEPENDENT_OPTIONS } from './dedupGrid';
import { percentiles, round } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    store: { type: 'string' },
    'skip-large': { type: 'boolean', default: false },
    /** Only the checks through import (for a quick look; the README's table comes from a whole run). */
    'imported-only': { type: 'boolean', default: false },
    'reuse-imported': { type: 'boolean', default: false },
    cards: { type: 'string', default: '64000' },
  },
});
const here = path.dirname(fileURLToPath(import.meta.url));
const workDir = path.join(os.tmpdir(), 'akrab-bench');
mkdirSync(workDir, { recursive: true });
const machine = () =>
  `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join('/')}`;
const results: Record<string, unknown> = { date: new Date().toISOString(), machine: machine() };
const table: Record<string, string | number>[] = [];
const cards = Number(values.cards);

function report(
  set: string,
  role: string,
  q: PairwiseQuality,
  seconds: number,
  range?: { low: number; high: number },
  /** The scan's estimate of real people (the clusters less the cards no contact reveals); else the clusters. */
  estimate = q.estimatedPeople,
  naive?: PairwiseQuality,
  ceiling?: PairwiseQuality,
) {
  const row = {
    set,
    role,
    precision: round(q.precision, 4),
    recall: round(q.recall, 4),
    f1: round(q.f1, 4),
    'est. people': estimate,
    clusters: q.estimatedPeople,
    range: range ? `${range.low}–${range.high}` : '',
    'true people': q.truePeople,
    'people error %': round(((estimate - q.truePeople) / q.truePeople) * 100, 2),
    'ceiling F1': ceiling ? round(ceiling.f1, 4) : '',
    'truth in range': range ? (q.truePeople >= range.low && q.truePeople <= range.high ? 'yes' : 'no') : '',
    'naive phone F1': naive ? round(naive.f1, 4) : '',
    'naive people %': naive ? round(naive.peopleError * 100, 2) : '',
    seconds: round(seconds, 2),
  };
  table.push(row);
  console.log(
    `${set.padEnd(40)} P=${row.precision.toFixed(4)} R=${row.recall.toFixed(4)} F1=${row.f1.toFixed(4)}  people ${estimate}/${q.truePeople} (${row['people error %']}%) ${row.range}${ceiling ? `  ceiling F1 ${row['ceiling F1']}` : ''}${naive ? `  naive F1 ${row['naive phone F1']}` : ''}  ${row.seconds}s`,
  );
}

function labelsOf(result: DedupResult): number[] {
  const label = result.records.map((_, i) => i);
  result.clusters.forEach((c, n) => c.members.forEach((m) => (label[m] = -1 - n)));
  return label;
}

/** "Same normalised phone = same person", the one-line rule the scan must beat. */
function naivePhoneRule(data: LabelledRecord[]): PairwiseQuality {
  const first = new Map<string, number>();
  const labels = data.map((d, i) => {
    const p = d.record.phones?.[0];
    if (!p) return i;
    if (!first.has(p)) first.set(p, i);
    return first.get(p)!;
  });
  return pairwiseQuality(
    data.map((d) => d.personId),
    labels,
  );
}

function inMemory(set: string, role: string, data: LabelledRecord[], withNaive = false): DedupResult {
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
    result.people,
    result.people.point,
    withNaive ? naivePhoneRule(data) : undefined,
    evidenceCeiling(
      data.map((d) => d.record),
      data.map((d) => d.personId),
    ),
  );
  return result;
}

// ---- 1. Febrl --------------------------------------------------------------------------------------------
console.log(`\nmachine: ${machine()}\n\nQuality`);
if (!values['imported-only']) {
  inMemory('febrl dataset1', 'tuning', loadFebrl('dataset1.csv'));
  inMemory('febrl dataset2', 'tuning', loadFebrl('dataset2.csv'));
  inMemory('febrl dataset3', 'held out', loadFebrl('dataset3.csv'));
  inMemory('febrl dataset4a+4b', 'held out', [...loadFebrl('dataset4a.csv', 'a:'), ...loadFebrl('dataset4b.csv', 'b:')]);

  // ---- 2. The synthetic grid -------------------------------------------------------------------------------
  for (const g of DEDUP_GRID) {
    const items = [...syntheticDuplicateSet({ cards, ...g.options })];
    const data = items.map((c, i) => ({ personId: c.personId, record: labelledRecord(c, `c${i}`) }));
    inMemory(`${g.name} (${(items.length / new Set(items.map((i) => i.personId)).size).toFixed(2)} cards/person)`, g.role, data, true);
  }
}

// ---- 3. Independent checks: exports through import, scan and export -------------------------------------
{
  const items = [...syntheticDuplicateSet({ cards, ...INDEPENDENT_OPTIONS })];
  results.legacyStore = await importedCheck('independent: legacy CSV import→scan→export', 'legacy-export.csv', Buffer.from(legacyCsv(items)), items, true);
  // The same people as another system exports them: its own headers, Windows-1252, semicolons, month names,
  // names in capitals, phones written every way, and registration times to the minute.
  const timed = [...syntheticDuplicateSet({ cards, ...INDEPENDENT_OPTIONS, timeResolution: 'minute' })];
  results.otherSystemStore = await importedCheck('independent: another system\'s export (cp1252, own headers, times)', 'other-system.csv', otherSystemCsv(timed), timed, false);
}

async function importedCheck(label: string, fileName: string, bytes: Buffer, items: LabelledCustomer[], timed: boolean) {
  const csv = path.join(workDir, fileName);
  writeFileSync(csv, bytes);
  const file = path.join(workDir, `dedup-${fileName}-${cards}.sqlite`);
  const reuse = values['reuse-imported'] && existsSync(file);
  if (!reuse) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const store = openStore(file);
  const imported = reuse ? { imported: 0, errors: [] } : await importCustomersFile(store, csv);
  if (reuse) console.log(`  reusing ${file}`);
  if (imported.errors.length) console.log(`  import: ${imported.imported} imported, ${imported.errors.length} errors, first`, imported.errors[0]);
  if (timed) scanStore(store); // warm-up: JIT and page cache, as a device that scanned before
  const started = performance.now();
  const cpu = process.cpuUsage();
  const summary = scanStore(store);
  const scanSeconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  // Truth by card number, as `akrab dedup export` gives clusters by card number.
  const personOfCard = new Map(items.map((i) => [i.draft.cardNo, i.personId]));
  const clusterOfCard = new Map<string, string>();
  for (const { clusterId, cardNo } of clusterCards(store)) clusterOfCard.set(cardNo, clusterId);
  const cardNos = store.sqlite.prepare(`SELECT card_no FROM cards`).pluck().all() as string[];
  const q = pairwiseQuality(
    cardNos.map((c) => personOfCard.get(c)!),
    cardNos.map((c) => clusterOfCard.get(c) ?? c),
  );
  const data = items.map((c, i) => ({ personId: c.personId, record: labelledRecord(c, `c${i}`) }));
  const people = new Set(items.map((i) => i.personId)).size;
  report(
    `${label} (${(items.length / people).toFixed(2)} cards/person)`,
    'held out',
    q,
    scanSeconds,
    summary.estimatedRange ?? undefined,
    summary.estimatedPeople,
    naivePhoneRule(data),
    evidenceCeiling(
      data.map((d) => d.record),
      data.map((d) => d.personId),
    ),
  );
  if (timed) console.log(`  scan of ${summary.records} imported cards: ${scanSeconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU`, summary.millis);
  closeStore(store);
  return { cards: summary.records, importErrors: imported.errors.length, scanSeconds: round(scanSeconds, 2), cpuSeconds: round(cpuSeconds, 2), summary, quality: q };
}

function legacyCsv(items: LabelledCustomer[]): string {
  const quote = (v: string | null | undefined) => (v == null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const dmy = (iso: string | null | undefined, sep: string) => (iso ? `${iso.slice(8, 10)}${sep}${iso.slice(5, 7)}${sep}${iso.slice(0, 4)}` : '');
  const lines = ['No Kartu,Nama,No HP,Tgl Lahir,Jenis Kelamin,Alamat,Kota,NIK,Email,Tgl Daftar,Outlet'];
  for (const i of items) {
    const d = i.draft;
    // The day as the outlet saw it (UTC+7).
    const day = new Date(Date.parse(i.registeredAt) + 7 * 3_600_000).toISOString();
    lines.push(
      [d.cardNo, d.fullName, d.phone, dmy(d.birthDate, '/'), d.gender === 'M' ? 'L' : d.gender === 'F' ? 'P' : '', d.address, d.city, d.nik, d.email, dmy(day, '-'), i.outletCode]
        .map(quote)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** Another system's export of the same people: see the checks above. Registration times in the outlet's WIB wall clock. */
function otherSystemCsv(items: LabelledCustomer[]): Buffer {
  const BULAN = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
  const quote = (v: string | null | undefined) => (v == null ? '' : /[";\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['No. Member;Nama Customer;HP / WA;Tanggal Lahir;Jenis Kelamin (L/P);Alamat Lengkap;Kota/Kabupaten;No. KTP;E-mail;Tanggal Registrasi;Kode Toko'];
  items.forEach((i, n) => {
    const d = i.draft;
    const local = new Date(Date.parse(i.registeredAt) + 7 * 3_600_000).toISOString();
    const registered = `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 13)}.${local.slice(14, 16)}`;
    const birth = d.birthDate ? `${Number(d.birthDate.slice(8, 10))} ${BULAN[Number(d.birthDate.slice(5, 7)) - 1]} ${d.birthDate.slice(0, 4)}` : '';
    // Phones as people write them, whatever the generator wrote: +62 812-…, 62812…, 0812 …
    const digits = d.phone.replace(/\D/g, '').replace(/^62/, '0');
    const phone = !/^0\d{9,12}$/.test(digits) ? d.phone : n % 3 === 0 ? `+62 ${digits.slice(1, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}` : n % 3 === 1 ? `62${digits.slice(1)}` : d.phone;
    const gender = d.gender === 'M' ? 'Lk' : d.gender === 'F' ? 'Pr' : '';
    lines.push([d.cardNo, d.fullName?.toUpperCase(), phone, birth, gender, d.address, d.city, d.nik, d.email, registered, i.outletCode].map(quote).join(';'));
  });
  return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
}

/** Quality of the latest store scan against the truth of the items (customer ids in item order). */
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

/** CPU seconds (user + system) of this process since a cpuUsage() reading: the machine is shared, wall time is not ours alone. */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}


table.sort((x, y) => Number(x.f1) - Number(y.f1));
results.quality = table;
console.log('');
console.table(table);

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
    report(`indonesian ${customers.toLocaleString('en')} (store scan)`, 'held out', q, seconds, summary.estimatedRange ?? undefined, summary.estimatedPeople);
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
