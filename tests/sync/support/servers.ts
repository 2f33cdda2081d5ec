import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { startServer, type RunningServer } from '../../../server/main';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const pgUrl = process.env.AKRAB_TEST_PG_URL;

/** The server backends the suite runs against: always the embedded default, and real PostgreSQL when CI provides it. */
export const backends: ('pglite' | 'postgres')[] = pgUrl ? ['pglite', 'postgres'] : ['pglite'];
if (!pgUrl)
  console.warn(
    '[sync tests] AKRAB_TEST_PG_URL is not set: PostgreSQL runs skipped, embedded PGlite only (tests/sync/startPostgres.sh starts one).',
  );

/** A fresh, empty database on the test PostgreSQL server; returns its URL. */
export async function freshPgDatabase(): Promise<string> {
  if (!pgUrl) throw new Error('AKRAB_TEST_PG_URL not set');
  const name = `akrab_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let pgliteDump: Blob | undefined;

/**
 * This vitest run's dump of an empty embedded server database as the real migrations leave it; outside vitest
 * (the e2e run, benchmarks) there is none. A new PGlite spends most of its start in initdb, which a server started
 * from the dump skips.
 */
async function pgliteTemplateFile(): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import('vitest');
  return path.join(inject('templateDir'), 'server-pglite.tar');
}

/**
 * The first in-memory server of a run starts from nothing and leaves its database, still as the migrations left
 * it, as the run's template. PGlite's dump waits its turn on the database like a query, so it runs before
 * anything the test does; written aside and renamed, so no worker reads half a file.
 */
function keepAsTemplate(server: RunningServer, file: string): void {
  const client = (server.database.db as unknown as { $client: PGlite }).$client;
  const partial = `${file}.${process.pid}`;
  void client
    .dumpDataDir('none')
    .then(async (dump) => {
      writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
      renameSync(partial, file);
    })
    .catch(() => undefined); // a test that closes its server first leaves the template to the next server
}

/** An in-process server on 127.0.0.1 (real HTTP), on PGlite in memory or a fresh PostgreSQL database. */
export async function inProcessServer(
  backend: 'pglite' | 'postgres',
  options: Parameters<typeof startServer>[0] = {},
): Promise<RunningServer> {
  const at = { port: 0, host: '127.0.0.1' };
  if (backend === 'postgres') return startServer({ ...at, databaseUrl: await freshPgDatabase(), ...options });
  const template = options.dataDir ? undefined : await pgliteTemplateFile();
  if (template && !pgliteDump && existsSync(template)) pgliteDump = new Blob([readFileSync(template)]);
  const server = await startServer({ ...at, ...(template && pgliteDump && { pgliteDataDir: pgliteDump }), ...options });
  if (template && !pgliteDump) keepAsTemplate(server, template);
  return server;
}

export interface ServerProcess {
  url: string;
  adminToken: string;
  child: ChildProcess;
  /** SIGKILL: no graceful shutdown. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** A real server process (`tsx server/main.ts`), as `akrab server` runs it. */
export async function serverProcess(options: {
  dataDir?: string;
  databaseUrl?: string;
  port?: number;
  adminToken?: string;
  /** The server's request timing log (server/requestTiming.ts). */
  timingLog?: string;
}): Promise<ServerProcess> {
  const adminToken = options.adminToken ?? randomBytes(18).toString('base64url');
  const args = [
    // e.g. `--cpu-prof --cpu-prof-dir=DIR` to profile the server process (node refuses --cpu-prof in NODE_OPTIONS).
    ...(process.env.AKRAB_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    '--import',
    'tsx',
    path.join(repoRoot, 'server/main.ts'),
    '--port',
    String(options.port ?? 0),
    '--host',
    '127.0.0.1',
    // `=` form: a random token may start with "-", which parseArgs would take for an option.
    `--admin-token=${adminToken}`,
  ];
  if (options.dataDir) args.push('--data-dir', options.dataDir);
  if (options.databaseUrl) args.push('--database-url', options.databaseUrl);
  if (options.timingLog) args.push('--timing-log', options.timingLog);
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
    // PGlite starts in seconds on a quiet machine, in most of a minute on a shared one under load.
    setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 90_000).unref();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    url,
    adminToken,
    child,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function adminCall<T>(url: string, adminToken: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { 'x-akrab-admin-token': adminToken, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function enrolmentCode(url: string, adminToken: string, outletCode = 'JKT01'): Promise<string> {
  return (await adminCall<{ code: string }>(url, adminToken, 'POST', '/admin/enrolment-codes', { outletCode })).code;
}

export async function digestOf(url: string, adminToken: string): Promise<{ digest: string; rows: number; changes: number }> {
  return adminCall(url, adminToken, 'GET', '/admin/digest');
}
