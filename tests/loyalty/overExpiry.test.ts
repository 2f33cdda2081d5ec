import { describe, expect, it } from 'vitest';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { adjustPoints, expirePoints, pointsBalance, redeemPoints, setRule, verifyBalances } from '../../electron/core/loyalty';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import { replayedStateOf } from '../../electron/core/loyalty/balances';
import { deviceToday } from '../../electron/core/loyalty/ledgerDays';
import { serverLedgerBalance } from '../../server/storage/loyaltyBalance';
import { refusedChangeCount } from '../../electron/core/sync/revertRefused';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { signedBy } from '../sync/support/authority';
import { backends } from '../sync/support/servers';
import type { SyncEngine } from '../../electron/core/sync/syncEngine';
import { ledgerServer } from './support/ledgerServer';
import { outletDay } from '../support/outletDay';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * The expiry races (loyalty README, Expire): an expiry's id comes from its lot, so there is one expiry event, but its
 * amount is the expiring device's view. Over-expiry: a pass that has not yet seen another device's debit of the lot
 * expires the whole lot, and after sync the lot has been debited twice. Under-expiry: the pass's view took a debit
 * from the lot that the whole ledger takes from another lot, and the lot keeps points past its last day. The next
 * pass corrects either (`expire_fix`), once, as the server's own replay of the ledger owes it.
 */
describe.each(backends)('an expiry ends exactly what its lot held (%s)', (backend) => {
  const ledger = ledgerServer(backend);
  // Each case moves the shared calendar 40 days on; the server refuses stamps from the future.
  const clock = { now: Date.now() - 320 * DAY };
  const device = () => ledger.device({ store: { now: () => new Date(clock.now) } });
  const settle = async (...devices: { engine: SyncEngine }[]) => {
    for (let round = 0; round < 2; round++) for (const d of devices) await d.engine.syncOnce();
  };

  /** Two devices of the outlet, the first signed by the admin, under a programme valid for a month. */
  async function twoDevices() {
    const admin = ledger.admin();
    const a = await device();
    const b = await device();
    signedBy(a.store, admin.staffId);
    try {
      setRule(a.store, admin, aLoyaltyRule(outletDay(clock.now)).validFor(1).offlineLimit(50).build());
    } catch {
      // A rule from an earlier case is in force on the server already.
    }
    return { a, b };
  }

  async function twoDevicesWithALot(invoiceNo: string) {
    const { a, b } = await twoDevices();
    const customerId = registerCustomer(a.store, aCustomer().build()).id;
    addPurchase(a.store, { customerId, invoiceNo, purchasedAt: new Date(clock.now).toISOString(), amount: 240_000 });
    await settle(a, b);
    expect(pointsBalance(b.store, customerId).balance).toBe(24);
    return { a, b, customerId };
  }

  it('a negative adjustment made before the lot expired, unseen by the device that expired it', async () => {
    const admin = ledger.admin();
    const { a, b, customerId } = await twoDevicesWithALot('OVX-1');
    clock.now += 10 * DAY;
    adjustPoints(a.store, admin, { customerId, points: -11, reason: 'salah input' });
    clock.now += 30 * DAY;
    // B has not heard of the adjustment: it expires all 24.
    expect(expirePoints(b.store)).toMatchObject({ points: 24 });
    await settle(b, a, b);
    // Both debits of the lot are in the ledger now.
    expect(refusedChangeCount(a.store) + refusedChangeCount(b.store)).toBe(0);
    // The next pass, on either device (here both, before they hear from each other), gives the excess back.
    expirePoints(a.store);
    expirePoints(b.store);
    await settle(a, b);
    for (const d of [a, b]) {
      expect(pointsBalance(d.store, customerId)).toMatchObject({ balance: 0, available: 0, flagged: false });
      expect(verifyBalances(d.store).mismatches).toEqual([]);
    }
    expect(refusedChangeCount(a.store) + refusedChangeCount(b.store)).toBe(0);
    const fixes = a.store.sqlite.prepare(`SELECT points FROM points_ledger WHERE kind = 'expire_fix' AND customer_id = ?`).pluck().all(customerId);
    expect(fixes).toEqual([11]);
    // Another pass finds nothing left to correct.
    expect(expirePoints(a.store)).toEqual({ events: 0, points: 0, customers: 0 });
    a.store.authority = null;
  });

  it('an offline redemption made before the lot expired, racing the expiry pass of another device', async () => {
    const { a, b, customerId } = await twoDevicesWithALot('OVX-2');
    clock.now += 5 * DAY;
    redeemPoints(b.store, { customerId, points: 10 });
    clock.now += 35 * DAY;
    expirePoints(a.store);
    await settle(a, b, a);
    expect(pointsBalance(a.store, customerId).balance).toBe(-10);
    expirePoints(b.store);
    await settle(b, a);
    for (const d of [a, b]) expect(pointsBalance(d.store, customerId)).toMatchObject({ balance: 0, flagged: false });
  });

  it('a merge unseen by the pass, undone after the lot expired: the lot given back is expired, the first expiry corrected, nothing twice', async () => {
    // The sequence of the property test's seed 1197227519: the points come back by an unmerge dated after their last
    // day, and the pass's expiry of them is dated at that day, before the unmerge.
    const { a, b, customerId } = await twoDevicesWithALot('OVX-3');
    const survivor = registerCustomer(a.store, aCustomer().build()).id;
    clock.now += 10 * DAY;
    const merge = mergeCustomers(a.store, { survivorId: survivor, mergedIds: [customerId], kind: 'person' });
    clock.now += 30 * DAY;
    // B has not heard of the merge: it expires the 24 on the merged customer.
    expect(expirePoints(b.store)).toMatchObject({ points: 24 });
    unmergeCustomers(a.store, merge.mergeId);
    await settle(a, b, a);
    // The unmerge gave the lot back (already past its last day), which B's expiry had ended too.
    expect(expirePoints(b.store)).toMatchObject({ points: 24, corrected: { events: 1, points: 24 } });
    await settle(b, a);
    for (const d of [a, b]) {
      for (const id of [customerId, survivor]) {
        expect(d.store.sqlite.prepare('SELECT balance FROM points_balances WHERE customer_id = ?').pluck().get(id)).toBe(0);
        for (const [, e] of replayedStateOf(d.store, id).expiries) expect(e.excess).toBe(e.corrected);
      }
      expect(verifyBalances(d.store).mismatches).toEqual([]);
    }
    // Another pass on either device finds nothing to expire or correct.
    expect(expirePoints(a.store)).toEqual({ events: 0, points: 0, customers: 0 });
    expect(expirePoints(b.store)).toEqual({ events: 0, points: 0, customers: 0 });
    expect(refusedChangeCount(a.store) + refusedChangeCount(b.store)).toBe(0);
  });

  it('under-expiry: a redemption the expiring device took from the lot is taken from an earlier lot of the same last day in the full ledger; the next pass expires the rest, once', async () => {
    // The mirror race (found by the property test's invariant "no lot has points left past its last day"): A's view
    // has its redemption taken from A's lot, so A's pass expires only 32 of it; B's sale of the same morning, unseen
    // by A, is a lot of the same last day that comes first, so in the whole ledger the redemption takes from it and
    // A's lot keeps 18 past its day.
    const { a, b } = await twoDevices();
    // Noon in WIB, so both sales of the morning are on one local day (one last day).
    clock.now = Math.floor((clock.now + 7 * HOUR) / DAY) * DAY - 7 * HOUR + 12 * HOUR;
    const customerId = registerCustomer(a.store, aCustomer().build()).id;
    await settle(a, b);
    addPurchase(b.store, { customerId, invoiceNo: 'UNX-1', purchasedAt: new Date(clock.now - 2 * HOUR).toISOString(), amount: 180_000 });
    addPurchase(a.store, { customerId, invoiceNo: 'UNX-2', purchasedAt: new Date(clock.now - HOUR).toISOString(), amount: 500_000 });
    redeemPoints(a.store, { customerId, points: 18 });
    clock.now += 40 * DAY;
    expect(expirePoints(a.store)).toMatchObject({ points: 32 });
    await settle(a, b, a);
    expect(pointsBalance(a.store, customerId).balance).toBe(18);
    // Both devices correct it before hearing from each other: the same event, counted once.
    expect(expirePoints(a.store)).toMatchObject({ events: 0, corrected: { events: 1, points: -18 } });
    expect(expirePoints(b.store)).toMatchObject({ events: 0, corrected: { events: 1, points: -18 } });
    await settle(a, b);
    expect(refusedChangeCount(a.store) + refusedChangeCount(b.store)).toBe(0);
    for (const d of [a, b]) {
      expect(pointsBalance(d.store, customerId)).toMatchObject({ balance: 0, available: 0, flagged: false });
      const today = deviceToday(d.store);
      expect(replayedStateOf(d.store, customerId).lots.filter((l) => l.remaining > 0 && l.expiresOn !== null && l.expiresOn <= today)).toEqual([]);
      for (const [, e] of replayedStateOf(d.store, customerId).expiries) expect(e.excess).toBe(e.corrected);
      expect(verifyBalances(d.store).mismatches).toEqual([]);
      expect(d.store.sqlite.prepare(`SELECT points FROM points_ledger WHERE kind = 'expire_fix' AND customer_id = ?`).pluck().all(customerId)).toEqual([-18]);
    }
    expect(await serverLedgerBalance(ledger.server().database.db, customerId)).toMatchObject({ balance: 0 });
    expect(expirePoints(a.store)).toEqual({ events: 0, points: 0, customers: 0 });
    expect(expirePoints(b.store)).toEqual({ events: 0, points: 0, customers: 0 });
  });

  it("a correction from a view that lacks another device's lot is refused by the server; the device converges without one", async () => {
    // B sees lot L (24), A's adjustment of −10 taken from L, and its own expiry of all 24: an over-expiry of 10 in
    // its view. C's earlier lot M (10, an earlier last day) is on the server: there the adjustment takes M, the
    // expiry ends L exactly, and nothing is owed. B's "+10" would make points up; the server refuses it.
    const admin = ledger.admin();
    const { a, b } = await twoDevices();
    const c = await device();
    const customerId = registerCustomer(a.store, aCustomer().build()).id;
    await settle(a, b, c);
    addPurchase(c.store, { customerId, invoiceNo: 'STALE-M', purchasedAt: new Date(clock.now).toISOString(), amount: 100_000 });
    clock.now += 5 * DAY;
    addPurchase(a.store, { customerId, invoiceNo: 'STALE-L', purchasedAt: new Date(clock.now).toISOString(), amount: 240_000 });
    await settle(a, b);
    clock.now += 5 * DAY;
    adjustPoints(a.store, admin, { customerId, points: -10, reason: 'salah input' });
    clock.now += 32 * DAY;
    expect(expirePoints(b.store)).toMatchObject({ points: 24 });
    await b.engine.syncOnce();
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    await c.engine.syncOnce();
    // B's view: an over-expiry of 10 to give back, pushed before B hears of M.
    expect(expirePoints(b.store)).toMatchObject({ corrected: { events: 1, points: 10 } });
    await settle(b, a, c);
    const reasons = b.store.sqlite.prepare(`SELECT details FROM audit_log WHERE action = 'sync.refused'`).pluck().all() as string[];
    expect(reasons.map((d) => (JSON.parse(d) as { reason: string }).reason)).toEqual(['ledger_expire_fix_mismatch']);
    for (const d of [a, b, c]) {
      expect(pointsBalance(d.store, customerId)).toMatchObject({ balance: 0, flagged: false });
      expect(d.store.sqlite.prepare(`SELECT count(*) FROM points_ledger WHERE kind = 'expire_fix' AND customer_id = ?`).pluck().get(customerId)).toBe(0);
      expect(verifyBalances(d.store).mismatches).toEqual([]);
      expect(expirePoints(d.store)).toEqual({ events: 0, points: 0, customers: 0 });
    }
  });

  it("an unmerge after a moved lot's under-expiry was corrected gives nothing back that expired and takes nothing from the survivor", async () => {
    // A merges M into S (M's lot of 24 moves to S) and redeems 10 of S, in A's view from the moved lot; A's pass then
    // expires 14 of it. S's own lot of the same morning (10, written at B, unseen by A) comes first in the whole
    // ledger: the redemption took it, the moved lot expired whole (14 + a correction of 10). Undoing the merge must
    // give M back nothing (all of it expired) and leave S its fresh 30.
    const { a, b } = await twoDevices();
    clock.now = Math.floor((clock.now + 7 * HOUR) / DAY) * DAY - 7 * HOUR + 12 * HOUR;
    const merged = registerCustomer(a.store, aCustomer().build()).id;
    const survivor = registerCustomer(a.store, aCustomer().build()).id;
    await settle(a, b);
    addPurchase(b.store, { customerId: survivor, invoiceNo: 'UNM-P', purchasedAt: new Date(clock.now - 4 * HOUR).toISOString(), amount: 100_000 });
    addPurchase(a.store, { customerId: merged, invoiceNo: 'UNM-L', purchasedAt: new Date(clock.now - 3 * HOUR).toISOString(), amount: 240_000 });
    const merge = mergeCustomers(a.store, { survivorId: survivor, mergedIds: [merged], kind: 'person' });
    clock.now += HOUR;
    redeemPoints(a.store, { customerId: survivor, points: 10 });
    clock.now += 40 * DAY;
    expect(expirePoints(a.store)).toMatchObject({ points: 14 });
    addPurchase(a.store, { customerId: survivor, invoiceNo: 'UNM-Q', purchasedAt: new Date(clock.now).toISOString(), amount: 300_000 });
    await settle(a, b);
    expect(expirePoints(a.store)).toMatchObject({ corrected: { events: 1, points: -10 } });
    await settle(a, b);
    expect(pointsBalance(a.store, survivor).balance).toBe(30);
    unmergeCustomers(a.store, merge.mergeId);
    await settle(a, b);
    expirePoints(a.store);
    expirePoints(b.store);
    await settle(a, b);
    for (const d of [a, b]) {
      expect(pointsBalance(d.store, survivor)).toMatchObject({ balance: 30, available: 30, flagged: false });
      expect(pointsBalance(d.store, merged)).toMatchObject({ balance: 0, flagged: false });
      expect(verifyBalances(d.store).mismatches).toEqual([]);
    }
    expect(refusedChangeCount(a.store) + refusedChangeCount(b.store)).toBe(0);
  });

  it('an unmerge after part of a moved lot expired on the survivor gives back the rest: less than the transfer, accepted by the server', async () => {
    // M's lot of 24 moves to S; S spends 10 of it and the pass expires the other 14 on S. Undoing the merge gives M
    // back the 10 that did not expire and takes them from S (who spent them): the undoing is 10, not the 24 moved.
    const { a, b, customerId: merged } = await twoDevicesWithALot('UNP-1');
    const survivor = registerCustomer(a.store, aCustomer().build()).id;
    const merge = mergeCustomers(a.store, { survivorId: survivor, mergedIds: [merged], kind: 'person' });
    clock.now += HOUR;
    redeemPoints(a.store, { customerId: survivor, points: 10 });
    clock.now += 40 * DAY;
    expirePoints(a.store);
    expect(a.store.sqlite.prepare(`SELECT points FROM points_ledger WHERE kind = 'expire' AND customer_id = ?`).pluck().all(survivor)).toEqual([-14]);
    await settle(a, b);
    unmergeCustomers(a.store, merge.mergeId);
    await settle(a, b);
    expect(refusedChangeCount(a.store) + refusedChangeCount(b.store)).toBe(0);
    const undoings = `SELECT customer_id, points FROM points_ledger WHERE source LIKE ? ORDER BY points`;
    expect(b.store.sqlite.prepare(undoings).all(`untransfer:${merge.mergeId}:%`)).toEqual([
      { customer_id: survivor, points: -10 },
      { customer_id: merged, points: 10 },
    ]);
    for (const id of [merged, survivor]) {
      const onServer = (await serverLedgerBalance(ledger.server().database.db, id)).balance;
      for (const d of [a, b]) expect(pointsBalance(d.store, id).balance).toBe(onServer);
    }
    for (const d of [a, b]) expect(verifyBalances(d.store).mismatches).toEqual([]);
  });
});
