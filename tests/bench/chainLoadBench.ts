/**
 * A chain's day under load (issue 20): `node --import tsx tests/bench/chainLoadBench.ts --database-url postgres://…/postgres
 *   [--outlets 100] [--servers 2] [--outlet-processes 10] [--rounds 8] [--registrations 20] [--purchases 40] [--contacts 20] [--edits 10] [--conflicts 3]`
 *
 * `--servers` server processes (stateless, `akrab server --database-url`) on one fresh PostgreSQL database, on
 * loopback. `--outlets` simulated outlet devices (each its own SQLite store and sync engine, outlet i talking to
 * server i mod servers), run in `--outlet-processes` child processes (chainLoadOutlets.ts) so that one outlet
 * applying a large pull does not hold the others' answers unread, do a day's work spread over `--rounds` rounds:
 * registrations (customer, card, phone), purchases (with their points), logged contacts, profile edits of their own
 * customers, and a few conflicting edits of the same field of a customer another outlet registered. After each
 * round's work every outlet syncs, each at a random moment within `--spread` seconds (default 10); a round that
 * fails (a timeout) is counted and left to the next round, as background sync does. Then every outlet syncs until
 * nothing moves and each must equal the server's digest.
 *
 * Prints push and pull request latency p50/p95 as the outlets timed them (request sent → whole answer read) and as
 * the servers did (`--timing-log`: receipt → answer handed to the socket), changes pushed per second of sync time,
 * the server processes' CPU seconds, the database's size and bytes per change; writes chainLoad-results.json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { digestOf, enrolmentCode, serverProcess, type ServerProcess } from '../sync/support/servers';
import { dropBenchDatabase, freshBenchDatabase, reportResults } from './benchDatabase';
import { percentiles } from './stats';
import { readTimingLog } from '../../server/requestTiming';
import type { GroupAnswer, GroupCommand, GroupSetup, OutletSpec } from './chainLoadOutlets';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    outlets: { type: 'string', default: '100' },
    servers: { type: 'string', default: '2' },
    'outlet-processes': { type: 'string', default: '10' },
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
const groupCount = Math.min(outletCount, n('outlet-processes'));
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

/** Request latencies as the outlets timed them (request sent → whole answer read), gathered from their processes. */
const latencies: Record<'push' | 'pull' | 'snapshot', number[]> = { push: [], pull: [], snapshot: [] };

const servers: ServerProcess[] = [];
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  outlets: outletCount,
  servers: n('servers'),
  outletProcesses: groupCount,
  rounds,
  perOutletDay: { registrations: n('registrations'), purchases: n('purchases'), contacts: n('contacts'), edits: n('edits'), conflicts: n('conflicts') },
  backend: 'PostgreSQL 15 on loopback',
  machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  loadAtStart: loadavg().map((l) => +l.toFixed(1)),
};

/** A child process running a group of the outlets (chainLoadOutlets.ts), and its answers in order. */
class OutletGroup {
  private readonly child: ChildProcess;
  private readonly answers: GroupAnswer[] = [];
  private waiting: ((answer: GroupAnswer) => void) | null = null;
  readonly exited: Promise<number | null>;

  constructor(setup: GroupSetup) {
    this.child = fork(path.join(here, 'chainLoadOutlets.ts'), [JSON.stringify(setup)], { execArgv: ['--import', 'tsx'] });
    this.child.on('message', (answer: GroupAnswer) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(answer);
      } else this.answers.push(answer);
    });
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
  }

  /** The next answer; fails if the process exits first. */
  async next<T extends GroupAnswer['type']>(type: T): Promise<Extract<GroupAnswer, { type: T }>> {
    const answer =
      this.answers.shift() ??
      (await Promise.race([
        new Promise<GroupAnswer>((resolve) => (this.waiting = resolve)),
        this.exited.then((code) => Promise.reject(new Error(`an outlet process exited (${code})`))),
      ]));
    if (answer.type !== type) throw new Error(`expected ${type} from an outlet process, got ${answer.type}`);
    return answer as Extract<GroupAnswer, { type: T }>;
  }

  async ask<T extends GroupAnswer['type']>(command: GroupCommand, type: T): Promise<Extract<GroupAnswer, { type: T }>> {
    this.child.send(command);
    return this.next(type);
  }

  kill(): void {
    this.child.kill();
  }
}

const groups: OutletGroup[] = [];
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
  const specs: OutletSpec[] = [];
  for (let i = 0; i < outletCount; i++) {
    const code = `OUT${String(i + 1).padStart(3, '0')}`;
    const server = servers[i % servers.length]!;
    specs.push({ index: i, code, serverUrl: server.url, enrolmentCode: await enrolmentCode(server.url, server.adminToken, code) });
  }
  const perDay = { registrations: n('registrations'), purchases: n('purchases'), contacts: n('contacts'), edits: n('edits'), conflicts: n('conflicts') };
  for (let g = 0; g < groupCount; g++)
    groups.push(new OutletGroup({ work, outlets: specs.filter((s) => s.index % groupCount === g), rounds, perDay, spreadMs: n('spread') * 1000 }));
  await Promise.all(groups.map((g) => g.next('ready')));
  console.log(`${outletCount} outlets in ${groupCount} processes enrolled on ${servers.length} servers`);

  let pushedTotal = 0;
  const failures: Record<string, number> = {};
  const count = (more: Record<string, number>) => {
    for (const [code, k] of Object.entries(more)) failures[code] = (failures[code] ?? 0) + k;
  };
  let syncMs = 0;
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    const t = performance.now();
    const answers = await Promise.all(groups.map((g) => g.ask({ type: 'round', round }, 'round')));
    // The round's sync phase: its groups synced side by side.
    syncMs += Math.max(...answers.map((a) => a.syncMs));
    const pushed = answers.reduce((a, r) => a + r.pushed, 0);
    pushedTotal += pushed;
    for (const a of answers) count(a.failures);
    console.log(
      `round ${round + 1}/${rounds}: ${pushed} pushed, ${answers.reduce((a, r) => a + r.pulled, 0)} pulled in ${Math.round(performance.now() - t)} ms, ${answers.reduce((a, r) => a + r.failed, 0)} rounds failed`,
    );
  }
  const dayMs = performance.now() - started;

  // Settle: everyone syncs until nothing more moves, then each outlet must equal the server.
  for (let pass = 0; pass < 5; pass++) {
    const settled = await Promise.all(groups.map((g) => g.ask({ type: 'settle' }, 'settle')));
    for (const a of settled) count(a.failures);
    if (settled.every((a) => !a.moving)) break;
  }
  const serverDigest = (await digestOf(servers[0]!.url, servers[0]!.adminToken)).digest;
  const digests = (await Promise.all(groups.map((g) => g.ask({ type: 'digests' }, 'digests')))).flatMap((a) => a.digests);
  const converged = digests.filter((d) => d === serverDigest).length;
  for (const g of groups) {
    const closed = await g.ask({ type: 'close' }, 'closed');
    for (const kind of ['push', 'pull', 'snapshot'] as const) latencies[kind].push(...closed.latencies[kind]);
  }

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
  for (const g of groups) g.kill();
  for (const s of servers) await s.stop();
  reportResults(results, path.join(here, 'chainLoad-results.json'));
  rmSync(work, { recursive: true, force: true });
  await dropBenchDatabase(values['database-url'], databaseUrl);
}
