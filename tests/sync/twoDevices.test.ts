import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { updateCustomer } from '../../electron/core/customers/editCustomer';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { storeDigest } from '../../electron/core/sync/digest';
import { listSyncConflicts } from '../../electron/core/sync/conflicts';
import { lookupByCard } from './support/lookups';
import { backends, digestOf, enrolmentCode, freshPgDatabase, serverProcess, type ServerProcess } from './support/servers';

describe.each(backends)('two devices against a real server process (%s)', (backend) => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await serverProcess(backend === 'postgres' ? { databaseUrl: await freshPgDatabase() } : { dataDir: tempDir() });
  });
  afterAll(async () => server?.stop());

  async function enrolledDevice() {
    const store = tempStore();
    const engine = new SyncEngine(store, { serverUrl: server.url });
    await engine.enrol(await enrolmentCode(server.url, server.adminToken));
    return { store, engine };
  }

  it('a booth registration made offline is findable at the store after the next connection, and concurrent edits converge', async () => {
    const booth = await enrolledDevice();
    const shop = await enrolledDevice();

    // Offline: both register and edit; nothing reaches the server.
    const siti = registerCustomer(booth.store, aCustomer().named('Siti Rahayu').withCard('BOOTH0001').build());
    const budi = registerCustomer(shop.store, aCustomer().named('Budi Santoso').withCard('SHOP0001').build());
    await booth.engine.syncOnce();
    await shop.engine.syncOnce();
    expect(lookupByCard(shop.store, 'BOOTH0001')).toBe(siti.id);
    await booth.engine.syncOnce();
    expect(lookupByCard(booth.store, 'SHOP0001')).toBe(budi.id);

    // Both edit the same customer offline: different fields merge, the same field goes to the later stamp.
    updateCustomer(booth.store, siti.id, { city: 'Bandung', notes: 'booth note' });
    await new Promise((r) => setTimeout(r, 5));
    updateCustomer(shop.store, siti.id, { city: 'Surabaya', email: 'siti@example.com' });
    // …and both issue the same card number to different customers.
    const { addCard } = await import('../../electron/core/customers/editCustomer');
    addCard(booth.store, siti.id, 'DUP777');
    await new Promise((r) => setTimeout(r, 5)); // same millisecond would leave the order to the device ids
    addCard(shop.store, budi.id, 'DUP777');

    await shop.engine.syncOnce();
    await booth.engine.syncOnce();
    await shop.engine.syncOnce();

    const digest = storeDigest(booth.store);
    expect(storeDigest(shop.store)).toBe(digest);
    expect((await digestOf(server.url, server.adminToken)).digest).toBe(digest);

    const row = booth.store.sqlite.prepare('SELECT city, notes, email FROM customers WHERE id = ?').get(siti.id);
    expect(row).toEqual({ city: 'Surabaya', notes: 'booth note', email: 'siti@example.com' });

    // The card-number collision is kept, surfaced identically on both devices, never dropped.
    const conflictsA = listSyncConflicts(booth.store);
    const conflictsB = listSyncConflicts(shop.store);
    expect(conflictsA).toHaveLength(1);
    expect(conflictsB.map((c) => [c.rowId, c.heldByRowId])).toEqual(conflictsA.map((c) => [c.rowId, c.heldByRowId]));
    expect(conflictsA[0]!.value).toBe('DUP777');
    // The booth's card was issued first, so it keeps the number.
    expect(lookupByCard(shop.store, 'DUP777')).toBe(siti.id);

    // A third device bootstraps from a snapshot and lands on the same state.
    const newcomer = await enrolledDevice();
    const round = await newcomer.engine.syncOnce();
    expect(round.snapshotRows).toBeGreaterThan(0);
    expect(storeDigest(newcomer.store)).toBe(digest);
    expect(listSyncConflicts(newcomer.store).map((c) => c.rowId)).toEqual(conflictsA.map((c) => c.rowId));
  });
});
