import { describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { expirePoints, pointsBalance, rebuildBalances, redeemPoints, setRule, verifyBalances } from '../../electron/core/loyalty';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };

/** Two lots (one expiring in 2027-02, one in 2027-06), a redemption taking from the first, then its expiry. */
function storeWithLots() {
  let now = new Date('2026-02-01T03:00:00.000Z');
  const store = tempStore({ now: () => now });
  setRule(store, manager, aLoyaltyRule('2026-02-01').build());
  const customerId = registerCustomer(store, aCustomer().build()).id;
  addPurchase(store, { customerId, invoiceNo: 'INV-A', amount: 300_000, purchasedAt: '2026-02-01T03:00:00.000Z' });
  now = new Date('2026-06-01T03:00:00.000Z');
  addPurchase(store, { customerId, invoiceNo: 'INV-B', amount: 500_000, purchasedAt: '2026-06-01T03:00:00.000Z' });
  redeemPoints(store, { customerId, points: 10, online: true });
  return { store, customerId, at: (iso: string) => (now = new Date(iso)) };
}

const cacheRow = (store: ReturnType<typeof tempStore>, customerId: string) =>
  store.sqlite.prepare('SELECT balance, deficit, open_lots AS openLots, next_expiry AS nextExpiry FROM points_balances WHERE customer_id = ?').get(customerId);

describe('the balance cache keeps what a replay of the ledger ends with', () => {
  it('holds the open lots soonest expiry first, follows the expiry pass without a replay, and agrees with a replay', () => {
    const { store, customerId, at } = storeWithLots();
    const lots = JSON.parse((cacheRow(store, customerId) as { openLots: string }).openLots) as [string, string, number][];
    expect(lots.map(([, expiresOn, remaining]) => [expiresOn, remaining])).toEqual([
      ['2027-02-01', 20],
      ['2027-06-01', 50],
    ]);
    expect(cacheRow(store, customerId)).toMatchObject({ balance: 70, deficit: 0, nextExpiry: '2027-02-01' });
    at('2027-02-02T03:00:00.000Z');
    expect(pointsBalance(store, customerId)).toMatchObject({ balance: 70, available: 50 });
    expect(expirePoints(store)).toMatchObject({ events: 1, points: 20 });
    expect(cacheRow(store, customerId)).toMatchObject({ balance: 50, nextExpiry: '2027-06-01' });
    expect(verifyBalances(store).mismatches).toEqual([]);
    expect(expirePoints(store).events).toBe(0);
  });

  it('verify names a cached lot state that differs from the replay although the sums agree; rebuild repairs it', () => {
    const { store, customerId } = storeWithLots();
    store.sqlite.prepare(`UPDATE points_balances SET open_lots = '[]', next_expiry = NULL WHERE customer_id = ?`).run(customerId);
    expect(verifyBalances(store).mismatches).toEqual([{ customerId, cached: 70, ledger: 70, lots: true }]);
    expect(verifyBalances(store, { sumsOnly: true }).mismatches).toEqual([]);
    rebuildBalances(store);
    expect(verifyBalances(store).mismatches).toEqual([]);
    expect(cacheRow(store, customerId)).toMatchObject({ balance: 70, nextExpiry: '2027-02-01' });
  });

  it('a row cached before the lots were (open_lots NULL, as migration 0023 leaves it) is replayed when read and by the expiry pass', () => {
    const { store, customerId, at } = storeWithLots();
    store.sqlite.prepare('UPDATE points_balances SET open_lots = NULL, next_expiry = NULL WHERE customer_id = ?').run(customerId);
    expect(pointsBalance(store, customerId)).toMatchObject({ balance: 70, available: 70 });
    store.sqlite.prepare('UPDATE points_balances SET open_lots = NULL, next_expiry = NULL WHERE customer_id = ?').run(customerId);
    at('2027-02-02T03:00:00.000Z');
    expect(expirePoints(store)).toMatchObject({ events: 1, points: 20 });
    expect(verifyBalances(store).mismatches).toEqual([]);
  });
});
