import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logInteraction } from '../../electron/core/care/interactions/interactions';
import { updateCustomer } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { eraseCustomer } from '../../electron/core/privacy/erasure';
import { storeTables } from '../../electron/core/privacy/customerRows';
import type { Store } from '../../electron/core/store/store';
import { storeDigest } from '../../electron/core/sync/digest';
import { SyncEngine, type SyncEngineOptions } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import { startServer, type RunningServer } from '../../server/main';
import { rows } from '../../server/storage/database';
import { pruneChanges, setRetention } from '../../server/storage/retention';
import { registerDeviceDirectly, serverDigest } from '../../server/storage/syncStorage';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { backends, freshPgDatabase, inProcessServer } from './support/servers';
import { firstAdmin, signedBy } from './support/authority';

const NAME = 'Wulan Permatasari';
const NIK = '3273014506900002';
const PHONE_NATIONAL = '81255550101';
const NOTES = 'Suka warna hijau';
const INTERACTION_NOTE = 'Wulan minta brosur kulkas';
const OFFLINE_NOTE = 'Catatan lama dari booth';
/** Every old value of the customer, as any replica could hold it (lower case: name_search holds it so). */
const identifiers = [
  NAME,
  NIK,
  `62${PHONE_NATIONAL}`,
  [...PHONE_NATIONAL].reverse().join(''),
  'wulan@contoh.id',
  'VIPW0001',
  NOTES,
  INTERACTION_NOTE,
  OFFLINE_NOTE,
].map((s) => s.toLowerCase());

function leaked(text: string): string[] {
  const lower = text.toLowerCase();
  return identifiers.filter((identifier) => lower.includes(identifier));
}

/** Every row of every local table, the change log included, as text. */
function everythingIn(store: Store): string {
  return storeTables(store)
    .flatMap((t) => store.sqlite.prepare(`SELECT * FROM "${t.name}"`).all())
    .map((r) => JSON.stringify(r))
    .join('\n');
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(backends)('an erasure reaches the server and the other devices (%s)', (backend) => {
  let server: RunningServer;
  /** On PostgreSQL the booth talks to a second server (its own pool) on the same database: servers are stateless. */
  let boothServer: RunningServer;
  /** Erasure is a manager's act: the server accepts it signed by one (here the chain's admin). */
  let admin: { staffId: string };
  beforeAll(async () => {
    if (backend === 'postgres') {
      const databaseUrl = await freshPgDatabase();
      server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl });
      boothServer = await startServer({ port: 0, host: '127.0.0.1', databaseUrl });
    } else boothServer = server = await inProcessServer(backend);
    admin = await firstAdmin(server.database.db);
  });
  afterAll(async () => {
    await server?.close();
    if (boothServer !== server) await boothServer?.close();
  });

  async function device(options: SyncEngineOptions = {}, via = server) {
    const store = tempStore();
    saveEnrolment(store, via.url, await registerDeviceDirectly(server.database.db, store.deviceId, 'BDG01'), 'BDG01');
    return { store, engine: new SyncEngine(store, options) };
  }

  /** The server's change log, materialised rows and erasure memory, as text. */
  async function serverText(): Promise<{ changes: string; rowFields: string; erasedFields: string; snapshotRows: string }> {
    const dump = async (query: ReturnType<typeof sql>) => (await rows<{ t: string | null }>(server.database.db, query))[0]?.t ?? '';
    return {
      changes: await dump(sql`SELECT string_agg(data::text, E'\n') AS t FROM changes`),
      rowFields: await dump(sql`SELECT string_agg(value::text, E'\n') AS t FROM row_fields`),
      erasedFields: await dump(sql`SELECT string_agg(value::text, E'\n') AS t FROM erased_fields`),
      // What snapshot pages serve (kept from row_fields by triggers).
      snapshotRows: await dump(sql`SELECT string_agg(fields, E'\n') AS t FROM snapshot_rows`),
    };
  }

  it("forgets the customer's old values in the server's log and rows and in other devices' logs, and sync goes on", async () => {
    // Small batches and pages: the erasure's writes cross several pushes and several pulls.
    const clerk = await device({ pushBatch: 5 });
    const booth = await device({ pullLimit: 4 }, boothServer);

    const customer = registerCustomer(
      clerk.store,
      aCustomer().named(NAME).withNik(NIK).withPhone(`0${PHONE_NATIONAL}`).withCard('VIPW0001').withEmail('wulan@contoh.id').build(),
    );
    updateCustomer(clerk.store, customer.id, { notes: NOTES });
    logInteraction(clerk.store, { customerId: customer.id, channel: 'whatsapp', note: INTERACTION_NOTE });
    await clerk.engine.syncOnce();
    await booth.engine.syncOnce();
    expect(booth.store.sqlite.prepare('SELECT full_name, nik, notes FROM customers WHERE id = ?').get(customer.id)).toEqual({
      full_name: NAME,
      nik: NIK,
      notes: NOTES,
    });
    // The server folds its log into row_fields now, so the old values are there before the erasure arrives.
    await serverDigest(server.database.db);
    expect(leaked((await serverText()).rowFields)).toContain(NAME.toLowerCase());
    expect(leaked((await serverText()).snapshotRows)).toContain(NAME.toLowerCase());
    // Compaction is on (the engine's default): the booth's log of the customer is already per-field stamps.
    expect(booth.store.sqlite.prepare(`SELECT count(*) FROM row_stamps WHERE table_name = 'customers' AND row_id = ?`).pluck().get(customer.id)).toBe(1);

    // The booth edits the customer offline, before the erasure: its change reaches the server only after it.
    updateCustomer(booth.store, customer.id, { notes: OFFLINE_NOTE });
    await pause(5);
    const summary = eraseCustomer(signedBy(clerk.store, admin.staffId), null, { customerId: customer.id, confirmName: NAME, reason: 'Permintaan tertulis' });
    expect(leaked(everythingIn(clerk.store))).toEqual([]);
    const pushed = await clerk.engine.syncOnce();
    expect(pushed.pushed).toBeGreaterThan(5); // several batches

    const boothRound = await booth.engine.syncOnce(); // pushes the late edit, then pulls the erasure page by page
    expect(boothRound.pushed).toBe(1);
    expect(boothRound.pulled).toBeGreaterThan(4);

    // The server: neither its log nor its materialised rows (not folded again yet) hold an old value.
    const before = await serverText();
    expect(leaked(before.changes), 'server changes').toEqual([]);
    expect(leaked(before.rowFields), 'server row_fields').toEqual([]);
    expect(leaked(before.erasedFields), 'server erased_fields').toEqual([]);
    expect(leaked(before.snapshotRows), 'server snapshot rows').toEqual([]);
    // The other device: its tables and its log, its own offline edit included.
    expect(leaked(everythingIn(booth.store)), 'booth').toEqual([]);

    // The eraser pulls the booth's late edit, which the server stored with the erased value.
    await clerk.engine.syncOnce();
    expect(leaked(everythingIn(clerk.store)), 'clerk').toEqual([]);

    // Both stores converge with each other and with the server, on the erasure's values.
    const row = (store: Store) =>
      store.sqlite.prepare('SELECT full_name, nik, email, notes, deleted_at FROM customers WHERE id = ?').get(customer.id);
    expect(row(booth.store)).toEqual({ full_name: summary.pseudonym, nik: null, email: null, notes: null, deleted_at: null });
    expect(row(clerk.store)).toEqual(row(booth.store));
    const digest = storeDigest(clerk.store);
    expect(storeDigest(booth.store)).toBe(digest);
    expect((await serverDigest(server.database.db)).digest).toBe(digest);
    expect(leaked((await serverText()).rowFields), 'server row_fields folded').toEqual([]);

    // Sync goes on: a later edit on the booth reaches the clerk.
    updateCustomer(booth.store, customer.id, { city: 'Medan' });
    await booth.engine.syncOnce();
    await clerk.engine.syncOnce();
    expect(clerk.store.sqlite.prepare('SELECT city FROM customers WHERE id = ?').pluck().get(customer.id)).toBe('Medan');
    expect(storeDigest(booth.store)).toBe(storeDigest(clerk.store));

    // A device enrolled afterwards bootstraps from the server's rows: nothing old there either.
    const newcomer = await device();
    await newcomer.engine.syncOnce();
    expect(storeDigest(newcomer.store)).toBe(storeDigest(clerk.store));
    expect(leaked(everythingIn(newcomer.store)), 'newcomer').toEqual([]);
    expect(leaked((await serverText()).changes), 'server changes at the end').toEqual([]);
    expect(leaked((await serverText()).snapshotRows), 'server snapshot rows at the end').toEqual([]);
    // Through the bulk path too (the newcomer above) and the ordinary one: the erased values do not come back.
    const ordinary = await device({ bulkBootstrap: false });
    await ordinary.engine.syncOnce();
    expect(storeDigest(ordinary.store)).toBe(storeDigest(clerk.store));
    expect(leaked(everythingIn(ordinary.store)), 'ordinary newcomer').toEqual([]);
  }, 60_000);

  // Issue 20: with the server pruning its log, the erasure's changes may be gone before a device comes back.
  it('a device away longer than the retention comes back after the erasure: it bootstraps again, keeps its own changes and holds no old value', async () => {
    const clerk = await device();
    const away = await device({ pullLimit: 4, snapshotLimit: 3 }, boothServer);
    const customer = registerCustomer(
      clerk.store,
      aCustomer().named(NAME).withNik(NIK).withPhone(`0${PHONE_NATIONAL}`).withCard('VIPW0001').withEmail('wulan@contoh.id').build(),
    );
    updateCustomer(clerk.store, customer.id, { notes: NOTES });
    await clerk.engine.syncOnce();
    await away.engine.syncOnce();
    expect(away.store.sqlite.prepare('SELECT full_name FROM customers WHERE id = ?').pluck().get(customer.id)).toBe(NAME);

    // Offline: the booth edits her and registers someone new; then it stays away.
    updateCustomer(away.store, customer.id, { notes: OFFLINE_NOTE });
    const own = registerCustomer(away.store, aCustomer().named('Rudi Hartono').withCard('VIPW0002').build());
    await pause(5);
    eraseCustomer(signedBy(clerk.store, admin.staffId), null, { customerId: customer.id, confirmName: NAME, reason: 'Permintaan tertulis' });
    await clerk.engine.syncOnce();
    // The server folds and prunes everything: the booth, not seen within the retention, is away longer.
    await serverDigest(server.database.db);
    await setRetention(server.database.db, 0);
    expect((await pruneChanges(server.database.db)).pruned).toBeGreaterThan(0);

    const back = await away.engine.syncOnce();
    expect(back.rebootstrapped).toBe(true);
    expect(back.pushed).toBeGreaterThan(0);
    expect(leaked(everythingIn(away.store)), 'the device back from away').toEqual([]);
    await clerk.engine.syncOnce();
    // Its own new customer reached the server and the clerk; every replica is equal, the erasure holds everywhere.
    expect(clerk.store.sqlite.prepare('SELECT full_name FROM customers WHERE id = ?').pluck().get(own.id)).toBe('Rudi Hartono');
    expect(storeDigest(away.store)).toBe(storeDigest(clerk.store));
    expect((await serverDigest(server.database.db)).digest).toBe(storeDigest(clerk.store));
    expect(leaked(everythingIn(clerk.store)), 'clerk').toEqual([]);
    const text = await serverText();
    expect(leaked(text.changes), 'server changes').toEqual([]);
    expect(leaked(text.rowFields), 'server row_fields').toEqual([]);
    expect(leaked(text.snapshotRows), 'server snapshot rows').toEqual([]);
    await setRetention(server.database.db, null);
  }, 60_000);
});
