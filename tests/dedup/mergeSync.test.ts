import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { getCustomer } from '../../electron/core/customers/editCustomer';
import { lookupCustomer } from '../../electron/core/customers/lookup';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import { rejectPair } from '../../electron/core/dedup/decisions';
import { scanStore } from '../../electron/core/dedup/storeScan';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { storeDigest } from '../../electron/core/sync/digest';
import { enrolmentCode, inProcessServer } from '../sync/support/servers';
import { firstAdmin, signedBy } from '../sync/support/authority';
import type { RunningServer } from '../../server/main';

describe('a merge made on one device reaches the others', () => {
  let server: RunningServer;
  /** Merges are a manager's: the server accepts them signed by one (here the chain's admin). */
  let admin: { staffId: string };
  beforeAll(async () => {
    server = await inProcessServer('pglite');
    admin = await firstAdmin(server.database.db);
  });
  afterAll(async () => server?.close());

  async function device() {
    const store = tempStore({ staff: 'Manager Ani' });
    const engine = new SyncEngine(store, { serverUrl: server.url });
    await engine.enrol(await enrolmentCode(server.url, server.adminToken));
    return { store, engine };
  }

  it('merge on A appears on B after sync, and so does the unmerge; rejections sync too', async () => {
    const a = await device();
    const b = await device();
    const siti = registerCustomer(
      a.store,
      aCustomer().named('Siti Rahayu').withPhone('0812-5555-6666').withCard('SYNC0001').bornOn('1985-03-04').build(),
    );
    const sitti = registerCustomer(
      a.store,
      aCustomer().named('Sitti Rahayu').withPhone('081255556666').withCard('SYNC0002').bornOn('1985-03-04').build(),
    );
    const budi = registerCustomer(
      a.store,
      aCustomer().named('Budi Rahayu').withPhone('081255556666').withCard('SYNC0003').bornOn('1960-01-01').build(),
    );
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    expect(lookupCustomer(b.store, 'SYNC0002')?.customer.id).toBe(sitti.id);

    signedBy(a.store, admin.staffId);
    signedBy(b.store, admin.staffId);
    const merge = mergeCustomers(a.store, { survivorId: siti.id, mergedIds: [sitti.id], kind: 'person', reason: 'spelling variant' });
    rejectPair(a.store, siti.id, budi.id, 'father and daughter');
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    expect(lookupCustomer(b.store, 'SYNC0002')?.customer.id).toBe(siti.id);
    expect(
      getCustomer(b.store, sitti.id)
        .cards.map((c) => c.cardNo)
        .sort(),
    ).toEqual(['SYNC0001', 'SYNC0002']);
    expect(b.store.sqlite.prepare('SELECT survivor_id, created_by_staff FROM merges WHERE id = ?').get(merge.mergeId)).toEqual({
      survivor_id: siti.id,
      created_by_staff: 'Manager Ani',
    });
    expect(storeDigest(b.store)).toBe(storeDigest(a.store));
    // B's own scan honours A's decision and merge: one person left for Siti, Budi apart.
    expect(scanStore(b.store)).toMatchObject({ records: 2, clusters: 0 });

    unmergeCustomers(b.store, merge.mergeId);
    await b.engine.syncOnce();
    await a.engine.syncOnce();
    expect(lookupCustomer(a.store, 'SYNC0002')?.customer.id).toBe(sitti.id);
    expect(storeDigest(a.store)).toBe(storeDigest(b.store));
  });
});
