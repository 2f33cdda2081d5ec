import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { importSheet } from '../../electron/core/import/importCustomers';
import { readCsv } from '../../electron/core/import/readRows';
import { expirePoints, setRule, setTiers } from '../../electron/core/loyalty';
import { runLoyaltyDailyPass, runLoyaltyDailyPassOffThread, useLoyaltyPassEntry } from '../../electron/core/loyalty/dailyPass';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { bundledAsShipped } from '../support/electronBundle';
import { legacyCsv } from '../support/legacyCsv';
import { tempDir, tempStore } from '../support/tempStore';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };
const levels = [
  { code: 'silver', name: 'Silver', minSpend: 500_000, discountPercent: 2 },
  { code: 'gold', name: 'Gold', minSpend: 2_000_000, discountPercent: 5 },
];

/** 4,000 customers whose legacy purchases earned points under a programme since 2020, on a day most lots have expired. */
function storeWithDuePoints() {
  let now = new Date('2020-01-01T03:00:00.000Z');
  const store = tempStore({ now: () => now });
  setRule(store, manager, aLoyaltyRule('2020-01-01').build());
  setTiers(store, manager, { validFrom: '2020-01-01', graceDays: 30, levels });
  now = new Date();
  importSheet(store, readCsv(legacyCsv(4000, 3, { amounts: true })));
  // 200 days on, at noon WIB: the pass's thread, whose clock moves on from there, stays on the same day.
  const later = new Date(Date.now() + 200 * 86_400_000);
  now = new Date(Date.UTC(later.getUTCFullYear(), later.getUTCMonth(), later.getUTCDate(), 5));
  return store;
}

/** A second copy of the store file, opened at the same moment. */
function copyOf(store: Store & { file: string }): Store {
  const file = path.join(tempDir(), 'copy.sqlite');
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(store.file, file);
  const copy = openStore(file, { now: store.now });
  return copy;
}

const written = (store: Store) => ({
  ledger: store.sqlite.prepare(`SELECT id, source, kind, customer_id, points, occurred_at, expires_on, related_id FROM points_ledger ORDER BY id`).all(),
  balances: store.sqlite.prepare(`SELECT customer_id, balance, events, flagged, open_lots, next_expiry FROM points_balances ORDER BY customer_id`).all(),
  tiers: store.sqlite.prepare(`SELECT customer_id, tier_code, spend_12m, previous_code, changed_on FROM customer_tiers ORDER BY customer_id`).all(),
});

describe('the loyalty daily pass on a thread of its own (the care schedule)', () => {
  afterEach(() => {
    useLoyaltyPassEntry();
    vi.restoreAllMocks();
  });

  it('writes what the pass on the app thread writes, while the app thread keeps answering and writing', async () => {
    const store = storeWithDuePoints();
    const here = copyOf(store);
    const t0 = performance.now();
    const expected = runLoyaltyDailyPass(here);
    const hereMs = performance.now() - t0;
    const warn = vi.spyOn(console, 'warn');
    let ticks = 0;
    let longest = 0;
    let last = performance.now();
    const ticking = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      ticks++;
    }, 5);
    // A counter's registration once the pass's thread has written its first step: it waits for a step at most, and
    // is saved, stamped after that step's changes.
    let registered: { id: string } | null = null;
    const expiries = store.sqlite.prepare(`SELECT count(*) FROM points_ledger WHERE kind = 'expire'`).pluck();
    const counter = setInterval(() => {
      if (!registered && (expiries.get() as number) > 0) registered = registerCustomer(store, aCustomer().build());
    }, 5);
    const report = await runLoyaltyDailyPassOffThread(store);
    clearInterval(ticking);
    clearInterval(counter);
    longest = Math.max(longest, performance.now() - last);
    expect(warn).not.toHaveBeenCalled();
    expect(expected!.expired.events).toBeGreaterThan(1000);
    expect(report).toEqual(expected);
    // On this thread the pass would leave the timer no turn until it ended.
    expect(ticks).toBeGreaterThan(5);
    expect(longest).toBeLessThan(Math.max(hereMs / 2, 200));
    const { ledger, balances, tiers } = written(store);
    const there = written(here);
    expect(ledger).toEqual(there.ledger);
    expect(balances).toEqual(there.balances);
    expect(tiers).toEqual(there.tiers);
    expect(registered).not.toBeNull();
    expect(store.sqlite.prepare('SELECT 1 FROM customers WHERE id = ?').pluck().get(registered!.id)).toBe(1);
    // The device's stamps keep increasing across both threads' writes, and a write after the pass stamps after it.
    registerCustomer(store, aCustomer().build());
    const stamps = store.sqlite.prepare(`SELECT hlc FROM changes WHERE device_id = ? ORDER BY seq`).pluck().all(store.deviceId) as string[];
    expect(stamps).toEqual([...stamps].sort());
    expect(new Set(stamps).size).toBe(stamps.length);
    // Once a day: the next pass that day does nothing and starts no thread.
    expect(await runLoyaltyDailyPassOffThread(store)).toBeNull();
    closeStore(here);
  }, 120_000);

  it.each([
    ['expires in steps of a limited time what one transaction expires', false],
    ['replays in steps, too, the rows cached before the lots were (open_lots NULL), as one transaction does', true],
  ])('%s', (_name, uncached) => {
    const store = storeWithDuePoints();
    if (uncached) store.sqlite.prepare('UPDATE points_balances SET open_lots = NULL, next_expiry = NULL').run();
    const whole = copyOf(store);
    const day = store.now().toISOString().slice(0, 10);
    const inOne = expirePoints(whole, day);
    // A step per customer: the most commits there can be.
    const inSteps = expirePoints(store, day, { commitAfterMs: 0 });
    expect(inOne.events).toBeGreaterThan(1000);
    expect(inSteps).toEqual(inOne);
    expect(written(store).ledger).toEqual(written(whole).ledger);
    expect(written(store).balances).toEqual(written(whole).balances);
    expect(store.sqlite.prepare('SELECT count(*) FROM points_balances WHERE open_lots IS NULL').pluck().get()).toBe(0);
    closeStore(whole);
  }, 120_000);

  it('runs as the compiled file the Electron build ships (build/buildElectron.mjs)', async () => {
    useLoyaltyPassEntry(await bundledAsShipped('electron/core/loyalty/dailyPassThread.ts', 'loyaltyPass.cjs'));
    const store = storeWithDuePoints();
    const warn = vi.spyOn(console, 'warn');
    const report = await runLoyaltyDailyPassOffThread(store);
    expect(warn).not.toHaveBeenCalled();
    expect(report!.expired.events).toBeGreaterThan(1000);
    expect(report!.tiers.customers).toBeGreaterThan(100);
  }, 120_000);

  it('when its thread cannot start, passes on this thread instead, and says so', async () => {
    useLoyaltyPassEntry(path.join(tempDir(), 'missing.cjs'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = storeWithDuePoints();
    const report = await runLoyaltyDailyPassOffThread(store);
    expect(report!.expired.events).toBeGreaterThan(1000);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('its own thread failed'), expect.any(Error));
  }, 120_000);
});
