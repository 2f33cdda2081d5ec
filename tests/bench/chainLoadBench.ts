/**
 * A chain's day under load (issue 20): `node --import tsx tests/bench/chainLoadBench.ts --database-url postgres://…/postgres
 *   [--outlets 100] [--servers 2] [--rounds 8] [--registrations 20] [--purchases 40] [--contacts 20] [--edits 10] [--conflicts 3]`
 *
 * `--servers` server processes (stateless, `akrab server --database-url`) on one fresh PostgreSQL database, on
 * loopback. `--outlets` simulated outlet devices (each its own SQLite store and sync engine, all in this process,
 * outlet i talking to server i mod servers) do a day's work spread over `--rounds` rounds: registrations (customer,
 * card, phone), purchases (with their points), logged contacts, profile edits of their own customers, and a few
 * conflicting edits of the same field of a customer another outlet registered. After each round's work every
 * outlet syncs, each at a random moment within `--spread` seconds (default 10); a round that fails (a timeout) is
 * counted and left to the next round, as background sync does. Then every outlet syncs until nothing moves and each must equal the server's digest.
 *
 * Prints push and pull request latency p50/p95 (request sent → whole answer read, measured in this process, so a
 * busy client loop adds to it), changes pushed per second of sync time, the server processes' CPU seconds, the
 * database's size and bytes per change; writes chainLoad-results.json.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { addPurchase, updateCustomer } from '../../electron/core/customers/editCustomer';
import { logInteraction } from '../../electron/core/care/interactions/interactions';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { SyncError } from '../../electron/core/sync/syncClient';
import { storeDigest } from '../../electron/core/sync/digest';
import { SeededRandom } from '../../electron/core/demo/random';
import { syntheticCustomers, type SyntheticCustomer } from '../../electron/core/demo/syntheticCustomers';
import { digestOf, enrolmentCode, serverProcess, type ServerProcess } from '../sync/support/servers';
import { dropBenchDatabase, freshBenchDatabase, reportResults } from './benchDatabase';
import { percentiles } from './stats';
import { readTimingLog } from '../../server/requestTiming';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    outlets: { type: 'string', default: '100' },
    servers: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '8' },
    registrations: { type: 'string', default: '20' },
    purchases: { type: 'string', default: '40' },
    contacts: { type: 'string', default: '20' },
    edits: { type: 'string', default: '10' },
    conflicts: { type: 'string', default: '3' },
    spread: { type: 'string', default: '10' },
  },
});
if (!values['database-url']) throw new Error('--database-url postgres://… is required (a PostgreSQL server to create the bench database on)');
const n = (name: keyof typeof values) => Number(values[name]);
const outletCount = n('outlets');
const rounds = n('rounds');
const here = path.dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'akrab-chain-'));
const databaseUrl = await freshBenchDatabase(values['database-url']);
/** Each server process's request timing log: the server's own time per request, free of this busy client's. */
const timingLog = (i: number) => path.join(work, `timing-${i}.log`);

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const latencies: Record<'push' | 'pull' | 'snapshot', number[]> = { push: [], pull: [], snapshot: [] };
/** Times each sync request until its whole answer is read. */
const timedFetch: typeof fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  const kind = url.includes('/sync/push') ? 'push' : url.includes('/sync/pull') ? 'pull' : url.includes('/sync/snapshot') ? 'snapshot' : null;
  const started = performance.now();
  const response = await fetch(input, init);
  const body = await response.arrayBuffer();
  if (kind) latencies[kind].push(performance.now() - started);
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
};

interface Outlet {
  code: string;
  store: Store;
  engine: SyncEngine;
  random: SeededRandom;
  own: string[];
  people: Iterator<SyntheticCustomer>;
}

const servers: ServerProcess[] = [];
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  outlets: outletCount,
  servers: n('servers'),
  rounds,
  perOutletDay: { registrations: n('registrations'), purchases: n('purchases'), contacts: n('contacts'), edits: n('edits'), conflicts: n('conflicts') },
  backend: 'PostgreSQL 15 on loopback',
  machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  loadAtStart: loadavg().map((l) => +l.toFixed(1)),
};
const outlets: Outlet[] = [];
try {
  for (let i = 0; i < n('servers'); i++) servers.push(await serverProcess({ databaseUrl, timingLog: timingLog(i) }));
  const cpuAtStart = servers.map((s) => cpuSeconds(s.child.pid!));
  const sizeOf = async () => {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const bytes = Number((await admin.query('SELECT pg_database_size(current_database()) AS b')).rows[0].b);
    await admin.end();
    return bytes;
  };
  const emptyBytes = await sizeOf();
  for (let i = 0; i < outletCount; i++) {
    const code = `OUT${String(i + 1).padStart(3, '0')}`;
    const server = servers[i % servers.length]!;
    const store = openStore(path.join(work, `${code}.sqlite`));
    useOutlet(store, ensureOutlet(store, code));
    const engine = new SyncEngine(store, { serverUrl: server.url, fetch: timedFetch, timeoutMs: 30_000 });
    await engine.enrol(await enrolmentCode(server.url, server.adminToken, code));
    outlets.push({ code, store, engine, random: new SeededRandom(1000 + i), own: [], people: syntheticCustomers(1_000_000, { seed: 77 + i, purchasesPerCustomer: 0 }) });
  }
  console.log(`${outletCount} outlets enrolled on ${servers.length} servers`);

  const share = (total: number, round: number) => Math.floor((total * (round + 1)) / rounds) - Math.floor((total * round) / rounds);
  let pushedTotal = 0;
  const spreadMs = n('spread') * 1000;
  const failures: Record<string, number> = {};
  let syncMs = 0;
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const o of outlets) {
      for (let k = 0; k < share(n('registrations'), round); k++) {
        const person = o.people.next().value as SyntheticCustomer;
        const draft = { ...person.draft, cardNo: `${o.code}-${person.draft.cardNo}` };
        try {
          o.own.push(registerCustomer(o.store, draft).id);
        } catch {
          // A generated phone or card another registration already holds: the clerk would fix it; skip.
        }
      }
      if (o.own.length === 0) continue;
      const pick = () => o.own[o.random.int(0, o.own.length - 1)]!;
      for (let k = 0; k < share(n('purchases'), round); k++)
        addPurchase(o.store, { customerId: pick(), invoiceNo: `${o.code}-${round}-${k}`, purchasedAt: new Date().toISOString(), amount: 250_000 + o.random.int(0, 40) * 50_000, mainProduct: 'Kulkas' });
      for (let k = 0; k < share(n('contacts'), round); k++) logInteraction(o.store, { customerId: pick(), channel: 'whatsapp', outcome: 'reached', note: `round ${round}` });
      for (let k = 0; k < share(n('edits'), round); k++) updateCustomer(o.store, pick(), { city: o.random.pick(['Bandung', 'Surabaya', 'Medan', 'Makassar']) });
      // Conflicts: the same field of a customer registered elsewhere, edited here while others edit it too.
      if (round > 0) {
        const others = o.store.sqlite.prepare('SELECT id FROM customers WHERE registered_outlet_id <> ? ORDER BY id LIMIT 5').pluck().all(o.store.outletId) as string[];
        for (let k = 0; k < share(n('conflicts'), round) && others.length > 0; k++) updateCustomer(o.store, others[k % others.length]!, { notes: `${o.code} round ${round}` });
      }
    }
    // Outlets sync on their own timers: each starts at a random moment within the spread, as background sync does.
    const t = performance.now();
    const rounds_ = await Promise.all(
      outlets.map(async (o) => {
        await new Promise((resolve) => setTimeout(resolve, o.random.next() * spreadMs));
        try {
          return await o.engine.syncOnce();
        } catch (error) {
          // A failed round is retried at the next one, as the app's background sync does; it is counted.
          if (!(error instanceof SyncError)) throw error;
          failures[error.code] = (failures[error.code] ?? 0) + 1;
          return null;
        }
      }),
    );
    syncMs += performance.now() - t;
    const done = rounds_.filter((r) => r !== null);
    pushedTotal += done.reduce((a, r) => a + r.pushed, 0);
    console.log(`round ${round + 1}/${rounds}: ${done.reduce((a, r) => a + r.pushed, 0)} pushed, ${done.reduce((a, r) => a + r.pulled, 0)} pulled in ${Math.round(performance.now() - t)} ms, ${rounds_.length - done.length} rounds failed`);
  }
  const dayMs = performance.now() - started;

  // Settle: everyone syncs until nothing more moves, then each outlet must equal the server.
  for (let pass = 0; pass < 5; pass++) {
    const settled = await Promise.all(
      outlets.map(async (o) => {
        await new Promise((resolve) => setTimeout(resolve, o.random.next() * spreadMs));
        return o.engine.syncOnce().catch((error: unknown) => {
          if (!(error instanceof SyncError)) throw error;
          failures[`settle:${error.code}`] = (failures[`settle:${error.code}`] ?? 0) + 1;
          return null;
        });
      }),
    );
    if (settled.every((r) => r !== null && r.pushed === 0 && r.pulled === 0)) break;
  }
  const serverDigest = (await digestOf(servers[0]!.url, servers[0]!.adminToken)).digest;
  const converged = outlets.filter((o) => storeDigest(o.store) === serverDigest).length;

  const cpu = servers.map((s, i) => +(cpuSeconds(s.child.pid!) - cpuAtStart[i]!).toFixed(1));
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const dbBytes = (await sizeOf()) - emptyBytes;
  const serverChanges = Number((await admin.query('SELECT count(*) AS n FROM changes')).rows[0].n);
  const tables = (
    await admin.query(
      `SELECT relname AS name, pg_total_relation_size(relid) AS bytes FROM pg_catalog.pg_statio_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT 4`,
    )
  ).rows.map((r: { name: string; bytes: string }) => ({ name: r.name, mb: Math.round(Number(r.bytes) / 2 ** 20) }));
  await admin.end();

  const p = (list: number[]) => {
    const q = percentiles(list);
    return { n: list.length, p50: Math.round(q.p50), p95: Math.round(q.p95), max: Math.round(Math.max(...list)) };
  };
  for (const s of servers) await s.stop();
  const served = servers.flatMap((_, i) => readTimingLog(readFileSync(timingLog(i), 'utf8')));
  const onServer = (route: string) => {
    const ms = served.filter((r) => r.route === route && r.status < 400).map((r) => r.ms);
    return ms.length > 0 ? p(ms) : null;
  };
  Object.assign(results, {
    daySeconds: +(dayMs / 1000).toFixed(1),
    syncSeconds: +(syncMs / 1000).toFixed(1),
    changesPushed: pushedTotal,
    changesPerSecondOfSync: Math.round(pushedTotal / (syncMs / 1000)),
    pushMs: p(latencies.push),
    pullMs: p(latencies.pull),
    snapshotMs: latencies.snapshot.length > 0 ? p(latencies.snapshot) : null,
    /** The same requests as the servers timed them (receipt to answer handed to the socket), successful ones. */
    onServerMs: { push: onServer('/sync/push'), pull: onServer('/sync/pull'), snapshot: onServer('/sync/snapshot') },
    serverCpuSeconds: cpu,
    serverCpuPerThousandChanges: +((cpu.reduce((a, b) => a + b, 0) / pushedTotal) * 1000).toFixed(2),
    serverChanges,
    /** Growth of the database over the day (a fresh, migrated database is subtracted). */
    databaseGrowthMB: +(dbBytes / 2 ** 20).toFixed(1),
    bytesPerChange: Math.round(dbBytes / serverChanges),
    largestTables: tables,
    failedRounds: failures,
    converged: `${converged}/${outletCount}`,
    targets: {
      pushP95Under1s: percentiles(latencies.push).p95 < 1000,
      pushP95Under1sOnServer: (onServer('/sync/push')?.p95 ?? Infinity) < 1000,
      allConverged: converged === outletCount,
    },
  });
} finally {
  for (const o of outlets) closeStore(o.store);
  for (const s of servers) await s.stop();
  reportResults(results, path.join(here, 'chainLoad-results.json'));
  rmSync(work, { recursive: true, force: true });
  await dropBenchDatabase(values['database-url'], databaseUrl);
}
