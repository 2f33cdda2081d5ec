/**
 * Sync throughput on loopback: `npx tsx tests/bench/syncBench.ts [--changes 100000] [--devices 20] [--per-device 1500] [--database-url URL]`.
 * 1. One device pushes N changes to a server process; a second device (bootstrapped while the server was
 *    empty) pulls them all; a third bootstraps from the snapshot. Changes/s each way.
 * 2. D devices, each a separate process with its own store, sync at once against the same server (push, then
 *    a second round where everyone pulls everyone else's changes).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freshBenchDatabase } from './benchDatabase';
import { cards, customers, phones } from '../../db/schema';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import { newId } from '../../electron/core/ids';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { storeDigest } from '../../electron/core/sync/digest';
import { digestOf, enrolmentCode, repoRoot, serverProcess } from '../sync/support/servers';

const { values } = parseArgs({
  options: {
    changes: { type: 'string' },
    devices: { type: 'string' },
    'per-device': { type: 'string' },
    'database-url': { type: 'string' },
  },
});
const totalChanges = Number(values.changes ?? 100_000);
const deviceCount = Number(values.devices ?? 20);
const perDevice = Number(values['per-device'] ?? 1500);
const work = mkdtempSync(path.join(tmpdir(), 'akrab-bench-'));

/** Writes customers with one card and one phone each through the ordinary writer: 3 changes per customer. */
function fill(store: Store, changes: number, tag: string): void {
  let written = 0;
  while (written < changes) {
    transact(store, (w) => {
      for (let i = 0; i < 1000 && written < changes; i++) {
        const id = newId();
        const n = `${tag}${String(written).padStart(7, '0')}`;
        w.insert(customers, {
          id,
          fullName: `Pelanggan ${n}`,
          nameSearch: `pelanggan ${n.toLowerCase()}`,
          city: 'Bandung',
          consentMarketing: false,
        });
        written++;
        if (written < changes) {
          w.insert(cards, { id: newId(), customerId: id, cardNo: `C${n}`, status: 'active', issuedAt: w.nowIso });
          written++;
        }
        if (written < changes) {
          w.insert(phones, { id: newId(), customerId: id, e164: `+62812${String(written).padStart(8, '0')}`, digitsReversed: '0' });
          written++;
        }
      }
    });
  }
}

async function enrolled(file: string, url: string, adminToken: string): Promise<{ store: Store; engine: SyncEngine }> {
  const store = openStore(file);
  const engine = new SyncEngine(store, { serverUrl: url, pushBatch: 2000, pullLimit: 5000, snapshotLimit: 2000, timeoutMs: 120_000 });
  await engine.enrol(await enrolmentCode(url, adminToken));
  return { store, engine };
}

function childSync(file: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'tests/sync/support/syncChild.ts'), file, '1000', '2000'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0 && out.includes('done') ? resolve(performance.now() - started) : reject(new Error(`child exited ${code}`)),
    );
  });
}

const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));

let server = await serverProcess(
  values['database-url'] ? { databaseUrl: await freshBenchDatabase(values['database-url']) } : { dataDir: path.join(work, 'server') },
);
const results: Record<string, unknown> = { backend: values['database-url'] ? 'postgres' : 'pglite (embedded)', node: process.version };
try {
  // 1. One device up, one down.
  const puller = await enrolled(path.join(work, 'b.sqlite'), server.url, server.adminToken);
  await puller.engine.syncOnce();
  const pusher = await enrolled(path.join(work, 'a.sqlite'), server.url, server.adminToken);
  await pusher.engine.syncOnce(); // bootstrap while the server is empty: the timed round is the upload
  let t = performance.now();
  fill(pusher.store, totalChanges, 'A');
  const writeMs = performance.now() - t;
  t = performance.now();
  const pushed = await pusher.engine.syncOnce();
  const pushMs = performance.now() - t;
  t = performance.now();
  const pulled = await puller.engine.syncOnce();
  const pullMs = performance.now() - t;
  const newcomer = await enrolled(path.join(work, 'c.sqlite'), server.url, server.adminToken);
  t = performance.now();
  const boot = await newcomer.engine.syncOnce();
  const snapshotMs = performance.now() - t;
  const digest = (await digestOf(server.url, server.adminToken)).digest;
  if (storeDigest(puller.store) !== digest || storeDigest(newcomer.store) !== digest) throw new Error('digests differ after the bench');
  Object.assign(results, {
    changes: totalChanges,
    localWritesPerSec: rate(totalChanges, writeMs),
    push: { changes: pushed.pushed, seconds: +(pushMs / 1000).toFixed(2), changesPerSec: rate(pushed.pushed, pushMs) },
    pull: { changes: pulled.pulled, seconds: +(pullMs / 1000).toFixed(2), changesPerSec: rate(pulled.pulled, pullMs) },
    snapshot: { rows: boot.snapshotRows, seconds: +(snapshotMs / 1000).toFixed(2), rowsPerSec: rate(boot.snapshotRows, snapshotMs) },
  });
  for (const d of [pusher, puller, newcomer]) closeStore(d.store);
  console.log(JSON.stringify(results, null, 2));
  await server.stop();

  // 2. Many devices at once, each its own process, on a fresh server so they do not first bootstrap part 1.
  server = await serverProcess(
    values['database-url'] ? { databaseUrl: await freshBenchDatabase(values['database-url']) } : { dataDir: path.join(work, 'server2') },
  );
  const files: string[] = [];
  for (let i = 0; i < deviceCount; i++) {
    const file = path.join(work, `d${i}.sqlite`);
    const d = await enrolled(file, server.url, server.adminToken);
    await d.engine.syncOnce(); // bootstrap now, so the timed rounds measure pushing and pulling
    fill(d.store, perDevice, `D${i}x`);
    closeStore(d.store);
    files.push(file);
  }
  t = performance.now();
  const first = await Promise.all(files.map(childSync));
  const firstMs = performance.now() - t;
  t = performance.now();
  const second = await Promise.all(files.map(childSync));
  const secondMs = performance.now() - t;
  const all = deviceCount * perDevice;
  Object.assign(results, {
    concurrent: {
      devices: deviceCount,
      changesPerDevice: perDevice,
      round1: {
        seconds: +(firstMs / 1000).toFixed(2),
        slowestDeviceSeconds: +(Math.max(...first) / 1000).toFixed(2),
        note: 'all push their own changes (and pull whatever others already pushed)',
      },
      round2: {
        seconds: +(secondMs / 1000).toFixed(2),
        slowestDeviceSeconds: +(Math.max(...second) / 1000).toFixed(2),
        note: 'all pull the rest',
      },
      serverChangesPerSecRound1: rate(all, firstMs),
      appliedChangesPerSecBothRounds: rate(all * deviceCount, firstMs + secondMs),
    },
  });
  const finalDigest = (await digestOf(server.url, server.adminToken)).digest;
  for (const file of files) {
    const s = openStore(file);
    if (storeDigest(s) !== finalDigest) throw new Error(`device ${file} differs from the server`);
    closeStore(s);
  }
  console.log(JSON.stringify({ concurrent: results.concurrent }, null, 2));
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
