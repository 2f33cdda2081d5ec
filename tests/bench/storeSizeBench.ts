/**
 * Device store size against its data (issue 20): `node --import tsx tests/bench/storeSizeBench.ts [--customers 65000] [--database-url URL]`.
 *
 * A device imports a legacy export (one purchase per customer) through `akrab import`'s code, syncs it to a real
 * server process, and a second device bootstraps from the server's snapshot. For each store: the file size after the
 * sync with the change log as it was before compaction, after compaction (run to the end, as successive background
 * rounds do) with its free pages given back, and the same rows without any change log (a copy with the log tables
 * emptied and VACUUMed). Prints the figures and the largest objects (dbstat) and writes storeSize-results.json.
 * `--import-only` measures the importer before any sync (storeSize-import-results.json): at 1M customers the push
 * of its ~4M changes would take hours here, and a sync leaves the log as it found it until compaction.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importCustomersFile } from '../../electron/core/import/importCustomers';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { storeDigest } from '../../electron/core/sync/digest';
import { legacyCsv } from '../support/legacyCsv';
import { digestOf, enrolmentCode, serverProcess } from '../sync/support/servers';
import { freshBenchDatabase, reportResults } from './benchDatabase';
import { measureStore } from './storeSizes';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '65000' },
    'database-url': { type: 'string' },
    // The importer's store before any sync only (the log as the sync finds it), at sizes whose push would take hours.
    'import-only': { type: 'boolean', default: false },
  },
});
const customers = Number(values.customers);
const here = path.dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'akrab-size-'));

const server = await serverProcess(values['database-url'] ? { databaseUrl: await freshBenchDatabase(values['database-url']) } : { dataDir: path.join(work, 'server') });
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  customers,
  backend: values['database-url'] ? 'postgres' : 'pglite (embedded)',
  machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  loadAtStart: loadavg().map((l) => +l.toFixed(1)),
};
const engineOptions = { serverUrl: server.url, timeoutMs: 300_000, pushBatch: 2000, pullLimit: 5000, snapshotLimit: 2000, compactionBudgetMs: 0 };
/** The importer pushes everything, a second device bootstraps; both stores are measured and must equal the server. */
async function syncAndBootstrap(importer: Store, importerSync: SyncEngine, imported: number): Promise<void> {
  let t = performance.now();
  const pushed = await importerSync.syncOnce();
  results.import = { imported, pushed: pushed.pushed, syncSeconds: +((performance.now() - t) / 1000).toFixed(1) };
  console.log(`imported ${imported}, pushed ${pushed.pushed}`);
  results.importer = await measureStore(importer, 'importer', work);

  const newcomer = openStore(path.join(work, 'newcomer.sqlite'));
  const newcomerSync = new SyncEngine(newcomer, engineOptions);
  await newcomerSync.enrol(await enrolmentCode(server.url, server.adminToken));
  t = performance.now();
  const boot = await newcomerSync.syncOnce();
  results.bootstrap = { snapshotRows: boot.snapshotRows, pulled: boot.pulled, seconds: +((performance.now() - t) / 1000).toFixed(1) };
  results.newcomer = await measureStore(newcomer, 'newcomer', work);

  const digest = (await digestOf(server.url, server.adminToken)).digest;
  if (storeDigest(importer) !== digest || storeDigest(newcomer) !== digest) throw new Error('a store differs from the server after compaction');
  results.converged = true;
  closeStore(importer);
  closeStore(newcomer);
}

try {
  const csv = path.join(work, `legacy-${customers}.csv`);
  if (!existsSync(csv)) writeFileSync(csv, legacyCsv(customers, 5));

  const importer = openStore(path.join(work, 'importer.sqlite'));
  const importerSync = new SyncEngine(importer, engineOptions);
  await importerSync.enrol(await enrolmentCode(server.url, server.adminToken));
  const t = performance.now();
  const report = await importCustomersFile(importer, csv);
  if (values['import-only']) {
    results.import = { imported: report.imported, seconds: +((performance.now() - t) / 1000).toFixed(1) };
    results.importerBeforeSync = await measureStore(importer, 'importer', work);
    closeStore(importer);
  } else await syncAndBootstrap(importer, importerSync, report.imported);
} finally {
  await server.stop();
  reportResults(results, path.join(here, values['import-only'] ? 'storeSize-import-results.json' : 'storeSize-results.json'));
  rmSync(work, { recursive: true, force: true });
}
