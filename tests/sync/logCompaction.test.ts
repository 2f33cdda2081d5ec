import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { updateCustomer } from '../../electron/core/customers/editCustomer';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { storeDigest } from '../../electron/core/sync/digest';
import { compactLog, RowLogReader } from '../../electron/core/sync/logCompaction';
import { registerDeviceDirectly, serverDigest } from '../../server/storage/syncStorage';
import type { RunningServer } from '../../server/main';
import { backends, inProcessServer, repoRoot } from './support/servers';
import { saveEnrolment } from '../../electron/core/sync/syncState';

/** Per row and column, the newest stamp the log knows (compacted or not): what last-writer-wins reads. */
function fieldClock(store: Store): Map<string, string> {
  const reader = new RowLogReader(store.sqlite);
  const rows = store.sqlite
    .prepare('SELECT table_name AS t, row_id AS r FROM changes UNION SELECT table_name, row_id FROM row_stamps')
    .all() as { t: string; r: string }[];
  const clock = new Map<string, string>();
  for (const { t, r } of rows)
    for (const { hlc, data } of reader.read(t, r))
      for (const column of Object.keys(data)) {
        if (column === 'id') continue;
        const key = `${t} ${r} ${column}`;
        if ((clock.get(key) ?? '') < hlc) clock.set(key, hlc);
      }
  return clock;
}

const acknowledged = (store: Store) => store.sqlite.prepare('SELECT count(*) FROM changes WHERE pushed_at IS NOT NULL').pluck().get() as number;
const compactedRows = (store: Store) => store.sqlite.prepare('SELECT count(*) FROM row_stamps').pluck().get() as number;

describe.each(backends)('change-log compaction (%s)', (backend) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await inProcessServer(backend);
  });
  afterAll(async () => server?.close());

  async function device(skewMs = 0) {
    const store = tempStore({ now: () => new Date(Date.now() + skewMs) });
    saveEnrolment(store, server.url, await registerDeviceDirectly(server.database.db, store.deviceId, 'OUT1'), 'OUT1');
    return { store, engine: new SyncEngine(store, { timeoutMs: 10_000 }) };
  }

  it('after a sync the acknowledged log is per-field stamps only, and an older edit arriving later still loses', async () => {
    const booth = await device();
    const shop = await device();
    const siti = registerCustomer(booth.store, aCustomer().named('Siti Rahayu').withCard('CMP0001').build());
    await booth.engine.syncOnce();
    await shop.engine.syncOnce();
    // The shop edits the city first (older stamp) but stays offline; the booth edits it later and syncs.
    updateCustomer(shop.store, siti.id, { city: 'Surabaya', notes: 'shop note' });
    await new Promise((r) => setTimeout(r, 5));
    updateCustomer(booth.store, siti.id, { city: 'Bandung' });
    const round = await booth.engine.syncOnce();
    expect(round.compacted).toBeGreaterThan(0);
    expect(acknowledged(booth.store)).toBe(0);
    expect(compactedRows(booth.store)).toBeGreaterThan(0);

    // The shop's older city reaches the booth after the booth compacted its newer one: it must lose there too.
    await shop.engine.syncOnce();
    await booth.engine.syncOnce();
    await shop.engine.syncOnce();
    const row = booth.store.sqlite.prepare('SELECT city, notes FROM customers WHERE id = ?').get(siti.id);
    expect(row).toEqual({ city: 'Bandung', notes: 'shop note' });
    expect(storeDigest(shop.store)).toBe(storeDigest(booth.store));
    expect((await serverDigest(server.database.db)).digest).toBe(storeDigest(booth.store));
  });

  it('a local edit of a compacted row is stamped above its compacted stamps, even on a clock running slow', async () => {
    const ahead = await device();
    // Slower than the drift the clock accepts on receive: only the row's own stamps put its edit on top.
    const here = await device(-400_000);
    const budi = registerCustomer(ahead.store, aCustomer().named('Budi Santoso').build());
    updateCustomer(ahead.store, budi.id, { city: 'Medan' });
    await ahead.engine.syncOnce();
    await here.engine.syncOnce();
    await here.engine.syncOnce();
    expect(here.store.sqlite.prepare("SELECT count(*) FROM changes WHERE table_name = 'customers'").pluck().get()).toBe(0);

    // Minutes behind the stamps it holds, this device's edit must still be the newest write of the row.
    updateCustomer(here.store, budi.id, { city: 'Makassar' });
    await here.engine.syncOnce();
    await ahead.engine.syncOnce();
    expect(ahead.store.sqlite.prepare('SELECT city FROM customers WHERE id = ?').pluck().get(budi.id)).toBe('Makassar');
    expect(storeDigest(here.store)).toBe(storeDigest(ahead.store));
    expect((await serverDigest(server.database.db)).digest).toBe(storeDigest(here.store));
  });
});

describe('change-log compaction killed mid-way', () => {
  it('leaves a consistent store: the same per-field clock, nothing pending lost, and it finishes on the next run', async () => {
    const store = tempStore();
    for (let i = 0; i < 600; i++) {
      const c = registerCustomer(store, aCustomer().named(`Pelanggan ${i}`).withCard(`KILL${i}`).build());
      if (i % 3 === 0) updateCustomer(store, c.id, { city: 'Bandung', notes: `note ${i}` });
    }
    // As if the server had acknowledged everything but the last 50 changes.
    store.sqlite.prepare("UPDATE changes SET pushed_at = '2026-12-05T00:00:00.000Z' WHERE seq <= (SELECT max(seq) - 50 FROM changes)").run();
    const clockBefore = fieldClock(store);
    const pendingBefore = store.sqlite.prepare('SELECT seq, hlc, data FROM changes WHERE pushed_at IS NULL ORDER BY seq').all();
    const digestBefore = storeDigest(store);
    const file = store.file;
    closeStore(store);

    // A separate process compacts in small steps and is killed (SIGKILL) while it is still at it.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'tests/sync/support/compactChild.ts'), file, '20'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let steps = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        steps += d.toString().split('\n').filter((l) => l.startsWith('step')).length;
        if (steps >= 5 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended with ${code} before it was killed`))));
    });

    const reopened = openStore(file);
    try {
      expect(reopened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      const halfway = compactedRows(reopened);
      expect(halfway).toBeGreaterThan(0);
      expect(acknowledged(reopened)).toBeGreaterThan(0);
      expect(fieldClock(reopened)).toEqual(clockBefore);
      expect(storeDigest(reopened)).toBe(digestBefore);

      await compactLog(reopened);
      expect(acknowledged(reopened)).toBe(0);
      expect(fieldClock(reopened)).toEqual(clockBefore);
      expect(storeDigest(reopened)).toBe(digestBefore);
      expect(reopened.sqlite.prepare('SELECT seq, hlc, data FROM changes WHERE pushed_at IS NULL ORDER BY seq').all()).toEqual(pendingBefore);
    } finally {
      closeStore(reopened);
    }
  }, 120_000);
});
