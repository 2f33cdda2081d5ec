/**
 * Loyalty's figures (issue 17, "what it must show"): on a synthetic store with N customers and E ledger events,
 *  - lookup by card alone vs lookup + balance + tier (the counter's view): p50/p95/p99 and the p99 difference;
 *  - a 1,000-event statement: p95;
 *  - a month's expiry pass; the tier recompute for every customer; the legacy import of 65,000 rows with a
 *    programme in force (points earned where the rows carry purchases).
 *
 *   npx tsx tests/bench/loyaltyBench.ts [--customers 1000000] [--events 20000000] [--probes 2000]
 *     [--snapshot FILE | --store FILE] [--only tiers,lookup,statement,expiry,import] [--out FILE] [--digest] [--now ISO] [--build-only]
 *
 * --snapshot: the built store (customers, ledger, cache) is copied to FILE after building, or, if FILE exists,
 * copied from it instead of building (the build takes minutes; a before/after pair runs on the same store).
 * --build-only (with --snapshot): build and move the store to FILE, measure nothing (saves a copy of a 17 GB store).
 * --store FILE: measure on the built store FILE itself, which the passes change (when the disk has no room for a
 * copy of a 17 GB store beside it and the passes' WAL).
 * --digest: at the end, a sha256 of the ledger's and the balance cache's contents (without the write times and
 * the change log's stamps, and the purchase and outlet ids, drawn at random by each import: outlets by their
 * code), and of the purchases, their change-log entries and the customers' totals (purchases without their ids),
 * so two versions of a pass run on the same snapshot can be shown to write the same.
 *
 * The ledger is written with raw INSERTs (the bench measures reads and passes, not 20M counter writes); the
 * customers through the core's registration path. Prints JSON; writes tests/bench/loyalty-results-<customers>.json.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { lookupCustomer } from '../../electron/core/customers/lookup';
import { seedCustomers } from '../../electron/core/demo/seedStore';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { importCustomersFile } from '../../electron/core/import/importCustomers';
import { customerTier, expirePoints, pointsBalance, pointsStatement, rebuildBalances, recomputeTiers } from '../../electron/core/loyalty';
import { ledgerEventId } from '../../electron/core/loyalty/eventIds';
import { expiryDay } from '../../electron/core/loyalty/rules';
import { lastCheckpointDone } from '../../electron/core/store/checkpointOffThread';
import { newId } from '../../electron/core/ids';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore } from '../../electron/core/store/store';
import { DEMO_TIERS } from '../../electron/core/demo/demoLoyalty';
import { legacyCsv } from '../support/legacyCsv';
import { percentiles, round, time, timeWithCpu } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    events: { type: 'string', default: '20000000' },
    probes: { type: 'string', default: '2000' },
    snapshot: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
    digest: { type: 'boolean', default: false },
    now: { type: 'string' },
    'build-only': { type: 'boolean', default: false },
    store: { type: 'string' },
  },
});
const customers = Number(values.customers);
const events = Number(values.events);
const probes = Number(values.probes);
const only = values.only ? new Set(values.only.split(',')) : null;
const runs = (part: string) => !only || only.has(part);
const here = path.dirname(fileURLToPath(import.meta.url));
const workDir = path.join(os.tmpdir(), 'akrab-loyalty-bench');
mkdirSync(workDir, { recursive: true });
const inPlace = values.store !== undefined;
if (inPlace && (values.snapshot !== undefined || !existsSync(values.store!))) throw new Error('--store FILE needs an existing FILE and no --snapshot');
const storePath = values.store ?? path.join(workDir, `loyalty-${customers}-${events}-${process.pid}.sqlite`);
if (!inPlace) for (const suffix of ['', '-wal', '-shm']) rmSync(storePath + suffix, { force: true });
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  customers,
  events,
  probes,
  machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
};
const DAY = 86_400_000;
/** A part's figures as soon as it ends, with the load average then (a long run stopped midway keeps what it measured). */
const partDone = (key: string) => {
  results[key] = { ...(results[key] as object), loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)) };
  console.log(`${new Date().toISOString()} ${key} ${JSON.stringify(results[key])}`);
};
/** This process's CPU time (user + system) since `start`: on a shared machine the wall time includes waiting for a core. */
const cpuSecondsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return round((used.user + used.system) / 1e6, 2);
};
// --now fixes the clock the synthetic data is drawn from, so two builds can be compared (compareStores.ts).
const now = values.now ? new Date(values.now) : new Date();
const today = now.toISOString().slice(0, 10);
const programmeFrom = new Date(now.getTime() - 400 * DAY).toISOString().slice(0, 10);

const fromSnapshot = values.snapshot !== undefined && existsSync(values.snapshot);
if (values['build-only'] && (values.snapshot === undefined || fromSnapshot)) throw new Error('--build-only needs --snapshot FILE for a FILE that does not exist yet');
if (fromSnapshot) {
  copyFileSync(values.snapshot!, storePath);
  // The copy leaves gigabytes of dirty pages for the kernel to write back: measured beside that writeback, the
  // lookups' p99 was the disk's (max 0.5 s for a 0.2 ms read). Flushed first, the runs measure the store.
  execFileSync('sync');
}
const store = openStore(storePath);
let t0 = performance.now();
if (fromSnapshot) results.snapshot = values.snapshot;
else if (inPlace) results.store = storePath;
else build();
if (values['build-only']) {
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  closeStore(store);
  renameSync(storePath, values.snapshot!);
  for (const suffix of ['-wal', '-shm']) rmSync(storePath + suffix, { force: true });
  console.log(JSON.stringify({ ...results, loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)) }, null, 2));
  process.exit(0);
}
const heavy = store.sqlite.prepare('SELECT id FROM customers ORDER BY rowid LIMIT 1').pluck().get() as string;

/**
 * The build is setup, not a measurement, so its connection is set for bulk writing and set back before anything
 * is measured: a page cache large enough to hold the ledger's id index whole (20M random `pl_` keys, ~2 GB at
 * 1M / 20M: with the default 64 MiB each insert read and dirtied a random page of it) and no fsync. The ledger
 * goes in 2M-event transactions instead of 100k ones: each commit writes every page of that index it dirtied
 * (nearly all of them) to the WAL and then the checkpoint writes them again, so fewer commits write far less. What
 * is written, and in which order, is unchanged (compareStores.ts: the same store as before this change).
 */
function build(): void {
  const BUILD_CACHE_KIB = 6_000_000;
  const cacheBefore = store.sqlite.pragma('cache_size', { simple: true }) as number;
  const synchronousBefore = store.sqlite.pragma('synchronous', { simple: true }) as number;
  store.sqlite.pragma(`cache_size = -${BUILD_CACHE_KIB}`);
  store.sqlite.pragma('synchronous = OFF');
  try {
    buildStore(2_000_000);
  } finally {
    store.sqlite.pragma(`cache_size = ${cacheBefore}`);
    store.sqlite.pragma(`synchronous = ${synchronousBefore}`);
  }
}

function buildStore(ledgerBatch: number): void {
  useOutlet(store, ensureOutlet(store, 'BENCH'));
  t0 = performance.now();
  const progress = (what: string, done: number) => console.log(`  ${done.toLocaleString('en')} ${what}… ${round((performance.now() - t0) / 1000, 1)} s`);
  seedCustomers(store, syntheticCustomers(customers, { seed: 11, purchasesPerCustomer: 3, until: now }), {
    batchSize: 5000,
    onProgress: (done) => done % 100_000 === 0 && progress('customers', done),
  });
  results.buildCustomersSeconds = round((performance.now() - t0) / 1000, 1);

  // The programme and tiers from 400 days back (a bench store, not a manager's backdating), then the ledger.
  const audit = [now.toISOString(), now.toISOString(), store.deviceId, null, store.deviceId, null, null];
  store.sqlite
    .prepare(
      `INSERT INTO loyalty_rules (id, kind, valid_from, valid_to, rupiah_per_point, min_purchase, rounding, point_value, validity_months, offline_redeem_limit, earn_and_redeem_same_sale,
         created_at, updated_at, created_by_device, created_by_staff, updated_by_device, updated_by_staff, deleted_at) VALUES (?, 'base', ?, NULL, 10000, 0, 'floor', 100, 12, 200, 0, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(newId(), programmeFrom, ...audit);
  store.sqlite
    .prepare(
      `INSERT INTO loyalty_tiers (id, valid_from, valid_to, grace_days, levels, created_at, updated_at, created_by_device, created_by_staff, updated_by_device, updated_by_staff, deleted_at)
         VALUES (?, ?, NULL, 30, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(newId(), programmeFrom, JSON.stringify(DEMO_TIERS), ...audit);
  const ids = store.sqlite.prepare('SELECT id FROM customers ORDER BY rowid').pluck().all() as string[];
  const heavy = ids[0]!;
  t0 = performance.now();
  const insert = store.sqlite.prepare(
    `INSERT INTO points_ledger (id, source, kind, customer_id, points, occurred_at, expires_on, outlet_id, provisional, created_at, updated_at, created_by_device, updated_by_device)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 0, ?, ?, ?, ?)`,
  );
  let rnd = 7;
  const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const spacing = Math.floor(events / 1000);
  let heavyWritten = 0;
  let othersWritten = 0;
  const writeBatch = store.sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      // 1,000 events for the first customer (the statement probe), scattered through the whole ledger as a year of
      // visits would be; the others' events are written customer after customer (the rebuild below reads the ledger
      // in customer order; the measured reads use the caches and the heavy customer's scattered rows).
      const toHeavy = i % spacing === 0 && heavyWritten < 1000;
      const customerId = toHeavy ? heavy : ids[1 + Math.floor((othersWritten * (ids.length - 1)) / (events - 1000))]!;
      if (toHeavy) heavyWritten++;
      else othersWritten++;
      const at = new Date(now.getTime() - Math.floor(random() * 395) * DAY - 3_600_000);
      const day = at.toISOString().slice(0, 10);
      const earn = random() < 0.75;
      const source = `bench:${i}`;
      const points = earn ? 5 + Math.floor(random() * 50) : -(1 + Math.floor(random() * 5));
      insert.run(ledgerEventId(source), source, earn ? 'earn' : 'redeem', customerId, points, at.toISOString(), earn ? expiryDay(day, 12) : null, at.toISOString(), at.toISOString(), store.deviceId, store.deviceId);
    }
  });
  for (let from = 0; from < events; from += ledgerBatch) {
    writeBatch(from, Math.min(events, from + ledgerBatch));
    progress('events', Math.min(events, from + ledgerBatch));
  }
  results.buildLedgerSeconds = round((performance.now() - t0) / 1000, 1);
  t0 = performance.now();
  rebuildBalances(store);
  results.rebuildBalancesSeconds = round((performance.now() - t0) / 1000, 1);
  if (values.snapshot && !values['build-only']) {
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(storePath, values.snapshot);
  }
}

// Tier recompute for every customer.
if (runs('tiers')) {
  t0 = performance.now();
  const cpu = process.cpuUsage();
  const tierReport = recomputeTiers(store);
  results.tierRecompute = { seconds: round((performance.now() - t0) / 1000, 2), cpuSeconds: cpuSecondsSince(cpu), customers: tierReport.customers, byTier: tierReport.byTier };
  partDone('tierRecompute');
}

// Lookup alone vs lookup with balance and tier.
if (runs('lookup')) {
  const cards = store.sqlite.prepare('SELECT card_no FROM cards ORDER BY random() LIMIT ?').pluck().all(probes) as string[];
  const alone: number[] = [];
  const withLoyalty: number[] = [];
  const aloneCpu: number[] = [];
  const withLoyaltyCpu: number[] = [];
  // The balance and tier reads on their own, timed inside the "with" probe.
  const loyaltyOnly: number[] = [];
  const cpuBefore = process.cpuUsage();
  const lookupAlone = (card: string) => {
    const t = timeWithCpu(() => lookupCustomer(store, card));
    alone.push(t.wall);
    aloneCpu.push(t.cpu);
  };
  const lookupWithLoyalty = (card: string) => {
    const t = timeWithCpu(() => {
      const found = lookupCustomer(store, card)!;
      loyaltyOnly.push(
        time(() => {
          pointsBalance(store, found.customer.id);
          customerTier(store, found.customer.id);
        }),
      );
    });
    withLoyalty.push(t.wall);
    withLoyaltyCpu.push(t.cpu);
  };
  // Interleaved card by card, which of the two goes first alternating (the first one reads the card's pages
  // cold), so both see the same machine load and the same cache.
  cards.forEach((card, i) => {
    if (i % 2 === 0) {
      lookupAlone(card);
      lookupWithLoyalty(card);
    } else {
      lookupWithLoyalty(card);
      lookupAlone(card);
    }
  });
  const lookupCpu = process.cpuUsage(cpuBefore);
  const a = percentiles(alone);
  const b = percentiles(withLoyalty);
  const ac = percentiles(aloneCpu);
  const bc = percentiles(withLoyaltyCpu);
  results.lookupMs = {
    alone: a,
    withBalanceAndTier: b,
    p99DifferenceMs: round(b.p99 - a.p99),
    meanDifferenceMs: round((withLoyalty.reduce((x, y) => x + y, 0) - alone.reduce((x, y) => x + y, 0)) / cards.length),
    balanceAndTierAlone: percentiles(loyaltyOnly),
    // Per-probe CPU time (getrusage, microsecond resolution): what the probe cost, without the waits for a core.
    cpu: { alone: ac, withBalanceAndTier: bc, p99DifferenceMs: round(bc.p99 - ac.p99) },
    cpuMsPerProbePair: round((lookupCpu.user + lookupCpu.system) / 1000 / cards.length),
    target: 'p99 difference <= 0.5 ms',
  };
  partDone('lookupMs');
}

// A 1,000-event statement.
if (runs('statement')) {
  // Wall time, and this process's CPU time (user + system) for the same calls: on a machine shared with other
  // jobs the wall time mostly measures the wait for a core.
  const statement: number[] = [];
  const statementCpu: number[] = [];
  for (let i = 0; i < 200; i++) {
    const cpu = process.cpuUsage();
    statement.push(time(() => pointsStatement(store, heavy, { limit: 1000 })));
    const used = process.cpuUsage(cpu);
    statementCpu.push((used.user + used.system) / 1000);
  }
  results.statement1000Ms = { ...percentiles(statement), cpu: percentiles(statementCpu), target: 'p95 < 10 ms' };
  partDone('statement1000Ms');
}

// A month's expiry pass: everything whose last day fell in the past month (the lots' first expiry since they were written).
if (runs('expiry')) {
  t0 = performance.now();
  const cpu = process.cpuUsage();
  const expired = expirePoints(store, today);
  const seconds = round((performance.now() - t0) / 1000, 2);
  const cpuSeconds = cpuSecondsSince(cpu);
  // The pass answers once its commit is in the log; the copy into the file goes on in a thread of its own.
  await lastCheckpointDone();
  const untilCopiedSeconds = round((performance.now() - t0) / 1000, 2);
  results.expiryPass = { seconds, cpuSeconds, untilCopiedSeconds, ...expired, target: '< 30 s' };
  partDone('expiryPass');
}

// Legacy import of 65,000 rows with the programme in force.
if (runs('import')) {
  const csv = path.join(workDir, `legacy-65000-${process.pid}.csv`);
  writeFileSync(csv, legacyCsv(65_000, 5, { amounts: true }));
  const eventsBefore = store.sqlite.prepare('SELECT count(*) FROM points_ledger').pluck().get() as number;
  t0 = performance.now();
  const cpu = process.cpuUsage();
  const report = await importCustomersFile(store, csv);
  results.legacyImport = {
    seconds: round((performance.now() - t0) / 1000, 2),
    cpuSeconds: cpuSecondsSince(cpu),
    imported: report.imported,
    purchasesAdded: report.purchasesAdded,
    pointsEvents: (store.sqlite.prepare('SELECT count(*) FROM points_ledger').pluck().get() as number) - eventsBefore,
    target: '< 10 s',
  };
  partDone('legacyImport');
  rmSync(csv, { force: true });
}

if (values.digest) {
  const digestOf = (sql: string) => {
    const hash = createHash('sha256');
    let rows = 0;
    for (const row of store.sqlite.prepare(sql).raw().iterate()) {
      hash.update(JSON.stringify(row));
      rows++;
    }
    return { rows, sha256: hash.digest('hex') };
  };
  results.digest = {
    ledger: digestOf(
      `SELECT id, source, kind, customer_id, points, occurred_at, expires_on, (SELECT code FROM outlets o WHERE o.id = outlet_id), staff_id, approved_by, reason, rule_id, invoice_no,
         amount, related_id, provisional, deleted_at FROM points_ledger ORDER BY id`,
    ),
    balances: digestOf('SELECT customer_id, balance, events, flagged, deficit, open_lots, next_expiry, over_expired FROM points_balances ORDER BY customer_id'),
    ledgerChanges: digestOf(
      `SELECT row_id, op, json_remove(data, '$.created_at', '$.updated_at', '$.purchase_id', '$.outlet_id') FROM changes WHERE table_name = 'points_ledger' ORDER BY row_id, hlc`,
    ),
    // What the import writes besides points: the purchases, their change-log entries, the customers' totals.
    purchases: digestOf(
      `SELECT customer_id, invoice_no, (SELECT code FROM outlets o WHERE o.id = outlet_id), purchased_at, amount, main_product, created_at, updated_at, created_by_device, created_by_staff,
         deleted_at FROM purchases ORDER BY customer_id, invoice_no, purchased_at, amount`,
    ),
    purchaseChanges: digestOf(
      `SELECT op, json_remove(data, '$.id', '$.outlet_id'), (SELECT code FROM outlets o WHERE o.id = json_extract(data, '$.outlet_id')) FROM changes WHERE table_name = 'purchases'
        ORDER BY json_extract(data, '$.customer_id'), json_extract(data, '$.invoice_no'), json_extract(data, '$.purchased_at'), hlc`,
    ),
    customerTotals: digestOf('SELECT * FROM customer_totals ORDER BY customer_id'),
  };
}

results.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
closeStore(store);
if (!inPlace) for (const suffix of ['', '-wal', '-shm']) rmSync(storePath + suffix, { force: true });
console.log(JSON.stringify(results, null, 2));
writeFileSync(values.out ?? path.join(here, `loyalty-results-${customers}.json`), JSON.stringify(results, null, 2) + '\n');
