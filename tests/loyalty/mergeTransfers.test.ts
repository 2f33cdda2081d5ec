import { describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import { expirePoints, pointsBalance, redeemPoints, setRule, verifyBalances } from '../../electron/core/loyalty';
import { replayedStateOf } from '../../electron/core/loyalty/balances';
import { akrabErrorOf } from '../support/akrabError';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };

function mergeStore() {
  let now = new Date('2026-01-05T03:00:00.000Z');
  const store = tempStore({ now: () => now });
  setRule(store, manager, aLoyaltyRule('2026-01-05').validFor(6).build());
  const survivor = registerCustomer(store, aCustomer().build()).id;
  const other = registerCustomer(store, aCustomer().build()).id;
  const buy = (customerId: string, invoiceNo: string, iso: string, amount: number) => {
    now = new Date(iso);
    addPurchase(store, { customerId, invoiceNo, purchasedAt: iso, amount });
  };
  buy(survivor, 'S-1', '2026-01-05T04:00:00.000Z', 300_000);
  buy(other, 'M-1', '2026-01-06T04:00:00.000Z', 450_000);
  buy(other, 'M-2', '2026-03-10T04:00:00.000Z', 200_000);
  now = new Date('2026-03-11T03:00:00.000Z');
  redeemPoints(store, { customerId: other, points: 10, online: true });
  return { store, survivor, other, at: (iso: string) => (now = new Date(iso)) };
}
/** The cached balances (a merged-away customer is a tombstone: pointsBalance refuses it, the cache still holds it). */
const balances = (store: ReturnType<typeof tempStore>, ...ids: string[]) =>
  ids.map((id) => (store.sqlite.prepare('SELECT coalesce((SELECT balance FROM points_balances WHERE customer_id = ?), 0)').pluck().get(id) as number));

describe('merges move points as transfer events', () => {
  it('a merge moves every lot with its expiry; an unmerge restores both balances exactly', () => {
    const { store, survivor, other, at } = mergeStore();
    expect(balances(store, survivor, other)).toEqual([30, 55]);
    at('2026-03-12T03:00:00.000Z');
    const merge = mergeCustomers(store, { survivorId: survivor, mergedIds: [other], kind: 'person' });
    expect(balances(store, survivor, other)).toEqual([85, 0]);
    // The lots keep their last days: 35 left of January's 45 (the redemption took the oldest first), and February's 20.
    const moved = store.sqlite
      .prepare(`SELECT points, expires_on FROM points_ledger WHERE kind = 'transfer_in' AND customer_id = ? ORDER BY expires_on`)
      .all(survivor);
    expect(moved).toEqual([
      { points: 35, expires_on: '2026-07-06' },
      { points: 20, expires_on: '2026-09-10' },
    ]);
    // The January lot expires on the survivor on its own day, not sooner nor later.
    at('2026-07-07T03:00:00.000Z');
    expect(expirePoints(store)).toMatchObject({ points: 35 + 30 });
    expect(balances(store, survivor, other)).toEqual([20, 0]);
    redeemPoints(store, { customerId: survivor, points: 5, online: true });
    unmergeCustomers(store, merge.mergeId);
    // The merged customer has what the merge found, less what expired since, exactly; the survivor keeps its own history.
    expect(balances(store, survivor, other)).toEqual([-5, 20]);
    expect(pointsBalance(store, survivor).flagged).toBe(true);
    expect(verifyBalances(store).mismatches).toEqual([]);
  });

  it('a lot given back by an unmerge after its last day is expired by the next pass, once, with no excess', () => {
    const { store, survivor, other, at } = mergeStore();
    at('2026-03-12T03:00:00.000Z');
    const merge = mergeCustomers(store, { survivorId: survivor, mergedIds: [other], kind: 'person' });
    // No pass ran since January's lot (35 left, last day 2026-07-06) passed: the unmerge gives it back already expired.
    at('2026-07-10T03:00:00.000Z');
    unmergeCustomers(store, merge.mergeId);
    expect(balances(store, survivor, other)).toEqual([30, 55]);
    // Its expiry is dated at the lot's last day, before the unmerge that gave the lot back: it still ends that lot.
    expect(expirePoints(store)).toMatchObject({ events: 2, points: 30 + 35 });
    expect(balances(store, survivor, other)).toEqual([0, 20]);
    expect(verifyBalances(store).mismatches).toEqual([]);
    for (const id of [survivor, other]) expect([...replayedStateOf(store, id).expiries.values()].filter((e) => e.excess > 0)).toEqual([]);
    expect(expirePoints(store)).toEqual({ events: 0, points: 0, customers: 0 });
    expect(balances(store, survivor, other)).toEqual([0, 20]);
  });

  it('an unmerge right after the merge restores every balance to the point', () => {
    const { store, survivor, other } = mergeStore();
    const merge = mergeCustomers(store, { survivorId: survivor, mergedIds: [other] });
    unmergeCustomers(store, merge.mergeId);
    expect(balances(store, survivor, other)).toEqual([30, 55]);
    expect(pointsBalance(store, other)).toMatchObject({ available: 55, flagged: false });
    // Merged again and undone again: new events, the same balances.
    unmergeCustomers(store, mergeCustomers(store, { survivorId: survivor, mergedIds: [other] }).mergeId);
    expect(balances(store, survivor, other)).toEqual([30, 55]);
  });

  it('a card-farming merge may forfeit the extra cards’ points, with a reason; without one nothing is written', () => {
    const { store, survivor, other } = mergeStore();
    const changes = store.sqlite.prepare('SELECT count(*) FROM changes').pluck();
    const before = changes.get();
    expect(akrabErrorOf(() => mergeCustomers(store, { survivorId: survivor, mergedIds: [other], kind: 'farming', points: 'forfeit' })).messageKey).toBe(
      'error.loyalty.reason_required',
    );
    expect(changes.get()).toBe(before);
    const merge = mergeCustomers(store, { survivorId: survivor, mergedIds: [other], kind: 'farming', points: 'forfeit', pointsReason: 'penimbunan kartu' });
    expect(balances(store, survivor, other)).toEqual([30, 0]);
    expect(store.sqlite.prepare(`SELECT DISTINCT reason FROM points_ledger WHERE kind = 'transfer_out'`).pluck().all()).toEqual(['penimbunan kartu']);
    unmergeCustomers(store, merge.mergeId);
    expect(balances(store, survivor, other)).toEqual([30, 55]);
  });
});
