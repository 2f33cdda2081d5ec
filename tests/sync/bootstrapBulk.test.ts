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
import { backends, inProcessServer } from './support/servers';

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
});
