import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readTls, serverInfoFile, startServer, transportNotice } from '../../../server/main';
import { openServerDatabase } from '../../../server/storage/database';
import { createEnrolmentCode, listDevices, revokeDevice, ServerFailure } from '../../../server/storage/syncStorage';
import { createFirstAdmin } from '../../../server/storage/serverChanges';
import { fetchPinnedTo } from '../../core/sync/serverTrust';

export interface ServerCommandContext {
  dataDir: string;
  json: boolean;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

const usage = `akrab server [--port P] [--host H] [--database-url URL] [--tls-cert FILE --tls-key FILE] [--timing-log FILE]
                                                               run the central sync server (embedded database in <data-dir>/server-db by default);
                                                               HTTPS with a certificate, else plain HTTP on 127.0.0.1 unless --host says otherwise;
                                                               --timing-log appends each request's route, status and server time in ms
akrab server enroll --outlet CODE [--ttl-hours N] [--database-url URL]   make a one-time enrolment code for a device
akrab server enroll --outlet CODE --device ID                  re-enrol a known device: its old token stops working
akrab server devices [--database-url URL]                      list enrolled devices
akrab server revoke --device ID [--database-url URL]           refuse a device from now on
akrab server create-admin --name NAME --pin PIN --password PW  the chain's first admin (devices cannot make one)`;

/**
 * `akrab server …`. The embedded database admits one process, so while a server runs on it the admin
 * subcommands go through the running server's /admin endpoints (address and admin token are in
 * <server-db>/server.json, readable only by this user); otherwise they open the database directly.
 */
export async function run(args: string[], ctx: ServerCommandContext): Promise<number> {
  const out = ctx.out ?? ((l: string) => console.log(l));
  const err = ctx.err ?? ((l: string) => console.error(l));
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'timing-log': { type: 'string' },
      'database-url': { type: 'string' },
      outlet: { type: 'string' },
      'ttl-hours': { type: 'string' },
      device: { type: 'string' },
      name: { type: 'string' },
      pin: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return (out(usage), 0);
  const serverDir = path.join(ctx.dataDir, 'server-db');
  const databaseUrl = values['database-url'] ?? process.env.AKRAB_DATABASE_URL;
  const sub = positionals[0];

  if (sub === undefined) {
    const server = await startServer({
      port: values.port ? Number(values.port) : 8787,
      host: values.host,
      databaseUrl,
      dataDir: serverDir,
      tls: readTls(values['tls-cert'], values['tls-key']),
      timingLog: values['timing-log'],
    });
    out(
      ctx.json
        ? JSON.stringify({ url: server.url, database: server.database.kind, host: server.host, tls: server.tls })
        : `Akrab sync server listening on ${server.url} (${server.database.kind === 'pglite' ? `embedded database in ${serverDir}` : 'PostgreSQL'})`,
    );
    if (!ctx.json) out(transportNotice(server));
    await new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  }

  const admin = await adminAccess(serverDir, databaseUrl);
  try {
    if (sub === 'enroll' || sub === 'enrol') {
      if (!values.outlet) return (err('usage: akrab server enroll --outlet CODE [--ttl-hours N]'), 2);
      const ttlHours = values['ttl-hours'] ? Number(values['ttl-hours']) : 24;
      const made = await admin.createCode(values.outlet, ttlHours, values.device);
      out(
        ctx.json
          ? JSON.stringify({ ...made, outletCode: values.outlet })
          : `Enrolment code for outlet ${values.outlet}: ${made.code}  (one use, expires ${made.expiresAt})`,
      );
      return 0;
    }
    if (sub === 'create-admin') {
      if (!values.name || !values.pin || !values.password) return (err('usage: akrab server create-admin --name NAME --pin PIN --password PW'), 2);
      const made = await admin.createAdmin({ name: values.name, pin: values.pin, password: values.password });
      out(ctx.json ? JSON.stringify(made) : `First admin ${values.name} created (${made.staffId}); devices receive the account at their next sync.`);
      return 0;
    }
    if (sub === 'devices') {
      const devices = await admin.devices();
      if (ctx.json) out(JSON.stringify({ devices }));
      else
        for (const d of devices)
          out(`${d.id}  outlet ${d.outletCode}  ${d.name ?? ''}  changes ${d.changes}${d.revokedAt ? '  REVOKED' : ''}`);
      return 0;
    }
    if (sub === 'revoke') {
      if (!values.device) return (err('usage: akrab server revoke --device ID'), 2);
      await admin.revoke(values.device);
      out(ctx.json ? JSON.stringify({ revoked: values.device }) : `Device ${values.device} revoked.`);
      return 0;
    }
    err(usage);
    return 2;
  } catch (error) {
    if (error instanceof ServerFailure && error.code === 'not_found') return (err('error: no such device'), 1);
    throw error;
  } finally {
    await admin.close();
  }
}

interface AdminAccess {
  createCode(outletCode: string, ttlHours: number, forDevice?: string): Promise<{ code: string; expiresAt: string }>;
  createAdmin(input: { name: string; pin: string; password: string }): Promise<{ staffId: string }>;
  devices(): Promise<{ id: string; outletCode: string; name: string | null; changes: number; revokedAt: unknown }[]>;
  revoke(deviceId: string): Promise<void>;
  close(): Promise<void>;
}

async function adminAccess(serverDir: string, databaseUrl: string | undefined): Promise<AdminAccess> {
  const infoFile = path.join(serverDir, serverInfoFile);
  if (!databaseUrl && existsSync(infoFile)) {
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { pid: number; url: string; adminToken: string; certFingerprint256?: string };
    if (processAlive(info.pid)) {
      const send = info.certFingerprint256 ? fetchPinnedTo(info.certFingerprint256) : fetch;
      const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
        const response = await send(`${info.url}${route}`, {
          method,
          headers: { 'x-akrab-admin-token': info.adminToken, ...(body !== undefined && { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (response.status === 404) throw new ServerFailure('not_found', 404);
        if (!response.ok) {
          const detail = ((await response.json().catch(() => null)) as { error?: { detail?: string } } | null)?.error?.detail;
          throw new Error(detail ?? `server answered ${response.status}`);
        }
        return (await response.json()) as T;
      };
      return {
        createCode: (outletCode, ttlHours, forDevice) => call('POST', '/admin/enrolment-codes', { outletCode, ttlHours, forDevice }),
        createAdmin: (input) => call('POST', '/admin/first-admin', input),
        devices: async () => (await call<{ devices: Awaited<ReturnType<AdminAccess['devices']>> }>('GET', '/admin/devices')).devices,
        revoke: async (id) => void (await call('POST', `/admin/devices/${encodeURIComponent(id)}/revoke`)),
        close: async () => undefined,
      };
    }
  }
  const database = await openServerDatabase({ databaseUrl, dataDir: databaseUrl ? undefined : path.join(serverDir, 'pgdata') });
  return {
    createCode: (outletCode, ttlHours, forDevice) => createEnrolmentCode(database.db, outletCode, ttlHours, forDevice),
    createAdmin: (input) => createFirstAdmin(database.db, input),
    devices: () => listDevices(database.db),
    revoke: (id) => revokeDevice(database.db, id),
    close: () => database.close(),
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The same command in the CLI's Command shape. */
export const server = run;
