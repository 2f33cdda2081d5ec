import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { updateCustomer } from '../../electron/core/customers/editCustomer';
import type { Store } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { storeDigest } from '../../electron/core/sync/digest';
import { compactLog, newestStamp, RowLogReader } from '../../electron/core/sync/logCompaction';
import { refreshDedupKeys } from '../../electron/core/dedup/atEntry';
import { syncedTableOrder } from '../../electron/core/sync/protocol';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import { registerDeviceDirectly, serverDigest } from '../../server/storage/syncStorage';
import type { RunningServer } from '../../server/main';
import { closeStore, openStore } from '../../electron/core/store/store';
import { backends, inProcessServer, repoRoot } from './support/servers';

/** Everything a bootstrap leaves in a store that the app reads, in a form two stores can be compared by. */
function contents(store: Store) {
  const s = store.sqlite;
  const tables = Object.fromEntries(syncedTableOrder.map((t) => [t, s.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]));
  // The compacted log, with column-set ids (which depend on the order sets were first met) replaced by their columns.
  const reader = new RowLogReader(s);
  const stamps = (s.prepare('SELECT table_name AS t, row_id AS r FROM row_stamps ORDER BY 1, 2').all() as { t: string; r: string }[]).map(
    ({ t, r }) => [t, r, reader.read(t, r).map((e) => [e.hlc, Object.keys(e.data).sort()])],
  );
  return {
    tables,
    stamps,
    log: s.prepare('SELECT hlc, device_id, table_name, row_id, op, data FROM changes ORDER BY hlc, table_name, row_id').all(),
    newest: newestStamp(s),
    conflicts: s
      .prepare('SELECT table_name, row_id, "column", value, claim_hlc, held_by_row_id FROM sync_conflicts ORDER BY 1, 2, 3')
      .all(),
    deferred: s.prepare('SELECT * FROM sync_deferred_rows ORDER BY 1, 2').all(),
    counters: s.prepare('SELECT * FROM counters ORDER BY name').all(),
    totals: s.prepare('SELECT * FROM customer_totals ORDER BY customer_id').all(),
    // Every index and trigger the bulk mode dropped is back, as the migrations made it.
    schema: s.prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name`).all(),
    balances: s.prepare('SELECT * FROM points_balances ORDER BY 1').all(),
    // The name search: each trigram query answers the same customers.
    search: ['pel', 'ngga', 'siti', 'raha', 'budi'].map((q) =>
      s
        .prepare('SELECT c.id FROM customers_fts f JOIN customers c ON c.rowid = f.rowid WHERE customers_fts MATCH ? ORDER BY c.id')
        .pluck()
        .all(`"${q}"`),
    ),
    dedupKeys: (refreshDedupKeys(store), s.prepare('SELECT key, customer_id FROM dedup_keys ORDER BY 1, 2').all()),
  };
}

const ftsIntact = (store: Store) => store.sqlite.exec(`INSERT INTO customers_fts (customers_fts) VALUES ('integrity-check')`);

describe.each(backends)('bootstrap: the bulk path ends where the ordinary path ends (%s; issue 20)', (backend) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await inProcessServer(backend);
  });
  afterAll(async () => server?.close());

  async function device(options: { bulkBootstrap?: boolean; snapshotLimit?: number } = {}) {
    const store = tempStore();
    saveEnrolment(store, server.url, await registerDeviceDirectly(server.database.db, store.deviceId, 'OUT1'), 'OUT1');
    return { store, engine: new SyncEngine(store, { timeoutMs: 20_000, compactionBudgetMs: 0, ...options }) };
  }

  it('a small chain bootstrapped in bulk equals the same chain applied row by row and compacted: rows, stamps, search, derived tables', async () => {
    const booth = await device();
    const shop = await device();
    for (let i = 0; i < 60; i++)
      registerCustomer(
        booth.store,
        aCustomer()
          .named(`Pelanggan ${i}`)
          .withCard(`BLK${1000 + i}`)
          .withPhone(`0812300${String(i).padStart(5, '0')}`)
          .withPurchase(`INV-B${i}`, 150_000 + i)
          .build(),
      );
    const siti = registerCustomer(booth.store, aCustomer().named('Siti Rahayu').withCard('BLKSHARED').build());
    // The same card number issued offline at two outlets: the snapshot holds both, and each replica parks the later one.
    const budi = registerCustomer(shop.store, aCustomer().named('Budi Santoso').withCard('BLKSHARED').build());
    await booth.engine.syncOnce();
    await shop.engine.syncOnce();
    await booth.engine.syncOnce();
    // Several stamps in one row: edits from both outlets after the first sync.
    updateCustomer(shop.store, siti.id, { city: 'Surabaya', notes: 'dari toko' });
    updateCustomer(booth.store, budi.id, { city: 'Bandung' });
    await shop.engine.syncOnce();
    await booth.engine.syncOnce();
    await shop.engine.syncOnce();

    // Small pages, so the shared card number's two rows arrive in different pages.
    const bulk = await device({ snapshotLimit: 23 });
    const ordinary = await device({ snapshotLimit: 23, bulkBootstrap: false });
    await bulk.engine.syncOnce();
    await ordinary.engine.syncOnce();
    // The ordinary path records a change per stamp; once compacted its log is what the bulk path wrote at once.
    expect(
      (ordinary.store.sqlite.prepare('SELECT count(*) FROM changes WHERE table_name = ?').pluck().get('customers') as number) > 0,
    ).toBe(true);
    await compactLog(ordinary.store);
    await compactLog(bulk.store);

    const expected = contents(ordinary.store);
    expect(contents(bulk.store)).toEqual(expected);
    expect(expected.tables.customers).toHaveLength(62);
    expect(expected.conflicts).toHaveLength(1);
    expect(expected.search[3]).toEqual([siti.id]);
    ftsIntact(bulk.store);
    const onServer = (await serverDigest(server.database.db)).digest;
    expect(storeDigest(bulk.store)).toBe(onServer);
    expect(storeDigest(ordinary.store)).toBe(onServer);

    // Both go on alike: a later edit from the booth reaches both and the bulk device's own edit reaches the server.
    updateCustomer(booth.store, siti.id, { city: 'Medan' });
    await booth.engine.syncOnce();
    updateCustomer(bulk.store, budi.id, { notes: 'diedit di perangkat baru' });
    await bulk.engine.syncOnce();
    await ordinary.engine.syncOnce();
    await booth.engine.syncOnce();
    const after = (await serverDigest(server.database.db)).digest;
    for (const d of [bulk, ordinary, booth]) expect(storeDigest(d.store)).toBe(after);
  }, 240_000);

  it('rows that are not new to the store (written before the first sync) go the ordinary way and merge by stamp', async () => {
    const booth = await device();
    const dewi = registerCustomer(booth.store, aCustomer().named('Dewi Lestari').withCard('BLKEARLY').build());
    await booth.engine.syncOnce();
    const newcomer = await device();
    // Before its first sync the newcomer registers someone with the same card number, and gets the booth's row too.
    const mine = registerCustomer(newcomer.store, aCustomer().named('Rina Wati').withCard('BLKEARLY').build());
    const round = await newcomer.engine.syncOnce();
    expect(round.snapshotRows).toBeGreaterThan(0);
    await booth.engine.syncOnce();
    const onServer = (await serverDigest(server.database.db)).digest;
    expect(storeDigest(newcomer.store)).toBe(onServer);
    expect(storeDigest(booth.store)).toBe(onServer);
    const holder = (store: Store) => store.sqlite.prepare(`SELECT customer_id FROM cards WHERE card_no = 'BLKEARLY'`).pluck().get();
    expect(holder(newcomer.store)).toBe(holder(booth.store));
    expect([dewi.id, mine.id]).toContain(holder(newcomer.store));
    ftsIntact(newcomer.store);
  }, 240_000);
  it('a bootstrap killed mid-way in bulk mode: the reopened store has its indexes and search back, and resumes to the same store', async () => {
    const booth = await device();
    for (let i = 0; i < 40; i++)
      registerCustomer(
        booth.store,
        aCustomer()
          .named(`Pelanggan Putus ${i}`)
          .withCard(`KIL${1000 + i}`)
          .withPhone(`0812400${String(i).padStart(5, '0')}`)
          .withPurchase(`INV-K${i}`, 100_000 + i)
          .build(),
      );
    await booth.engine.syncOnce();
    const ordinary = await device({ snapshotLimit: 17, bulkBootstrap: false });
    const whole = (await ordinary.engine.syncOnce()).snapshotRows;

    const killed = await device();
    const file = (killed.store as Store & { file: string }).file;
    closeStore(killed.store);
    // A separate process bootstraps in pages of 17 rows and is killed (SIGKILL) after applying a few of them.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'tests/sync/support/bootstrapChild.ts'), file, '17', '2'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('stuck') && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended with ${code} before it was killed`))));
    });

    // As the crash left it: part of the snapshot in, the derived indexes and triggers dropped and recorded.
    const raw = new Database(file);
    const progress = JSON.parse(raw.prepare(`SELECT value FROM settings WHERE key = 'sync.snapshot'`).pluck().get() as string);
    expect(progress.bulk).toBe(true);
    expect(raw.prepare(`SELECT value FROM settings WHERE key = 'sync.bulk_bootstrap'`).pluck().get()).toBeTruthy();
    expect(raw.prepare(`SELECT count(*) FROM sqlite_master WHERE name IN ('customers_fts_ai', 'customers_name_search_idx')`).pluck().get()).toBe(0);
    const customersOf = (db: Database.Database) => db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
    expect(customersOf(raw)).toBeGreaterThan(0);
    expect(customersOf(raw)).toBeLessThan(customersOf(ordinary.store.sqlite));
    raw.close();

    // Opening the store puts them back before anything reads it: the search finds the customers already in.
    const reopened = openStore(file);
    const schema = (s: Store) => s.sqlite.prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name`).all();
    expect(schema(reopened)).toEqual(schema(ordinary.store));
    ftsIntact(reopened);
    const found = reopened.sqlite.prepare('SELECT c.id FROM customers_fts f JOIN customers c ON c.rowid = f.rowid WHERE customers_fts MATCH ?').pluck();
    for (const { id, name } of reopened.sqlite.prepare('SELECT id, name_search AS name FROM customers').all() as { id: string; name: string }[])
      expect(found.all(`"${name}"`)).toContain(id);
    expect(reopened.sqlite.prepare(`SELECT count(*) FROM settings WHERE key = 'sync.bulk_bootstrap'`).pluck().get()).toBe(0);

    // The next round resumes from the last applied page, in bulk mode again, and ends where the ordinary path ends.
    const resumed = new SyncEngine(reopened, { timeoutMs: 20_000, compactionBudgetMs: 0, snapshotLimit: 17 });
    const round = await resumed.syncOnce();
    expect(round.snapshotRows).toBe(whole - 2 * 17);
    await compactLog(ordinary.store);
    await compactLog(reopened);
    expect(contents(reopened)).toEqual(contents(ordinary.store));
    expect(storeDigest(reopened)).toBe((await serverDigest(server.database.db)).digest);
    closeStore(reopened);
  }, 240_000);
});
