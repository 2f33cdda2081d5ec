import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
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
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  database: ServerDatabase;
  adminToken: string;
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
  });
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const app = createServerApp({ db: database.db, adminToken, afterPush: options.afterPush });
  const address = await app.listen({ port: options.port ?? 8787, host: options.host ?? '0.0.0.0' });
  const port = Number(new URL(address).port);
  const url = `http://127.0.0.1:${port}`;
  const info = options.dataDir && !options.databaseUrl ? path.join(options.dataDir, serverInfoFile) : undefined;
  if (info) writeFileSync(info, JSON.stringify({ pid: process.pid, url, adminToken }), { mode: 0o600 });
  let closed = false;
  return {
    url,
    app,
    database,
    adminToken,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await database.close();
      if (info) rmSync(info, { force: true });
    },
  };
}

/** `tsx server/main.ts [--port P] [--host H] [--database-url URL] [--data-dir DIR]`: used by tests and the bench. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'admin-token': { type: 'string' },
    },
  });
  const server = await startServer({
    port: values.port ? Number(values.port) : 8787,
    host: values.host ?? '127.0.0.1',
    databaseUrl: values['database-url'],
    dataDir: values['data-dir'],
    adminToken: values['admin-token'],
  });
  process.stdout.write(`listening ${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
