import { afterAll, describe, expect, it } from 'vitest';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { updateCustomer } from '../../electron/core/customers/editCustomer';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { storeDigest } from '../../electron/core/sync/digest';
import type { RunningServer } from '../../server/main';
import { lookupByCard } from './support/lookups';
import { adminCall, backends, digestOf, enrolmentCode, inProcessServer } from './support/servers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends)('retention of the server’s change log (%s; issue 20, point 2)', (backend) => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('prunes what every active device pulled; a device away longer bootstraps again and keeps its own unpushed changes', async () => {
    const server = await inProcessServer(backend, { foldStep: 200 });
    servers.push(server);
    const admin = <T>(method: 'GET' | 'POST', route: string, body?: unknown) => adminCall<T>(server.url, server.adminToken, method, route, body);
    const device = async () => {
      const store = tempStore();
      const engine = new SyncEngine(store, { serverUrl: server.url, snapshotLimit: 50 });
      await engine.enrol(await enrolmentCode(server.url, server.adminToken));
      return { store, engine };
    };
    const shop = await device();
    const booth = await device();
    const shared = registerCustomer(shop.store, aCustomer().named('Sari Dewi').withCard('RET0001').build());
    await shop.engine.syncOnce();
    await booth.engine.syncOnce();
    expect(lookupByCard(booth.store, 'RET0001')).toBe(shared.id);

    // The booth goes away. Offline it registers a customer and edits the shared one: both stay unpushed.
    const boothOnly = registerCustomer(booth.store, aCustomer().named('Booth Offline').withCard('RETBOOTH1').build());
    updateCustomer(booth.store, shared.id, { notes: 'dari booth, offline' });

    // Keep changes 1.5 s (days as a fraction); the shop keeps working and syncing meanwhile.
    await admin('POST', '/admin/retention', { days: 1.5 / 86_400 });
    for (let i = 0; i < 40; i++) registerCustomer(shop.store, aCustomer().withCard(`RETS${100 + i}`).build());
    updateCustomer(shop.store, shared.id, { city: 'Makassar' });
    await shop.engine.syncOnce();
    await sleep(3_000);
    await shop.engine.syncOnce(); // seen again: the only active device; it has pulled everything
    const before = await digestOf(server.url, server.adminToken);
    const pruned = await admin<{ pruned: number; through: number }>('POST', '/admin/prune');
    expect(pruned.pruned).toBeGreaterThan(100);
    const after = await digestOf(server.url, server.adminToken);
    expect(after.changes).toBe(before.changes - pruned.pruned);
    // The folded rows are untouched: the digest of what the server serves is the same.
    expect(after.digest).toBe(before.digest);

    // The booth comes back after longer than the retention: its cursor is behind what was pruned.
    const round = await booth.engine.syncOnce();
    expect(round.rebootstrapped).toBe(true);
    await shop.engine.syncOnce();
    // It has everything the shop wrote, and kept and delivered its own offline work.
    expect(lookupByCard(booth.store, 'RETS139')).toBeDefined();
    expect(lookupByCard(shop.store, 'RETBOOTH1')).toBe(boothOnly.id);
    const row = (s: typeof booth.store) => s.sqlite.prepare('SELECT city, notes FROM customers WHERE id = ?').get(shared.id);
    expect(row(booth.store)).toEqual({ city: 'Makassar', notes: 'dari booth, offline' });
    expect(row(shop.store)).toEqual(row(booth.store));
    const digest = (await digestOf(server.url, server.adminToken)).digest;
    expect(storeDigest(booth.store)).toBe(digest);
    expect(storeDigest(shop.store)).toBe(digest);
  }, 180_000);
});
