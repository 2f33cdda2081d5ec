/**
 * A new device joining a large chain (issue 20: 1,000,000 customers in under 5 minutes, no timeout):
 *
 *   node --import tsx tests/bench/bootstrapBench.ts --database-url postgres://…/postgres [--customers 1000000] [--purchases 1]
 *
 * A real server process on a fresh PostgreSQL database; the chain's state is written straight into the server's
 * folded rows (`row_fields`: what a server holds once its log is folded and pruned by retention), in SQL, because
 * pushing millions of changes first would take far longer than the measurement. Each customer has a card, a phone
 * and `--purchases` purchases. Then a fresh device enrols and runs the ordinary sync round with the client's default
 * timeout (30 s per request) and page sizes: the snapshot, page by page, then the pull. Prints the time, rows/s, the
 * slowest request, the store's size, and checks the device equals the server (digest). With `--stop-after S` the round
 * is given up after S seconds (snapshot pages already applied stay: the next round resumes) and the figures say how
 * far it got by the 5-minute target and by then. Writes bootstrap-results.json.
 *
 * `--keep-database NAME` seeds the database NAME once and reuses it on later runs (seeding 1M customers takes about
 * 20 minutes here); `--seed-only` stops after seeding. `AKRAB_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"`
 * profiles the server process (and `node --cpu-prof` this one, the device). `--measure-size` then gives the store's
 * size with its log, compacted and without any log, as storeSizeBench.ts does.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { closeStore, openStore } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { storeDigest } from '../../electron/core/sync/digest';
import { digestOf, enrolmentCode, serverProcess } from '../sync/support/servers';
import { dropBenchDatabase, freshBenchDatabase, keptBenchDatabase, reportResults } from './benchDatabase';
import { measureStore } from './storeSizes';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    customers: { type: 'string', default: '1000000' },
    purchases: { type: 'string', default: '1' },
    'stop-after': { type: 'string' },
    // Seeding 1M customers takes a quarter of an hour: a named database is seeded once and kept for later runs.
    'keep-database': { type: 'string' },
    'seed-only': { type: 'boolean', default: false },
    // After the timed round: the store's size with its log, compacted, and without any log (storeSizes.ts).
    'measure-size': { type: 'boolean', default: false },
  },
});
if (!values['database-url'])
  throw new Error('--database-url postgres://… is required (a PostgreSQL server to create the bench database on)');
const customers = Number(values.customers);
const purchases = Number(values.purchases);
/** Gives up the round after this many seconds (a request then fails as if the network went): progress is reported. */
const stopAfterMs = values['stop-after'] ? Number(values['stop-after']) * 1000 : Number.POSITIVE_INFINITY;
const TARGET_MS = 300_000;
const here = path.dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'akrab-boot-'));
const kept = values['keep-database'];
const databaseUrl = kept ? await keptBenchDatabase(values['database-url'], kept) : await freshBenchDatabase(values['database-url']);
const seconds = (ms: number) => +(ms / 1000).toFixed(1);

/**
 * Fills row_fields in SQL: one INSERT … SELECT per table over generate_series, in slices so no single statement
 * holds the whole table. Stamps are in the past and come from one device.
 */
async function seedChain(client: pg.Client): Promise<number> {
  const device = 'b007b007b007b007';
  const id = (prefix: string, n: string) => `'${prefix}' || lpad((${n})::text, 25, '0')`;
  const stamp = (n: string) =>
    `to_char(timestamp '2025-01-01' + ((${n}) * interval '10 ms'), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '-0000-${device}'`;
  const audit = (n: string) =>
    `'created_at', to_char(timestamp '2025-01-01' + ((${n}) * interval '10 ms'), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
     'updated_at', to_char(timestamp '2025-01-01' + ((${n}) * interval '10 ms'), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
     'created_by_device', '${device}', 'created_by_staff', null, 'updated_by_device', '${device}', 'updated_by_staff', null, 'deleted_at', null`;
  const insert = (table: string, rowId: string, fields: string, from: number, to: number, seriesStamp: string) =>
    client.query(`INSERT INTO row_fields (table_name, row_id, "column", value, hlc)
      SELECT '${table}', ${rowId}, f.key, f.value, ${seriesStamp}
      FROM generate_series(${from}, ${to}) AS i CROSS JOIN LATERAL jsonb_each(jsonb_build_object('id', ${rowId}, ${fields})) AS f(key, value)`);
  await insert(
    'outlets',
    `'OUTLET00000000000000000001'`,
    `'code', 'JKT01', 'name', 'Jakarta 1', 'kind', 'store', 'time_zone', 'Asia/Jakarta', ${audit('0')}`,
    0,
    0,
    stamp('0'),
  );
  const slice = 100_000;
  for (let from = 1; from <= customers; from += slice) {
    const to = Math.min(customers, from + slice - 1);
    await insert(
      'customers',
      id('C', 'i'),
      `'full_name', 'Pelanggan ' || i, 'name_search', 'pelanggan ' || i, 'gender', CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END,
       'birth_date', to_char(date '1970-01-01' + (i % 15000), 'YYYY-MM-DD'), 'nik', null, 'email', null,
       'address', 'Jl. Merdeka No. ' || (i % 300) || ', RT 00' || (i % 9) || '/RW 00' || (i % 7), 'city', 'Bandung', 'notes', null,
       'consent_marketing', 0, 'consent_at', null, 'consent_by', null, 'registered_outlet_id', 'OUTLET00000000000000000001',
       'merged_into', null, ${audit('i')}`,
      from,
      to,
      stamp('i'),
    );
    await insert(
      'cards',
      id('K', 'i'),
      `'customer_id', ${id('C', 'i')}, 'card_no', '88' || lpad(i::text, 10, '0'), 'status', 'active',
       'issued_at', to_char(timestamp '2025-01-01' + (i * interval '10 ms'), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'issued_outlet_id', 'OUTLET00000000000000000001', 'issued_by_staff', null, ${audit('i')}`,
      from,
      to,
      stamp('i'),
    );
    await insert(
      'phones',
      id('P', 'i'),
      `'customer_id', ${id('C', 'i')}, 'e164', '+62812' || lpad(i::text, 8, '0'), 'digits_reversed', reverse('0812' || lpad(i::text, 8, '0')), ${audit('i')}`,
      from,
      to,
      stamp('i'),
    );
    for (let p = 0; p < purchases; p++)
      await insert(
        'purchases',
        id(`U${p}`, 'i'),
        `'customer_id', ${id('C', 'i')}, 'invoice_no', 'INV-${p}-' || i, 'outlet_id', 'OUTLET00000000000000000001',
         'purchased_at', to_char(timestamp '2025-01-01' + (i * interval '10 ms'), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'amount', 250000 + (i % 40) * 50000, 'main_product', 'Kulkas', ${audit('i')}`,
        from,
        to,
        stamp('i'),
      );
    console.log(`  seeded ${to.toLocaleString('en')} customers`);
  }
  await client.query('ANALYZE row_fields');
  return Number((await client.query('SELECT count(*) AS n FROM row_fields')).rows[0].n);
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  customers,
  purchasesPerCustomer: purchases,
  backend: 'PostgreSQL 15',
  machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  loadAtStart: loadavg().map((l) => +l.toFixed(1)),
};
const server = await serverProcess({ databaseUrl });
try {
  bench: {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let t = performance.now();
    const seeded = Number((await client.query('SELECT count(*) AS n FROM (SELECT 1 FROM row_fields LIMIT 1) s')).rows[0].n) > 0;
    const fields = seeded ? Number((await client.query('SELECT count(*) AS n FROM row_fields')).rows[0].n) : await seedChain(client);
    results.seed = { rowFields: fields, seconds: seeded ? 'kept from an earlier run' : seconds(performance.now() - t) };
    results.serverDatabaseMB = Math.round(
      Number((await client.query('SELECT pg_database_size(current_database()) AS b')).rows[0].b) / 2 ** 20,
    );
    await client.end();
    console.log(`seeded ${fields.toLocaleString('en')} fields in ${seconds(performance.now() - t)} s`);
    if (values['seed-only']) break bench;

    // The ordinary client: default timeout (30 s a request) and page sizes. Each request is timed through its fetch.
    const requests: number[] = [];
    let roundStarted = 0;
    const timedFetch: typeof fetch = async (input, init) => {
      if (roundStarted && performance.now() - roundStarted > stopAfterMs) throw new TypeError('bench: stopped after --stop-after');
      const started = performance.now();
      try {
        return await fetch(input, init);
      } finally {
        requests.push(performance.now() - started);
      }
    };
    const file = path.join(work, 'newcomer.sqlite');
    const store = openStore(file);
    const engine = new SyncEngine(store, { serverUrl: server.url, fetch: timedFetch });
    await engine.enrol(await enrolmentCode(server.url, server.adminToken));
    requests.length = 0;
    let lastReport = performance.now();
    const applied = () =>
      store.sqlite
        .prepare(
          `SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM cards) + (SELECT count(*) FROM phones) + (SELECT count(*) FROM purchases)`,
        )
        .pluck()
        .get() as number;
    let atTarget: number | null = null;
    const progress = setInterval(() => {
      if (atTarget === null && performance.now() - t >= TARGET_MS) atTarget = applied();
      if (performance.now() - lastReport < 30_000) return;
      lastReport = performance.now();
      console.log(
        `  ${Math.round((performance.now() - t) / 1000)} s: ${requests.length} requests, ${applied().toLocaleString('en')} rows applied`,
      );
    }, 5_000);
    t = roundStarted = performance.now();
    const cpuBefore = process.cpuUsage();
    let round: Awaited<ReturnType<SyncEngine['syncOnce']>> | null = null;
    try {
      round = await engine.syncOnce();
    } catch (error) {
      if (performance.now() - t < stopAfterMs) throw error;
      console.log(`stopped after ${stopAfterMs / 1000} s`);
    }
    const bootMs = performance.now() - t;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(progress);
    const totalRows = customers * (3 + purchases) + 1;
    requests.sort((a, b) => a - b);
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const rowsApplied = applied();
    results.bootstrap = {
      finished: round !== null,
      seconds: seconds(bootMs),
      rowsToApply: totalRows,
      rowsApplied,
      rowsAppliedAt300s: atTarget ?? rowsApplied,
      rowsPerSecond: Math.round(rowsApplied / (bootMs / 1000)),
      projectedSeconds: round ? seconds(bootMs) : Math.round(totalRows / (rowsApplied / (bootMs / 1000))),
      requests: requests.length,
      slowestRequestMs: Math.round(requests[requests.length - 1] ?? 0),
      p95RequestMs: Math.round(requests[Math.floor(requests.length * 0.95)] ?? 0),
      storeMB: Math.round(statSync(file).size / 2 ** 20),
      // CPU the device (this process) spent: what the bootstrap costs a quiet outlet PC, whatever ran beside it here.
      deviceCpuSeconds: seconds((cpu.user + cpu.system) / 1000),
      customers: store.sqlite.prepare('SELECT count(*) FROM customers').pluck().get(),
      // Waiting for pages (server and network, less what overlapped with applying), applying them, and the rebuild of
      // what the bulk mode dropped (after the last page, or after giving up with --stop-after).
      phases: round?.bootstrapTimings
        ? Object.fromEntries(Object.entries(round.bootstrapTimings).map(([k, v]) => [k.replace(/Ms$/, 'Seconds'), seconds(v)]))
        : 'not finished (the round was given up)',
      target: 'under 300 s, no timeout',
      met: round !== null && bootMs < TARGET_MS,
    };
    if (round && customers <= 200_000) {
      const t2 = performance.now();
      const serverSide = await digestOf(server.url, server.adminToken);
      results.converged = storeDigest(store) === serverSide.digest;
      results.digestSeconds = seconds(performance.now() - t2);
    } else if (round) {
      // The digest reads every field into one process (61M at 1M customers): compare rows per table instead.
      const check = new pg.Client({ connectionString: databaseUrl });
      await check.connect();
      const onServer = (await check.query('SELECT table_name, count(*)::int AS n FROM snapshot_rows GROUP BY 1')).rows as {
        table_name: string;
        n: number;
      }[];
      await check.end();
      results.rowsPerTableEqual = onServer.every(
        ({ table_name, n }) => store.sqlite.prepare(`SELECT count(*) FROM ${table_name}`).pluck().get() === n,
      );
    }
    if (round && values['measure-size']) results.size = await measureStore(store, 'newcomer', work);
    closeStore(store);
  }
} finally {
  await server.stop();
  if (!values['seed-only']) reportResults(results, path.join(here, 'bootstrap-results.json'));
  rmSync(work, { recursive: true, force: true });
  if (!kept) await dropBenchDatabase(values['database-url'], databaseUrl);
}
