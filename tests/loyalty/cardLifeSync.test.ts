import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { blockClusterCards } from '../../electron/core/dedup/blockClusterCards';
import { clusterDetail, listClusters } from '../../electron/core/dedup/reviewQueue';
import { seedDemoStore } from '../../electron/core/demo/seedDemoStore';
import { blockCard, replaceCard, unblockCard } from '../../electron/core/loyalty/cards/cardLife';
import { eraseCustomer } from '../../electron/core/privacy/erasure';
import type { Store } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import type { RunningServer } from '../../server/main';
import { tempStore } from '../support/tempStore';
import { ADMIN, firstAdmin, signedBy } from '../sync/support/authority';
import { backends, enrolmentCode, inProcessServer } from '../sync/support/servers';

/**
 * A card's status is a manager's (server/authority/cardStatus.ts): every honest way the core changes it — a block,
 * an unblock, a replacement, a farming cluster's cards blocked from the review queue, an erasure — is accepted
 * by the server and reaches another device as it was written.
 */
describe.each(backends)("a manager's card changes sync (%s)", (backend) => {
  let server: RunningServer;
  let admin: Session;
  beforeAll(async () => {
    server = await inProcessServer(backend);
    admin = { staffId: (await firstAdmin(server.database.db)).staffId, name: ADMIN.name, role: 'admin', outletId: null };
  });
  afterAll(async () => server?.close());

  async function device() {
    const store = tempStore();
    const engine = new SyncEngine(store, { serverUrl: server.url });
    await engine.enrol(await enrolmentCode(server.url, server.adminToken));
    await engine.syncOnce();
    return { store, engine };
  }
  const cardsOf = (store: Store) => store.sqlite.prepare('SELECT id, card_no, status, customer_id FROM cards ORDER BY id').all();
  const activeCard = (store: Store, skip = 0) =>
    store.sqlite
      .prepare(
        `SELECT k.card_no FROM cards k JOIN customers c ON c.id = k.customer_id
         WHERE k.status = 'active' AND k.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY k.id LIMIT 1 OFFSET ?`,
      )
      .pluck()
      .get(skip) as string;

  it('blocks, unblocks, replacements, a cluster block and an erasure are accepted and reach another device', async () => {
    const a = await device();
    signedBy(a.store, admin.staffId);
    // Its loyalty seed has a replaced and a blocked card already.
    seedDemoStore(a.store);
    await a.engine.syncOnce();
    // The seed's made-up redemptions exceed the server's offline limit (ledgerCheck.ts); nothing else is refused.
    const refusedTables = a.store.sqlite
      .prepare(`SELECT DISTINCT json_extract(details, '$.table') FROM audit_log WHERE action = 'sync.refused'`)
      .pluck()
      .all();
    expect(refusedTables.filter((t) => t !== 'points_ledger')).toEqual([]);

    const cluster = listClusters(a.store, { kind: 'farming' })[0]!;
    const keep = clusterDetail(a.store, cluster.id).members[0]!.id;
    const { blocked } = blockClusterCards(a.store, admin, cluster.id, { keepCustomerId: keep, reason: 'penimbunan kartu' });
    expect(blocked.length).toBeGreaterThan(0);
    unblockCard(a.store, admin, { cardNo: blocked[0]!, reason: 'pelanggan asli' });
    replaceCard(a.store, admin, { cardNo: activeCard(a.store), newCardNo: 'VIP990001', reason: 'hilang' });
    blockCard(a.store, admin, { cardNo: activeCard(a.store), reason: 'disalahgunakan' });
    const erased = a.store.sqlite.prepare(`SELECT c.id, c.full_name AS name FROM customers c JOIN cards k ON k.customer_id = c.id
      WHERE k.status = 'active' AND c.deleted_at IS NULL ORDER BY c.id LIMIT 1 OFFSET 5`).get() as { id: string; name: string };
    eraseCustomer(a.store, null, { customerId: erased.id, confirmName: erased.name, reason: 'Permintaan tertulis' });
    expect((await a.engine.syncOnce()).refused).toBe(0);

    const b = await device();
    expect(cardsOf(b.store)).toEqual(cardsOf(a.store));
    const statuses = (b.store.sqlite.prepare('SELECT status, count(*) AS n FROM cards GROUP BY status').all() as { status: string }[]).map((r) => r.status);
    expect(statuses.sort()).toEqual(['active', 'blocked', 'lost']);

    // And back the other way, as pulled changes rather than a snapshot.
    signedBy(b.store, admin.staffId);
    blockCard(b.store, admin, { cardNo: activeCard(b.store, 3), reason: 'disalahgunakan' });
    expect((await b.engine.syncOnce()).refused).toBe(0);
    await a.engine.syncOnce();
    expect(cardsOf(a.store)).toEqual(cardsOf(b.store));
  }, 120_000);
});
