import { cards, customers } from '../../../db/schema';
import { registerCustomer } from '../../../electron/core/customers/registerCustomer';
import { addCard, addPhone, updateCustomer } from '../../../electron/core/customers/editCustomer';
import { AkrabError } from '../../../shared/errors';
import type { Store } from '../../../electron/core/store/store';
import { transact } from '../../../electron/core/store/writer';
import { SyncEngine } from '../../../electron/core/sync/syncEngine';
import { SyncError } from '../../../electron/core/sync/syncClient';
import { saveEnrolment } from '../../../electron/core/sync/syncState';
import { storeDigest } from '../../../electron/core/sync/digest';
import { listSyncConflicts } from '../../../electron/core/sync/conflicts';
import { registerDeviceDirectly, serverDigest } from '../../../server/storage/syncStorage';
import type { ServerDrizzle } from '../../../server/storage/database';
import { tempStore } from '../../support/tempStore';
import { aCustomer } from '../../support/builders';
import { faultyFetch, seeded, type Fault, type FaultyFetch } from './faultyFetch';

export interface Replica {
  store: Store;
  engine: SyncEngine;
  net: FaultyFetch;
  /** Rounds in which the server told the device it was away longer than the retention and it bootstrapped again. */
  rebootstraps: number;
}

export async function replicas(
  db: ServerDrizzle,
  url: string,
  count: number,
  random: () => number,
  engineOptions: { pushBatch?: number; pullLimit?: number; snapshotLimit?: number } = {},
): Promise<Replica[]> {
  const list: Replica[] = [];
  for (let i = 0; i < count; i++) {
    // Each device's wall clock is off by up to ±2 minutes: stamps still order, within the drift limit.
    const skew = Math.round((random() - 0.5) * 240_000);
    const store = tempStore({ now: () => new Date(Date.now() + skew) });
    countOwnChanges(store);
    const token = await registerDeviceDirectly(db, store.deviceId, 'OUT1');
    saveEnrolment(store, url, token, 'OUT1');
    const net = faultyFetch();
    list.push({ store, net, engine: new SyncEngine(store, { fetch: net.fetch, timeoutMs: 10_000, ...engineOptions }), rebootstraps: 0 });
  }
  return list;
}

const cities = ['Bandung', 'Surabaya', 'Medan', null];
const names = ['Siti Rahayu', 'Budi Santoso', 'Wayan Sudarsana', 'Dewi Lestari'];

/** One random step on one device: a domain write through the ordinary core functions, or a sync round with faults. */
export async function randomStep(replica: Replica, random: () => number, faultRate: number): Promise<void> {
  const { store } = replica;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const ids = store.sqlite.prepare('SELECT id FROM customers ORDER BY id').pluck().all() as string[];
  const roll = random();
  try {
    if (roll < 0.2 || ids.length === 0) {
      registerCustomer(store, aCustomer().named(pick(names)).build());
    } else if (roll < 0.45) {
      const patch = pick([
        { city: pick(cities) },
        { notes: `note ${Math.floor(random() * 5)}` },
        { fullName: pick(names) },
        { consentMarketing: random() < 0.5 },
      ]);
      updateCustomer(store, pick(ids), patch);
    } else if (roll < 0.55) {
      // A small pool of card numbers: devices collide offline.
      addCard(store, pick(ids), `POOL${Math.floor(random() * 4)}`);
    } else if (roll < 0.6) {
      addPhone(store, pick(ids), pick(['081234567890', '081298765432']));
    } else if (roll < 0.65) {
      const cardIds = store.sqlite.prepare('SELECT id FROM cards WHERE deleted_at IS NULL ORDER BY id').pluck().all() as string[];
      if (cardIds.length > 0) transact(store, (w) => w.remove(cards, pick(cardIds)));
    } else if (roll < 0.68) {
      transact(store, (w) => w.remove(customers, pick(ids)));
    } else {
      await syncWithFaults(replica, random, faultRate);
    }
  } catch (error) {
    // Refused writes (card already taken locally, phone already there) are ordinary outcomes.
    // So is the UNIQUE error addCard raises for a number a tombstoned card still holds (its pre-check skips deleted cards).
    const uniqueHit = (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
    if (!(error instanceof AkrabError) && !uniqueHit) throw error;
  }
}

export async function syncWithFaults(replica: Replica, random: () => number, faultRate: number): Promise<void> {
  const faults: Fault[] = ['lost_request', 'lost_answer', 'duplicate'];
  replica.net.choose = () => (random() < faultRate ? faults[Math.floor(random() * faults.length)]! : 'none');
  try {
    if ((await replica.engine.syncOnce()).rebootstrapped) replica.rebootstraps++;
  } catch (error) {
    if (!(error instanceof SyncError) || !error.retryable) throw error;
  } finally {
    replica.net.choose = () => 'none';
  }
}

/** Fault-free rounds until everyone has everything: push all, then pull all. */
export async function settle(list: Replica[]): Promise<void> {
  for (let pass = 0; pass < 2; pass++) for (const r of list) if ((await r.engine.syncOnce()).rebootstrapped) r.rebootstraps++;
}

export interface Outcome {
  server: string;
  replicas: string[];
  conflicts: string[];
  serverChanges: number;
  localChanges: number;
  /** Rows whose acknowledged log entries sync compacted to stamps, over all replicas. */
  compactedRows: number;
}

/**
 * Counts the changes the device itself logs, as they are logged, less those the server refused (reverted before
 * they count as pushed): sync compacts acknowledged entries (logCompaction.ts), so the log no longer holds them.
 */
export function countOwnChanges(store: Store): void {
  store.sqlite.exec(`CREATE TEMP TABLE own_changes (n INTEGER NOT NULL); INSERT INTO temp.own_changes VALUES (0);
    CREATE TEMP TRIGGER own_changes_count AFTER INSERT ON main.changes WHEN NEW.device_id = '${store.deviceId}'
    BEGIN UPDATE temp.own_changes SET n = n + 1; END;
    CREATE TEMP TRIGGER own_changes_refused AFTER DELETE ON main.changes WHEN OLD.device_id = '${store.deviceId}' AND OLD.pushed_at IS NULL
    BEGIN UPDATE temp.own_changes SET n = n - 1; END;`);
}

/** This device's own changes that were logged and not refused. */
export function ownChangeCount(store: Store): number {
  return store.sqlite.prepare('SELECT n FROM temp.own_changes').pluck().get() as number;
}

export async function outcome(db: ServerDrizzle, list: Replica[]): Promise<Outcome> {
  const server = await serverDigest(db);
  const own = list.map((r) => ownChangeCount(r.store));
  return {
    server: server.digest,
    replicas: list.map((r) => storeDigest(r.store)),
    conflicts: list.map((r) =>
      JSON.stringify(
        listSyncConflicts(r.store)
          .map((c) => [c.table, c.rowId, c.value, c.heldByRowId])
          .sort(),
      ),
    ),
    serverChanges: server.changes,
    localChanges: own.reduce((a, b) => a + b, 0),
    compactedRows: list.reduce((n, r) => n + (r.store.sqlite.prepare('SELECT count(*) FROM row_stamps').pluck().get() as number), 0),
  };
}

export { seeded };
