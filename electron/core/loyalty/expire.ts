import { DEFAULT_ZONE, dayStart, deviceToday, zoneOfOutlet } from './ledgerDays';
import { prepared } from './statements';
import type { Store } from '../store/store';
import { transact, type Writer } from '../store/writer';
import { pageCacheFor, withPageCache } from '../store/pageCache';
import { withCheckpointOffThread } from '../store/checkpointOffThread';
import { stepAside } from '../store/stepAside';
import { pointsLedger } from '../../../db/schema/loyalty';
import { applyExpiries, cachedBalanceOf, recomputeBalances } from './balances';
import { ledgerEventId, sources } from './eventIds';
import { appendEvent, lotStateOf } from './ledger';
import { expiredLots, expiryCorrection, type Lot } from './lots';

const INSERT_BATCH = 5000;
const STEP_INSERT_BATCH = 100;
/**
 * Each expiry inserts at random places in the ledger's id and related-event indexes and the change log's row
 * index, and each customer due rewrites its cache row: with 20M events, ~12 KiB of pages per customer due to hold
 * until the commit. With the 512 MiB that was enough at 100k customers, a month's pass at 1M spilled pages
 * mid-transaction: 182 s; with room for them, 121–127 s (README, loyalty Run 8).
 */
const PASS_KIB_PER_CUSTOMER = 12;
const PASS_MIN_CACHE_MIB = 512;
/** Customers to expire from which the log's pages are copied into the file on a thread of its own. */
const LARGE_PASS = 10_000;
/** Uncached customers replayed between two looks at the step's clock. */
const REPLAY_CHUNK = 100;

/**
 * The scheduled expiry pass: for each lot whose last day has passed with points left, an `expire` event for
 * exactly what is left, dated at the lot's expiry. Its id derives from the lot, so running the pass again, or
 * on another device, writes nothing new. The candidates come from the balance cache's first expiry per customer
 * (an index range), the lots from the cached state, and the cache follows each customer's expiries without a
 * replay (`applyExpiries`); the events are written in multi-row statements.
 */
export interface ExpiryPassOptions {
  /**
   * Commit after a customer once the open transaction has run this long, so another connection's writes (the counter,
   * while the pass runs on the daily pass's thread) wait at most about this long. Unset: one transaction, the fastest
   * for a month's pass (each commit writes the random index pages it dirtied again).
   */
  commitAfterMs?: number;
}

export function expirePoints(store: Store, onDay = deviceToday(store), options: ExpiryPassOptions = {}): { events: number; points: number; customers: number } {
  let events = 0;
  let points = 0;
  let customers = 0;
  // Rows not cached yet (a store migrated from 0020) have no next expiry; the pass replays them first.
  const due = prepared(store, 'SELECT count(*) FROM points_balances WHERE next_expiry <= ? OR open_lots IS NULL').pluck().get(onDay) as number;
  const exists = prepared(store, 'SELECT 1 FROM points_ledger WHERE id = ?').pluck();
  const lotOutlet = prepared(store, 'SELECT outlet_id FROM points_ledger WHERE id = ?').pluck();
  const zones = new Map<string | null, string>();
  const onlyZone = singleZone(store);
  const zoneOfLot = (lotId: string) => {
    if (onlyZone) return onlyZone;
    const outletId = (lotOutlet.get(lotId) as string | null | undefined) ?? null;
    let zone = zones.get(outletId);
    if (zone === undefined) zones.set(outletId, (zone = zoneOfOutlet(store, outletId)));
    return zone;
  };
  /** Expires the candidates from `from` on, until the last or until the time is up; returns where it stopped. */
  const expireFrom = (w: Writer, candidates: readonly string[], from: number): number => {
    // In steps, rows are written as they come, so the step's clock counts their writing (at 1M, reading the index
    // pages they land on): a step of 1 s then holds the store ~1 s, not 1 s and then 5,000 rows' writing.
    const insertBatch = options.commitAfterMs === undefined ? INSERT_BATCH : STEP_INSERT_BATCH;
    const started = performance.now();
    let rows: Parameters<typeof w.insertMany<typeof pointsLedger>>[1][number][] = [];
    const flush = () => {
      w.insertMany(pointsLedger, rows);
      rows = [];
    };
    const replayAfter: string[] = [];
    let next = from;
    while (next < candidates.length) {
      const customerId = candidates[next++]!;
      const cached = cachedBalanceOf(store, customerId);
      const written: Lot[] = [];
      let stale = false;
      for (const lot of expiredLots(cached.state, onDay)) {
        const source = sources.expire(lot.id);
        const id = ledgerEventId(source);
        // The lot's expiry is in the ledger yet the lot has points left (it was written for less): an under-expiry,
        // which `correctExpiries` ends from a replay.
        if (exists.get(id)) {
          stale = true;
          continue;
        }
        rows.push({
          id,
          source,
          kind: 'expire',
          customerId,
          points: -lot.remaining,
          occurredAt: dayStart(lot.expiresOn!, zoneOfLot(lot.id)),
          outletId: store.outletId,
          staffId: store.staff,
          relatedId: lot.id,
          provisional: false,
        });
        written.push(lot);
        points += lot.remaining;
      }
      // A cache row written before it kept under-expiries is replayed, so the correction below finds it.
      if (stale) replayAfter.push(customerId);
      if (written.length > 0) {
        events += written.length;
        customers++;
        if (!stale) applyExpiries(store, customerId, cached, written);
        if (rows.length >= insertBatch) flush();
      }
      if (options.commitAfterMs !== undefined && performance.now() - started >= options.commitAfterMs) break;
    }
    flush();
    recomputeBalances(store, replayAfter);
    return next;
  };
  /** The pass, its steps each run by `inStep`: a transaction of its own each, or the one transaction's writer. */
  const pass = (inStep: <T>(work: (w: Writer) => T) => T) => {
    let stepped = false;
    const step = <T>(work: (w: Writer) => T): T => {
      if (stepped && options.commitAfterMs !== undefined) stepAside();
      stepped = true;
      return inStep(work);
    };
    // Read outside any step: on the daily pass's thread a counter's write does not wait while the pass reads.
    const uncached = prepared(store, 'SELECT customer_id FROM points_balances WHERE open_lots IS NULL').pluck().all() as string[];
    for (let next = 0; next < uncached.length; ) next = step(() => replayFrom(uncached, next));
    // In customer order: the ledger's customer index and the balance cache are then written front to back
    // instead of at random (one customer's expiries do not depend on another's, so the order changes nothing else).
    const candidates = prepared(store, 'SELECT customer_id FROM points_balances WHERE next_expiry <= ? ORDER BY customer_id').pluck().all(onDay) as string[];
    // Each customer's expiries and cache row are written in one step: a pass cut short between two is finished by
    // the next (an expiry's id comes from its lot).
    for (let next = 0; next < candidates.length; ) next = step((w) => expireFrom(w, candidates, next));
  };
  /** Replays the uncached customers from `from` on, a few at a time, until the last or until the step's time is up. */
  const replayFrom = (uncached: readonly string[], from: number): number => {
    const started = performance.now();
    let next = from;
    while (next < uncached.length) {
      recomputeBalances(store, uncached.slice(next, (next += REPLAY_CHUNK)));
      if (options.commitAfterMs !== undefined && performance.now() - started >= options.commitAfterMs) break;
    }
    return Math.min(next, uncached.length);
  };
  withCheckpointOffThread(store, due >= LARGE_PASS, () =>
    withPageCache(store, pageCacheFor(due, PASS_KIB_PER_CUSTOMER, PASS_MIN_CACHE_MIB), () =>
      // One transaction without savepoints: a savepoint would journal every page it changes (gigabytes at 1M).
      options.commitAfterMs === undefined ? transact(store, (w) => pass((work) => work(w))) : pass((work) => transact(store, work)),
    ),
  );
  const fixed = correctExpiries(store);
  return { events, points, customers, ...(fixed.events > 0 && { corrected: fixed }) };
}

/**
 * The zone every lot's expiry is dated in when no outlet has another (`zoneOfOutlet` answers an outlet's zone or
 * WIB), else null. Then the pass need not read each expiring lot's outlet: at 1M customers that read, a probe of
 * the ledger's id index per expiry, was a fifth of the pass (README, Run 7).
 */
function singleZone(store: Store): string | null {
  const zones = prepared(store, "SELECT DISTINCT time_zone FROM outlets WHERE time_zone IS NOT NULL AND time_zone <> ''").pluck().all() as string[];
  return zones.every((zone) => zone === DEFAULT_ZONE) ? DEFAULT_ZONE : null;
}

/**
 * An expiry's id comes from its lot, so it is one event everywhere, but its amount was the expiring device's view.
 * Over-expiry: a device that had not yet received another device's debit of the lot (a redemption or a negative
 * adjustment dated before the lot's last day) expired the whole lot; once the debit arrives, the lot has been
 * debited twice. Under-expiry, the mirror: the device's view had debits taken from the lot that the whole ledger
 * takes from other lots (a lot of the same last day it had not seen, written earlier; a merge undone), so the lot
 * keeps points past its last day, and the pass, finding its expiry id taken, cannot end them. Replaying the whole
 * ledger shows either (the balance cache keeps it, `over_expired`); an `expire_fix` event gives the excess back
 * (positive) or ends what the lot still holds (negative, taken from that lot). Its id is the expiry's and the
 * number of corrections already made, so devices seeing the same ledger write the same event, counted once; the
 * server replays the customer's ledger and accepts only the correction it computes itself
 * (`ledger_expire_fix_mismatch`), so a device whose view differed has its correction refused, reverts it and
 * corrects again from the ledger it then holds.
 */
export function correctExpiries(store: Store, customerIds?: readonly string[]): { events: number; points: number } {
  const candidates =
    customerIds ?? (prepared(store, 'SELECT customer_id FROM points_balances WHERE over_expired IS NOT NULL').pluck().all() as string[]);
  let events = 0;
  let points = 0;
  transact(store, (w) => {
    for (const customerId of candidates) {
      for (const [expireId, e] of lotStateOf(store, customerId).expiries) {
        const owed = expiryCorrection(e);
        if (owed === 0) continue;
        const { written } = appendEvent(store, w, {
          source: sources.expireFix(expireId, e.fixes),
          kind: 'expire_fix',
          customerId,
          points: owed,
          occurredAt: e.occurredAt,
          outletId: store.outletId,
          staffId: store.staff,
          relatedId: expireId,
        });
        if (written) {
          events++;
          points += owed;
        }
      }
    }
  });
  return { events, points };
}
