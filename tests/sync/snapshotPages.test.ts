import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { storeDigest } from '../../electron/core/sync/digest';
import { readSnapshot } from '../../server/storage/syncStorage';
import { rows } from '../../server/storage/database';
import type { RunningServer } from '../../server/main';
import { backends, enrolmentCode, inProcessServer } from './support/servers';

const materialised = async (server: RunningServer) =>
  Number((await rows<{ v: string | null }>(server.database.db, sql`SELECT value AS v FROM server_state WHERE key = 'materialised_seq'`))[0]?.v ?? 0);
const top = async (server: RunningServer) => Number((await rows<{ n: string }>(server.database.db, sql`SELECT coalesce(max(seq), 0) AS n FROM changes`))[0]!.n);

describe.each(backends)('snapshots in pages, folded a step at a time (%s; issue 20, point 2)', (backend) => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('a snapshot request folds at most one step of the log, never all of it, and hands out the cursor it reflects', async () => {
    const server = await inProcessServer(backend, { foldStep: 100 });
    servers.push(server);
    const a = tempStore();
    const engine = new SyncEngine(a, { serverUrl: server.url });
    await engine.enrol(await enrolmentCode(server.url, server.adminToken));
    for (let i = 0; i < 300; i++) registerCustomer(a, aCustomer().withCard(`SNAP${1000 + i}`).build());
    await engine.syncOnce();
    // The push folded the log in the background, step by step; once it is done, unfold it all again and see what
    // one snapshot request does with a log of 600+ unfolded changes.
    while ((await materialised(server)) < (await top(server))) await new Promise((resolve) => setTimeout(resolve, 50));
    await server.database.db.execute(sql`DELETE FROM row_fields`);
    await server.database.db.execute(sql`DELETE FROM server_state WHERE key = 'materialised_seq'`);
    const logTop = await top(server);
    expect(logTop).toBeGreaterThan(600);
    const page = await readSnapshot(server.database.db, null, 50, 100);
    const reached = await materialised(server);
    expect(reached).toBeLessThanOrEqual(100);
    expect(page.cursor).toBe(reached);
  }, 120_000);

  it('a new device bootstraps a store of many pages with a small page size and small fold steps, and equals the first', async () => {
    const server = await inProcessServer(backend, { foldStep: 250 });
    servers.push(server);
    const a = tempStore();
    const engineA = new SyncEngine(a, { serverUrl: server.url });
    await engineA.enrol(await enrolmentCode(server.url, server.adminToken));
    for (let i = 0; i < 1200; i++)
      registerCustomer(a, aCustomer().named(`Pelanggan ${i}`).withCard(`BOOT${10000 + i}`).withPurchase(`INV-${i}`, 100_000 + i).build());
    await engineA.syncOnce();
    const b = tempStore();
    const engineB = new SyncEngine(b, { serverUrl: server.url, snapshotLimit: 37, pullLimit: 200 });
    await engineB.enrol(await enrolmentCode(server.url, server.adminToken));
    const result = await engineB.syncOnce();
    expect(result.snapshotRows).toBeGreaterThan(3000);
    expect(storeDigest(b)).toBe(storeDigest(a));
    expect(b.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(1200);
  }, 240_000);
});
