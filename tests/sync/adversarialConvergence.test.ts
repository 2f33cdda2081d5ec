import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../electron/core/auth/staffAccounts';
import { HybridClock } from '../../electron/core/clock/hybridClock';
import { AkrabError } from '../../shared/errors';
import { closeStore } from '../../electron/core/store/store';
import type { PushResponse } from '../../electron/core/sync/protocol';
import type { RunningServer } from '../../server/main';
import { registerDeviceDirectly, resetServerData } from '../../server/storage/syncStorage';
import { backends, inProcessServer } from './support/servers';
import { outcome, ownChangeCount, randomStep, replicas, seeded, settle, syncWithFaults, type Replica } from './support/scenario';
import { updateCustomer } from '../../electron/core/customers/editCustomer';

// 20 seeds by default; a deep run (AKRAB_SYNC_SEEDS=N) runs N/10.
const RUNS = Math.max(20, Math.floor(Number(process.env.AKRAB_SYNC_SEEDS ?? 200) / 10));
const DAY = 86_400_000;

/**
 * The convergence property with an enemy in the room: besides honest devices (clocks off by up to two minutes)
 * making random edits over lossy links, a hostile enrolled device sends forged staff, audit and erasure changes
 * and stamps from a clock far ahead or slightly ahead, an honest device makes changes it has no authority for
 * (refused and reverted), and a far-future stamp that an older server accepted sits in the log. Every honest
 * replica must still end equal to the server, and hold every one of its own accepted changes exactly once.
 */
describe.each(backends)('convergence with forged, skewed and refused changes (%s)', (backend) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await inProcessServer(backend);
  });
  afterAll(async () => server?.close());

  const runs = backend === 'pglite' ? RUNS : Math.max(5, Math.floor(RUNS / 2));
  it(`honest replicas converge whatever a hostile device sends (${runs} seeds)`, async () => {
    let compacted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 12, max: 30 }),
        async (seed, devices, steps) => {
          await resetServerData(server.database.db);
          const random = seeded(seed);
          const list = await replicas(server.database.db, server.url, devices, random, { pushBatch: 3, pullLimit: 4, snapshotLimit: 2 });
          const hostile = await hostileDevice();
          try {
            for (let i = 0; i < steps; i++) {
              const roll = random();
              if (roll < 0.2) await hostile.attack(list, random);
              else if (roll < 0.25) unauthorisedStaffChange(list[Math.floor(random() * list.length)]!);
              else if (roll < 0.28) await hostile.staleFutureStamp(list, random);
              else await randomStep(list[Math.floor(random() * list.length)]!, random, 0.3);
            }
            await settle(list);
            const result = await outcome(server.database.db, list);
            for (const digest of result.replicas) expect(digest).toBe(result.server);
            // Exactly once, for the honest devices: each of their changes that was not refused is on the server once.
            for (const r of list) expect(await countOf(r.store.deviceId)).toBe(ownChangeCount(r.store));
            compacted += result.compactedRows;
          } finally {
            for (const r of list) closeStore(r.store);
          }
        },
      ),
      // The example is a case CI once found: a device's deletion arriving just before its stale-stamp edit.
      // FC_SEED / FC_PATH replay a reported failure.
      { numRuns: runs, examples: [[1171495549, 2, 21]], ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}) },
    );
    // The property ran with the change log compacted after each sync round.
    expect(compacted).toBeGreaterThan(0);
  }, 900_000);

  async function countOf(deviceId: string): Promise<number> {
    const result = (await server.database.db.execute(sql`SELECT count(*) AS n FROM changes WHERE device_id = ${deviceId}`)) as unknown as {
      rows: { n: string | number }[];
    };
    return Number(result.rows[0]?.n ?? 0);
  }

  async function hostileDevice() {
    const deviceId = `hostile${Math.floor(Math.random() * 1e9)}`;
    const token = await registerDeviceDirectly(server.database.db, deviceId, 'OUT1');
    let id = 1;
    const push = async (
      changes: { table: string; rowId: string; op: 'upsert' | 'delete'; data: Record<string, unknown>; hlc: string }[],
    ) => {
      const response = await fetch(`${server.url}/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ deviceId, batchId: `b${id}`, changes: changes.map((c) => ({ id: id++, ...c })) }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as PushResponse;
    };
    const staleRows = new Set<string>();
    const honestClock = new HybridClock(deviceId);
    const farClock = new HybridClock(deviceId, undefined, () => Date.now() + 365 * DAY);
    const slightlyAhead = new HybridClock(deviceId, undefined, () => Date.now() + 60_000);
    const audit = (at: string, extra: Record<string, unknown>) => ({
      at,
      outcome: 'ok',
      created_at: at,
      updated_at: at,
      created_by_device: deviceId,
      updated_by_device: deviceId,
      ...extra,
    });
    return {
      async attack(list: Replica[], random: () => number) {
        const victim = list[Math.floor(random() * list.length)]!.store;
        const customerIds = victim.sqlite.prepare('SELECT id FROM customers ORDER BY id').pluck().all() as string[];
        const auditIds = victim.sqlite.prepare('SELECT id FROM audit_log ORDER BY id').pluck().all() as string[];
        const customer = customerIds[Math.floor(random() * customerIds.length)];
        const at = new Date().toISOString();
        const kind = Math.floor(random() * 5);
        if (kind === 0) {
          const answer = await push([
            {
              table: 'staff',
              rowId: `GHOST${id}`,
              op: 'upsert',
              hlc: honestClock.tick(),
              data: { id: `GHOST${id}`, name: 'Ghost', role: 'admin', pin_hash: 'x', active: 1 },
            },
          ]);
          expect(answer.refused.map((r) => r.reason)).toEqual(['staff_not_permitted']);
        } else if (kind === 1 && auditIds.length > 0) {
          const answer = await push([
            {
              table: 'audit_log',
              rowId: auditIds[Math.floor(random() * auditIds.length)]!,
              op: 'upsert',
              hlc: honestClock.tick(),
              data: { action: 'rewritten' },
            },
          ]);
          // An entry the server has is append-only; one it has not seen yet is not the hostile device's to write.
          expect(['audit_append_only', 'audit_foreign_device']).toContain(answer.refused[0]?.reason);
        } else if (kind === 2 && customer) {
          const first = honestClock.tick();
          const answer = await push([
            { table: 'customers', rowId: customer, op: 'upsert', hlc: first, data: { full_name: 'Palsu', updated_at: at } },
            {
              table: 'audit_log',
              rowId: `ERASE${id}`,
              op: 'upsert',
              hlc: honestClock.tick(),
              data: audit(at, {
                id: `ERASE${id}`,
                action: 'privacy.erase',
                customer_id: customer,
                details: JSON.stringify({ changesFrom: first }),
              }),
            },
          ]);
          expect(answer.refused.map((r) => r.reason)).toEqual(['erasure_not_permitted']);
        } else if (kind === 3 && customer) {
          const answer = await push([
            { table: 'customers', rowId: customer, op: 'upsert', hlc: farClock.tick(), data: { notes: 'dari masa depan', updated_at: at } },
          ]);
          // Refused, unless the row already holds a stamp further ahead (a stale one below): then it adds no new
          // future time, loses to that stamp anyway, and is let through.
          expect(answer.refused.map((r) => r.reason)).toEqual(staleRows.has(customer) ? [] : ['clock_ahead']);
        } else if (customer) {
          // Within the allowance: an ordinary edit that happens to win for a minute.
          const answer = await push([
            { table: 'customers', rowId: customer, op: 'upsert', hlc: slightlyAhead.tick(), data: { city: 'Kupang', updated_at: at } },
          ]);
          expect(answer.refused).toEqual([]);
        }
      },
      /** A far-future change that a server before this check stored: written straight into the log. */
      async staleFutureStamp(list: Replica[], random: () => number) {
        const editor = list[Math.floor(random() * list.length)]!;
        const ids = editor.store.sqlite.prepare('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id').pluck().all() as string[];
        if (ids.length === 0) return;
        const customerId = ids[Math.floor(random() * ids.length)]!;
        staleRows.add(customerId);
        const stamp = `9999-12-31T00:00:00.${String(id++ % 1000).padStart(3, '0')}Z-0000-${deviceId}`;
        await server.database.db.execute(sql`INSERT INTO changes (device_id, hlc, table_name, row_id, op, data)
          VALUES (${deviceId}, ${stamp}, 'customers', ${customerId}, 'upsert', ${JSON.stringify({ notes: 'masa depan' })}::jsonb)`);
        // An honest device receives it and then edits the same field: its edit must win everywhere, not just here.
        await syncWithFaults(editor, random, 0);
        // The sync may bring another device's deletion or merge of this customer: then there is nothing to edit.
        const live = editor.store.sqlite.prepare('SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL AND merged_into IS NULL').get(customerId);
        if (live) updateCustomer(editor.store, customerId, { notes: `sesudah ${id}` });
      },
    };
  }
});

/** An honest device whose operator makes a staff account without any authority (no session): refused, reverted. */
function unauthorisedStaffChange(replica: Replica): void {
  try {
    createStaff(
      replica.store,
      { staffId: 'nobody', name: 'Nobody', role: 'admin', outletId: null },
      { name: 'Tanpa Wewenang', role: 'admin', pin: '73915062', password: 'tanpa-wewenang-1' },
    );
  } catch (error) {
    if (!(error instanceof AkrabError)) throw error;
  }
}
