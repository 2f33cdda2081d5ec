import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { updateCustomer } from '../../electron/core/customers/editCustomer';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { SyncError } from '../../electron/core/sync/syncClient';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import { storeDigest } from '../../electron/core/sync/digest';
import type { RunningServer } from '../../server/main';
import { registerDeviceDirectly, serverDigest } from '../../server/storage/syncStorage';
import { tempDir, tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { faultyFetch } from './support/faultyFetch';
import { adminCall, backends, digestOf, enrolmentCode, freshPgDatabase, inProcessServer, repoRoot, serverProcess } from './support/servers';

function fill(store: Store, customers: number): void {
  for (let i = 0; i < customers; i++) registerCustomer(store, aCustomer().named(`Pelanggan ${i}`).build());
}

function ownChanges(store: Store): number {
  return store.sqlite.prepare('SELECT count(*) FROM changes WHERE device_id = ?').pluck().get(store.deviceId) as number;
}

describe.each(backends)('faults between device and server (%s)', (backend) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await inProcessServer(backend);
  });
  afterAll(async () => server?.close());

  async function device(net = faultyFetch(), options: { pushBatch?: number; pullLimit?: number } = {}) {
    const store = tempStore();
    saveEnrolment(store, server.url, await registerDeviceDirectly(server.database.db, store.deviceId, 'OUT1'), 'OUT1');
    return { store, net, engine: new SyncEngine(store, { fetch: net.fetch, ...options }) };
  }

  it('an answer lost after the server applied a batch: the retry applies nothing twice and nothing is lost', async () => {
    const a = await device(faultyFetch(), { pushBatch: 10 });
    fill(a.store, 10); // 30 changes: 3 batches
    let pushes = 0;
    a.net.choose = (url) => (url.endsWith('/sync/push') && ++pushes === 2 ? 'lost_answer' : 'none');
    await expect(a.engine.syncOnce()).rejects.toBeInstanceOf(SyncError);
    const before = await serverDigest(server.database.db);
    expect(before.changes).toBe(20); // the server applied the batch whose answer was lost
    expect(a.engine.status().pending).toBe(20); // …which the device still holds as pending, with the one never sent
    const round = await a.engine.syncOnce();
    expect(round.pushDuplicates).toBe(10);
    expect(round.pushed).toBe(10);
    expect((await serverDigest(server.database.db)).changes).toBe(30);

    // The same on the way down: a pulled page whose answer is lost is pulled again, applied once.
    const b = await device(faultyFetch(), { pullLimit: 7 });
    await b.engine.syncOnce();
    fill(a.store, 5);
    await a.engine.syncOnce();
    let pulls = 0;
    b.net.choose = (url) => (url.endsWith('/sync/pull') && ++pulls === 2 ? 'lost_answer' : 'none');
    await expect(b.engine.syncOnce()).rejects.toBeInstanceOf(SyncError);
    b.net.choose = () => 'duplicate';
    const again = await b.engine.syncOnce();
    expect(again.pulled).toBe(8); // 15 new changes: the first page of 7 landed before the lost answer
    expect(storeDigest(b.store)).toBe((await serverDigest(server.database.db)).digest);
    expect(storeDigest(a.store)).toBe(storeDigest(b.store));
  });

  it('a revoked device is refused with a clear error', async () => {
    const a = await device();
    fill(a.store, 1);
    await a.engine.syncOnce();
    await adminCall(server.url, server.adminToken, 'POST', `/admin/devices/${a.store.deviceId}/revoke`);
    updateCustomer(a.store, a.store.sqlite.prepare('SELECT id FROM customers').pluck().get() as string, { city: 'Medan' });
    const failure = await a.engine.syncOnce().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SyncError);
    expect((failure as SyncError).code).toBe('device_revoked');
    expect((failure as SyncError).messageKey).toBe('error.sync.device_revoked');
    expect(a.engine.status()).toMatchObject({ phase: 'error', reachable: true, pending: 1, lastError: { code: 'device_revoked' } });
  });

  it('enrolment codes are one-time, and requests without a valid token are refused', async () => {
    const code = await enrolmentCode(server.url, server.adminToken);
    const first = tempStore();
    const second = tempStore();
    const e1 = new SyncEngine(first, { serverUrl: server.url });
    const e2 = new SyncEngine(second, { serverUrl: server.url });
    await e1.enrol(code);
    await expect(e2.enrol(code)).rejects.toMatchObject({ code: 'enrolment_code_invalid' });
    const forged = await fetch(`${server.url}/sync/pull`, {
      method: 'POST',
      headers: { authorization: `Bearer ${'x'.repeat(43)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: first.deviceId, cursor: 0, limit: 10 }),
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: { code: 'unauthorized', messageKey: 'error.sync.unauthorized' } });
    const tooBig = await fetch(`${server.url}/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'x'.repeat(20 * 1024 * 1024) }),
    });
    expect(tooBig.status).toBe(413);
    const malformed = await fetch(`${server.url}/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"code": 1',
    });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(await malformed.json())).not.toMatch(/at |stack/);
  });
});

describe.each(backends)('processes killed mid-sync (%s)', (backend) => {
  const childScript = path.join(repoRoot, 'tests/sync/support/syncChild.ts');

  /** Runs the child sync process, SIGKILLing it `delayMs` after it is ready; resolves with whether it finished. */
  function childRound(file: string, delayMs: number | null, batch = 50): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', childScript, file, String(batch), String(batch)], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (delayMs !== null && out.includes('ready')) setTimeout(() => child.kill('SIGKILL'), delayMs).unref();
      });
      child.on('exit', (code, signal) => {
        if (out.includes('done')) resolve(true);
        else if (signal === 'SIGKILL') resolve(false);
        else reject(new Error(`child failed (${code}): ${err}`));
      });
    });
  }

  it('a client killed mid-upload and mid-pull resumes where it left off; a server killed mid-batch loses nothing', async () => {
    const dir = tempDir();
    const databaseUrl = backend === 'postgres' ? await freshPgDatabase() : undefined;
    let server = await serverProcess(databaseUrl ? { databaseUrl } : { dataDir: dir });
    const port = Number(new URL(server.url).port);
    try {
      // Device B enrols and bootstraps while the server is empty, so it later receives everything by pulling.
      const fileB = path.join(tempDir(), 'b.sqlite');
      const b = openStore(fileB);
      const engineB = new SyncEngine(b, { serverUrl: server.url });
      await engineB.enrol(await enrolmentCode(server.url, server.adminToken));
      await engineB.syncOnce();
      closeStore(b);

      // Device A: 600 customers (1,800 changes) written offline, uploaded by a process killed again and again.
      const fileA = path.join(tempDir(), 'a.sqlite');
      let a = openStore(fileA);
      const engineA = new SyncEngine(a, { serverUrl: server.url });
      await engineA.enrol(await enrolmentCode(server.url, server.adminToken));
      fill(a, 600);
      const total = ownChanges(a);
      closeStore(a);
      let kills = 0;
      for (let attempt = 0; attempt < 40; attempt++) {
        if (await childRound(fileA, attempt < 6 ? 40 + attempt * 60 : null)) break;
        kills++;
      }
      expect(kills).toBeGreaterThan(0);

      // The server is killed while a second batch run is in flight, then restarted on the same database.
      a = openStore(fileA);
      // The round compacted what the server acknowledged (logCompaction.ts): count the new changes on top.
      const stillLogged = ownChanges(a);
      fill(a, 200);
      const all = total + ownChanges(a) - stillLogged;
      const net = faultyFetch();
      let pushes = 0;
      net.choose = (url) => {
        if (url.endsWith('/sync/push') && ++pushes === 3) setTimeout(() => void server.kill(), 2);
        return 'none';
      };
      const killedRun = new SyncEngine(a, { fetch: net.fetch, pushBatch: 100, timeoutMs: 5000 });
      await expect(killedRun.syncOnce()).rejects.toBeInstanceOf(SyncError);
      server = await serverProcess(
        databaseUrl ? { databaseUrl, port, adminToken: server.adminToken } : { dataDir: dir, port, adminToken: server.adminToken },
      );
      await new SyncEngine(a).syncOnce();
      expect((await digestOf(server.url, server.adminToken)).changes).toBe(all);
      expect(total).toBeLessThan(all);
      const digest = storeDigest(a);
      closeStore(a);

      // Device B pulls everything through a process killed again and again (incremental pull),
      // device C the same through a snapshot bootstrap.
      const fileC = path.join(tempDir(), 'c.sqlite');
      const c = openStore(fileC);
      await new SyncEngine(c, { serverUrl: server.url }).enrol(await enrolmentCode(server.url, server.adminToken));
      closeStore(c);
      for (const file of [fileB, fileC]) {
        let pullKills = 0;
        for (let attempt = 0; attempt < 40; attempt++) {
          if (await childRound(file, attempt < 6 ? 40 + attempt * 60 : null, 100)) break;
          pullKills++;
        }
        expect(pullKills).toBeGreaterThan(0);
      }
      const b2 = openStore(fileB);
      const final = await new SyncEngine(b2).syncOnce();
      expect(final.pulled).toBe(0);
      expect(storeDigest(b2)).toBe(digest);
      expect(storeDigest(b2)).toBe((await digestOf(server.url, server.adminToken)).digest);
      const c2 = openStore(fileC);
      expect(storeDigest(c2)).toBe(digest);
      closeStore(c2);
      closeStore(b2);
    } finally {
      await server.stop();
    }
  }, 600_000); // a dozen processes started and killed: minutes on a loaded 2-core machine running two test files at once
});
