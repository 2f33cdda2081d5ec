import { replayedStateOf } from '../../electron/core/loyalty/balances';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import {
  adjustPoints,
  earnPoints,
  expirePoints,
  redeemPoints,
  reversePurchasePoints,
  setRule,
  verifyBalances,
} from '../../electron/core/loyalty';
import { deviceToday } from '../../electron/core/loyalty/ledgerDays';
import { closeStore, type Store } from '../../electron/core/store/store';
import { storeDigest } from '../../electron/core/sync/digest';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import { AkrabError } from '../../shared/errors';
import type { RunningServer } from '../../server/main';
import type { ServerDrizzle } from '../../server/storage/database';
import { registerDeviceDirectly, resetServerData, serverDigest } from '../../server/storage/syncStorage';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { ADMIN, firstAdmin, signedBy } from '../sync/support/authority';
import { faultyFetch } from '../sync/support/faultyFetch';
import { seeded, settle, syncWithFaults, type Replica } from '../sync/support/scenario';
import { backends, inProcessServer } from '../sync/support/servers';
import { outletDay } from '../support/outletDay';

const RUNS = Number(process.env.AKRAB_LOYALTY_SEEDS ?? 12);
const DAY = 86_400_000;

/** Devices share a virtual calendar that starts months in the past (the server refuses stamps from the future). */
async function loyaltyReplicas(db: ServerDrizzle, url: string, count: number, clock: { now: number }, admin: string): Promise<Replica[]> {
  const list: Replica[] = [];
  for (let i = 0; i < count; i++) {
    const store = tempStore({ now: () => new Date(clock.now + i * 1000) });
    signedBy(store, admin);
    saveEnrolment(store, url, await registerDeviceDirectly(db, store.deviceId, 'OUT1'), 'OUT1');
    const net = faultyFetch();
    list.push({
      store,
      net,
      engine: new SyncEngine(store, { fetch: net.fetch, timeoutMs: 10_000, pushBatch: 4, pullLimit: 5, snapshotLimit: 3 }),
      rebootstraps: 0,
    });
  }
  return list;
}

async function randomLoyaltyStep(replica: Replica, random: () => number, clock: { now: number }, admin: Session): Promise<void> {
  const { store } = replica;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const customers = store.sqlite.prepare('SELECT id FROM customers ORDER BY id').pluck().all() as string[];
  // A small pool of invoice numbers: the same invoice reaches several devices and several paths.
  const invoice = `INV-${Math.floor(random() * 10)}`;
  const roll = random();
  try {
    if (roll < 0.2)
      addPurchase(store, {
        customerId: pick(customers),
        invoiceNo: invoice,
        purchasedAt: new Date(clock.now).toISOString(),
        amount: 10_000 * (1 + Math.floor(random() * 50)),
      });
    else if (roll < 0.27)
      earnPoints(store, {
        customerId: pick(customers),
        invoiceNo: invoice.toLowerCase(),
        amount: 10_000 * (1 + Math.floor(random() * 50)),
      });
    else if (roll < 0.43) redeemPoints(store, { customerId: pick(customers), points: 1 + Math.floor(random() * 30) });
    else if (roll < 0.49) expirePoints(store);
    else if (roll < 0.55)
      adjustPoints(store, admin, {
        customerId: pick(customers),
        points: (random() < 0.5 ? -1 : 1) * (1 + Math.floor(random() * 20)),
        reason: 'koreksi kasir',
      });
    else if (roll < 0.6) {
      // A purchase this device holds comes back (its earn may have been refused: an invoice number reused for two
      // customers), or an invoice line earned on its own, named with the customer it earned for.
      const bought = store.sqlite.prepare('SELECT id FROM purchases WHERE invoice_no IS NOT NULL ORDER BY id').pluck().all() as string[];
      const earned = store.sqlite
        .prepare(`SELECT invoice_no AS invoiceNo, customer_id AS customerId FROM points_ledger WHERE kind = 'earn' ORDER BY id`)
        .all() as { invoiceNo: string; customerId: string }[];
      if (bought.length && random() < 0.6) reversePurchasePoints(store, { purchaseId: pick(bought), reason: 'retur' });
      else reversePurchasePoints(store, { ...(earned.length ? pick(earned) : { invoiceNo: invoice }), reason: 'retur' });
    } else if (roll < 0.64) {
      // A merge left standing: its transfers sync to the others (and may be undone later, on any device).
      const [survivor, merged] = twoLive(store, random);
      mergeCustomers(store, { survivorId: survivor, mergedIds: [merged], kind: 'person' });
    } else if (roll < 0.67) {
      const open = store.sqlite.prepare('SELECT id FROM merges WHERE undone_at IS NULL AND deleted_at IS NULL ORDER BY id').pluck().all() as string[];
      if (open.length) unmergeCustomers(store, pick(open));
    } else if (roll < 0.7) {
      // Merged by mistake and undone at once: every balance is exactly what it was.
      const [survivor, merged] = twoLive(store, random);
      const balances = () => [survivor, merged].map((id) => store.sqlite.prepare('SELECT balance FROM points_balances WHERE customer_id = ?').pluck().get(id) ?? 0);
      const before = balances();
      const merge = mergeCustomers(store, { survivorId: survivor, mergedIds: [merged], kind: 'person' });
      try {
        unmergeCustomers(store, merge.mergeId);
      } catch (error) {
        throw new Error(`an unmerge right after its merge was refused: ${String(error)}`, { cause: error });
      }
      expect(balances()).toEqual(before);
      roundTrips.count++;
    } else if (roll < 0.76) clock.now += DAY * (1 + Math.floor(random() * 20));
    else await syncWithFaults(replica, random, 0.3);
  } catch (error) {
    // Beyond balance or offline limit, nothing to reverse: ordinary refusals at a counter.
    if (!(error instanceof AkrabError)) throw error;
  }
}

const roundTrips = { count: 0 };

/** Two live customers (a new registration when fewer are left after merges). */
function twoLive(store: Store, random: () => number): [string, string] {
  const live = () => store.sqlite.prepare('SELECT id FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL ORDER BY id').pluck().all() as string[];
  while (live().length < 2) registerCustomer(store, aCustomer().build());
  const ids = live();
  const a = Math.floor(random() * ids.length);
  const b = (a + 1 + Math.floor(random() * (ids.length - 1))) % ids.length;
  return [ids[a]!, ids[b]!];
}

const ledgerOf = (store: Store) =>
  store.sqlite
    .prepare(
      'SELECT id, source, kind, customer_id, points, occurred_at, expires_on, related_id, provisional FROM points_ledger ORDER BY id',
    )
    .all();

describe.each(backends)('the points ledger across devices (%s)', (backend) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await inProcessServer(backend);
  }, 180_000);
  afterAll(async () => server?.close());

  const seen = new Set<string>();
  it(`all replicas hold one ledger, every balance is its ledger's sum, no event counted twice (${RUNS} seeds)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 15, max: 40 }),
        async (seed, devices, steps) => {
          const db = server.database.db;
          await resetServerData(db);
          await db.execute(sql`TRUNCATE staff_keys`);
          const { staffId } = await firstAdmin(db);
          const admin: Session = { staffId, name: ADMIN.name, role: 'admin', outletId: null };
          const random = seeded(seed);
          const clock = { now: Date.now() - 240 * DAY };
          const list = await loyaltyReplicas(db, server.url, devices, clock, staffId);
          try {
            const first = list[0]!.store;
            setRule(first, admin, aLoyaltyRule(outletDay(clock.now)).validFor(1).offlineLimit(40).build());
            for (let i = 0; i < 3; i++) registerCustomer(first, aCustomer().build());
            await settle(list);
            for (let i = 0; i < steps; i++) await randomLoyaltyStep(list[Math.floor(random() * list.length)]!, random, clock, admin);
            // Past every lot's last day, one device runs the expiry pass before hearing from the others.
            clock.now += 40 * DAY;
            expirePoints(list[Math.floor(random() * list.length)]!.store);
            await settle(list);
            // The next pass corrects any expiry that took more than its lot held once every debit arrived.
            expirePoints(list[Math.floor(random() * list.length)]!.store);
            await settle(list);

            const server_ = await serverDigest(db);
            for (const r of list) expect(storeDigest(r.store)).toBe(server_.digest);
            const ledger = ledgerOf(first);
            for (const event of ledger as { kind: string; provisional: number }[])
              seen.add(event.provisional ? `${event.kind} provisional` : event.kind);
            for (const r of list) {
              expect(ledgerOf(r.store)).toEqual(ledger);
              expect(verifyBalances(r.store).mismatches).toEqual([]);
              const twice = r.store.sqlite
                .prepare(
                  `SELECT kind, coalesce(invoice_no, related_id) AS what, count(*) AS n FROM points_ledger WHERE kind IN ('earn', 'reverse', 'expire')
                 GROUP BY kind, what HAVING n > 1`,
                )
                .all();
              expect(twice).toEqual([]);
              // No expiry ended more than its lot held (over-expiry race, corrected by expire_fix events).
              const customers = r.store.sqlite.prepare('SELECT DISTINCT customer_id FROM points_ledger').pluck().all() as string[];
              for (const customerId of customers)
                for (const [, e] of replayedStateOf(r.store, customerId).expiries) expect(e.excess).toBe(e.corrected);
              // After the passes no lot has points left past its last day (under-expiry race: an expiry written for less
              // than its lot holds in the whole ledger, corrected by a negative expire_fix).
              const today = deviceToday(r.store);
              for (const customerId of customers)
                expect(replayedStateOf(r.store, customerId).lots.filter((l) => l.remaining > 0 && l.expiresOn !== null && l.expiresOn <= today)).toEqual([]);
              // A balance below zero is flagged. Offline redemptions stay within the limit per device, card and day
              // (so what two outlets can overdraw apart is bounded); reversals and concurrent debits can also go below zero.
              const negative = r.store.sqlite.prepare('SELECT flagged FROM points_balances WHERE balance < 0').pluck().all();
              for (const flagged of negative) expect(flagged).toBe(1);
              const overLimit = r.store.sqlite
                .prepare(
                  `SELECT customer_id, created_by_device, substr(occurred_at, 1, 10) AS day, -sum(points) AS redeemed FROM points_ledger
                 WHERE kind = 'redeem' AND provisional = 1 GROUP BY customer_id, created_by_device, day HAVING redeemed > 40`,
                )
                .all();
              expect(overLimit).toEqual([]);
            }
          } finally {
            for (const r of list) closeStore(r.store);
          }
        },
      ),
      {
        numRuns: RUNS,
        endOnFailure: true,
        // Counterexamples of "no lot has points left past its last day" before expire_fix also ended what an expiry
        // left (under-expiry). Device and event ids are random, so a run is not an exact replay of the failure.
        examples: [
          [2147483642, 2, 26],
          [1334935122, 3, 25],
        ],
        ...(process.env.AKRAB_LOYALTY_REPLAY && JSON.parse(process.env.AKRAB_LOYALTY_REPLAY)),
      },
    );
    // The runs did what they claim: every kind of movement happened somewhere.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['adjust', 'earn', 'expire', 'redeem provisional', 'reverse', 'transfer_in', 'transfer_out']),
    );
    expect(roundTrips.count).toBeGreaterThan(0);
  }, 900_000);
});
