/**
 * Reports benchmark (issue 6): every report built and exported in every format on a copy of the foundation's
 * 1,000,000-customer / ~5,000,000-purchase store, each measurement in its own child process so its peak RSS is
 * its own. Targets: RFM under 5 s, every export under 30 s, memory under 1 GiB.
 *
 *   node --import tsx tests/bench/reportsBench.ts [--source FILE] [--work DIR] [--only NAME] [--out FILE]
 *
 * The source store (default /tmp/akrab-bench/store-1000000.sqlite, made by `npm run bench`) is copied, never
 * written. The copy's customers and purchases are spread over 12 outlets in all three Indonesian time zones
 * (the foundation's store has one outlet), so outlet scoping and per-zone days are exercised.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { ExportFormat, ReportFiltersInput, ReportName } from '../../shared/reports';
import { round } from './stats';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    source: { type: 'string', default: '/tmp/akrab-bench/store-1000000.sqlite' },
    work: { type: 'string', default: path.join(os.tmpdir(), 'akrab-reports-bench') },
    only: { type: 'string' },
    out: { type: 'string' },
    child: { type: 'string' },
  },
});

/** The period ends on the synthetic data's last day; every report at its default length, RFM also over all history. */
const TO = '2026-10-31';
const cases: { label: string; report: ReportName; filters: ReportFiltersInput }[] = [
  { label: 'registrations', report: 'registrations', filters: { to: TO } },
  { label: 'rfm', report: 'rfm', filters: { to: TO } },
  { label: 'rfm (all history)', report: 'rfm', filters: { from: '2023-01-01', to: TO } },
  { label: 'neglected', report: 'neglected', filters: { to: TO, days: 90 } },
  { label: 'cleanup', report: 'cleanup', filters: { to: TO } },
  { label: 'top-customers', report: 'top-customers', filters: { to: TO } },
  { label: 'top-customers (one outlet, 1 year)', report: 'top-customers', filters: { from: '2025-11-01', to: TO, outlets: ['JKT01'] } },
];
const steps = ['run', 'csv', 'xlsx', 'pdf'] as const;
type Step = (typeof steps)[number];

interface Measurement {
  seconds: number;
  rows: number;
  /** Peak resident set as the OS counts it: includes the store's pages SQLite maps into memory (mmap_size). */
  peakRssMiB: number;
  /** Peak anonymous memory (heap, SQLite's cache, buffers): what the process itself allocates. */
  peakAnonMiB: number;
  bytes?: number;
}

async function child(spec: string): Promise<void> {
  const { storeFile, caseIndex, step } = JSON.parse(spec) as { storeFile: string; caseIndex: number; step: Step };
  const { openStore, closeStore } = await import('../../electron/core/store/store');
  const { runReport } = await import('../../electron/core/reports/registry');
  const { reportView } = await import('../../electron/core/reports/view');
  const { exportReport } = await import('../../electron/core/reports/exportReport');
  const c = cases[caseIndex]!;
  // A worker samples the process's anonymous memory every 20 ms while the main thread works synchronously.
  const { Worker } = await import('node:worker_threads');
  const peak = new Int32Array(new SharedArrayBuffer(4));
  const sampler = new Worker(
    `const { readFileSync } = require('node:fs'); const { workerData } = require('node:worker_threads');
     setInterval(() => { const m = /RssAnon:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8')); if (m) Atomics.store(workerData, 0, Math.max(Atomics.load(workerData, 0), Number(m[1]))); }, 20);`,
    { eval: true, workerData: peak },
  );
  const store = openStore(storeFile, { staff: 'bench' });
  const started = performance.now();
  let rows: number;
  let bytes: number | undefined;
  if (step === 'run') {
    // What `reports.run` does for a screen: build, then the first 200 rows of each section.
    const view = reportView(runReport(store, c.report, c.filters));
    rows = view.sections.reduce((s, x) => s + x.total, 0);
  } else {
    const file = path.join(path.dirname(storeFile), `out-${caseIndex}.${step}`);
    rows = (await exportReport(store, c.report, c.filters, { format: step as ExportFormat, file })).rows;
    bytes = statSync(file).size;
    rmSync(file);
  }
  const seconds = (performance.now() - started) / 1000;
  closeStore(store);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await sampler.terminate();
  const m: Measurement = {
    seconds: round(seconds, 2),
    rows,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    peakAnonMiB: Math.round(Atomics.load(peak, 0) / 1024),
    ...(bytes !== undefined && { bytes }),
  };
  process.stdout.write(JSON.stringify(m));
}

/** Spreads the copy over 12 outlets in WIB, WITA and WIT, by the last character of each id. */
async function prepare(storeFile: string): Promise<void> {
  const { openStore, closeStore } = await import('../../electron/core/store/store');
  const store = openStore(storeFile, { staff: 'bench' });
  const s = store.sqlite;
  if (s.prepare(`SELECT 1 FROM outlets WHERE code = 'JKT01'`).get()) return closeStore(store);
  const zones = [
    'Asia/Jakarta',
    'Asia/Jakarta',
    'Asia/Jakarta',
    'Asia/Jakarta',
    'Asia/Jakarta',
    'Asia/Jakarta',
    'Asia/Makassar',
    'Asia/Makassar',
    'Asia/Makassar',
    'Asia/Jayapura',
    'Asia/Jayapura',
    'Asia/Jakarta',
  ];
  const codes = ['JKT01', 'JKT02', 'BDG01', 'SBY01', 'MDN01', 'SMG01', 'MKS01', 'DPS01', 'BPN01', 'JYP01', 'SRG01', 'BOOTH1'];
  const t = performance.now();
  s.transaction(() => {
    const now = new Date().toISOString();
    const insert = s.prepare(
      `INSERT INTO outlets (id, code, name, kind, time_zone, created_at, updated_at, created_by_device, updated_by_device) VALUES (?, ?, ?, ?, ?, ?, ?, 'bench', 'bench')`,
    );
    codes.forEach((code, i) =>
      insert.run(`outlet-${i}`, code, `Outlet ${code}`, code.startsWith('BOOTH') ? 'booth' : 'store', zones[i], now, now),
    );
    // ULIDs end in 26 random base32 characters; unicode(last) % 12 spreads them evenly enough.
    s.exec(
      `UPDATE customers SET registered_outlet_id = 'outlet-' || (unicode(substr(id, -1)) % 12), created_by_staff = 'staf-' || (unicode(substr(id, -2, 1)) % 40)`,
    );
    s.exec(
      `UPDATE cards SET issued_outlet_id = (SELECT registered_outlet_id FROM customers c WHERE c.id = cards.customer_id), issued_by_staff = (SELECT created_by_staff FROM customers c WHERE c.id = cards.customer_id)`,
    );
    s.exec(`UPDATE purchases SET outlet_id = 'outlet-' || (unicode(substr(id, -1)) % 12)`);
  })();
  s.pragma('wal_checkpoint(TRUNCATE)');
  s.exec('ANALYZE');
  console.log(`  spread over ${codes.length} outlets in ${round((performance.now() - t) / 1000, 1)} s`);
  closeStore(store);
}

async function main(): Promise<void> {
  if (values.child) return child(values.child);
  const source = values.source;
  if (!existsSync(source)) throw new Error(`${source} is missing: run \`npm run bench\` first (it writes the 1,000,000-customer store)`);
  if (existsSync(`${source}-wal`) && statSync(`${source}-wal`).size > 0)
    throw new Error(`${source} still has a write-ahead log: wait until the foundation bench has closed it`);
  mkdirSync(values.work, { recursive: true });
  const storeFile = path.join(values.work, 'store.sqlite');
  if (!existsSync(storeFile)) {
    console.log(`copying ${source} (${round(statSync(source).size / 2 ** 30, 2)} GiB)…`);
    copyFileSync(source, storeFile);
  }
  await prepare(storeFile);
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(storeFile, { readonly: true });
  const counts = db
    .prepare(`SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM purchases), (SELECT count(*) FROM outlets)`)
    .raw()
    .get() as number[];
  db.close();
  console.log(`store: ${counts[0]!.toLocaleString('en')} customers, ${counts[1]!.toLocaleString('en')} purchases, ${counts[2]} outlets`);

  const results: Record<string, Partial<Record<Step, Measurement>>> = {};
  for (const [caseIndex, c] of cases.entries()) {
    if (values.only && !c.label.startsWith(values.only)) continue;
    results[c.label] = {};
    for (const step of steps) {
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify({ storeFile, caseIndex, step })],
        {
          cwd: path.resolve(here, '../..'),
          encoding: 'utf8',
          maxBuffer: 1 << 20,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const m = JSON.parse(out) as Measurement;
      results[c.label]![step] = m;
      console.log(
        `  ${c.label.padEnd(36)} ${step.padEnd(5)} ${m.seconds.toFixed(2).padStart(7)} s  ${m.rows.toLocaleString('en').padStart(10)} rows  peak RSS ${String(m.peakRssMiB).padStart(5)} MiB (anon ${String(m.peakAnonMiB).padStart(4)})${m.bytes ? `  ${round(m.bytes / 2 ** 20, 1)} MiB file` : ''}`,
      );
    }
  }
  const all = Object.values(results).flatMap((r) => Object.entries(r));
  const rfm = Object.entries(results)
    .filter(([k]) => k.startsWith('rfm'))
    .map(([, r]) => r.run!.seconds);
  const checks = {
    rfmUnder5s: rfm.every((s) => s < 5),
    exportsUnder30s: all.filter(([step]) => step !== 'run').every(([, m]) => m.seconds < 30),
    // Mapped store pages are the file itself (shared, dropped under pressure); the budget is what the process allocates.
    memoryUnder1GiB: all.every(([, m]) => m.peakAnonMiB < 1024),
  };
  const summary = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    customers: counts[0],
    purchases: counts[1],
    results,
    checks,
  };
  console.log(JSON.stringify(checks));
  if (values.out) writeFileSync(values.out, JSON.stringify(summary, null, 2) + '\n');
  if (!Object.values(checks).every(Boolean)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
