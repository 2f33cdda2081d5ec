import { X509Certificate, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createServerApp, type ServerAppOptions } from './app';
import { openServerDatabase, type ServerDatabase } from './storage/database';
import { ensurePrivateDir } from '../electron/core/store/privateFiles';

export interface StartServerOptions {
  port?: number;
  host?: string;
  /** postgres://… ; without it the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  /** Folder for the embedded database and server.json; omitted with no databaseUrl means in memory. */
  dataDir?: string;
  adminToken?: string;
  afterPush?: ServerAppOptions['afterPush'];
  foldStep?: number;
  /** Serve HTTPS with this certificate and key (PEM text). Without it the default address is loopback only. */
  tls?: { cert: string; key: string };
  /** Append a line per answered request to this file (requestTiming.ts). */
  timingLog?: string;
  /** Start the embedded database from this dump (see openServerDatabase). */
  pgliteDataDir?: Blob;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  database: ServerDatabase;
  adminToken: string;
  /** Where it listens: loopback only, or reachable from the network. */
  host: string;
  tls: boolean;
  close(): Promise<void>;
}

/** File a running server leaves in its data folder so `akrab server enroll` can reach it (the embedded database allows one process). */
export const serverInfoFile = 'server.json';

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  // The embedded database holds every outlet's customers: its folder is the owner's only.
  if (options.dataDir && !options.databaseUrl) ensurePrivateDir(options.dataDir);
  const database = await openServerDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.databaseUrl || !options.dataDir ? undefined : path.join(options.dataDir, 'pgdata'),
    pgliteDataDir: options.pgliteDataDir,
  });
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const app = createServerApp({ db: database.db, adminToken, afterPush: options.afterPush, foldStep: options.foldStep, timingLog: options.timingLog, ...(options.tls && { https: options.tls }) });
  // Plain HTTP would carry device tokens and customer data in clear: without TLS, only this machine (or a TLS
  // reverse proxy on it) may connect unless the operator says otherwise.
  const host = options.host ?? (options.tls ? '0.0.0.0' : '127.0.0.1');
  const address = await app.listen({ port: options.port ?? 8787, host });
  const port = Number(new URL(address).port);
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const info = options.dataDir && !options.databaseUrl ? path.join(options.dataDir, serverInfoFile) : undefined;
  // The admin commands reach this process on 127.0.0.1, which the certificate may not name: they pin its fingerprint.
  const certificate = options.tls && { certFingerprint256: new X509Certificate(options.tls.cert).fingerprint256 };
  if (info) writeFileSync(info, JSON.stringify({ pid: process.pid, url, adminToken, ...certificate }), { mode: 0o600 });
  let closed = false;
  return {
    url,
    app,
    database,
    adminToken,
    host,
    tls: !!options.tls,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await database.close();
      if (info) rmSync(info, { force: true });
    },
  };
}

/** `tsx server/main.ts [--port P] [--host H] [--database-url URL] [--data-dir DIR] [--tls-cert F --tls-key F]`: used by tests and the bench. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'admin-token': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'timing-log': { type: 'string' },
    },
  });
  const server = await startServer({
    port: values.port ? Number(values.port) : 8787,
    host: values.host,
    databaseUrl: values['database-url'],
    dataDir: values['data-dir'],
    adminToken: values['admin-token'],
    tls: readTls(values['tls-cert'], values['tls-key']),
    timingLog: values['timing-log'],
  });
  process.stdout.write(`listening ${server.url}\n${transportNotice(server)}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const loopback = new Set(['127.0.0.1', '::1', 'localhost']);

/** The line a starting server prints about who can reach it and whether the traffic is encrypted. */
export function transportNotice(server: Pick<RunningServer, 'host' | 'tls'>): string {
  const local = loopback.has(server.host);
  if (server.tls) return `HTTPS on ${local ? `${server.host} (loopback only)` : `${server.host} (reachable from the network)`}.`;
  if (local)
    return `Plain HTTP on ${server.host}: loopback only, devices on other machines cannot connect. Serve them with --tls-cert FILE --tls-key FILE, or behind a TLS reverse proxy on this machine.`;
  return `WARNING: plain HTTP on ${server.host}, reachable from the network: device tokens and customer data cross it unencrypted. Use --tls-cert FILE --tls-key FILE or a TLS reverse proxy.`;
}

/** The certificate and key files of `--tls-cert` and `--tls-key`, which go together. */
export function readTls(certFile: string | undefined, keyFile: string | undefined): { cert: string; key: string } | undefined {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new Error('--tls-cert and --tls-key go together');
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
