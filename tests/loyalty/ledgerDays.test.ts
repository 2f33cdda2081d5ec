import { describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { expirePoints, pointsBalance, pointsStatement, redeemPoints, setRule } from '../../electron/core/loyalty';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { akrabErrorOf } from '../support/akrabError';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };

/**
 * The ledger's days are the outlet's local days. 23:30 WIB is 16:30 UTC the same day, 00:30 WIB is 17:30 UTC the
 * day before: on UTC days both fall on one day, on the outlet's days they do not.
 */
function jakartaStore(zone = 'Asia/Jakarta') {
  let now = new Date('2026-03-01T02:00:00.000Z');
  const store = tempStore({ now: () => now });
  useOutlet(store, ensureOutlet(store, 'JKT01', { timeZone: zone }));
  // March: 1 point per Rp 10.000; from 1 April (local): 1 point per Rp 5.000.
  setRule(store, manager, aLoyaltyRule('2026-03-01').until('2026-04-01').offlineLimit(10).build());
  setRule(store, manager, aLoyaltyRule('2026-04-01').perPoint(5_000).offlineLimit(10).build());
  const customerId = registerCustomer(store, aCustomer().build()).id;
  return { store, customerId, at: (iso: string) => (now = new Date(iso)) };
}

describe("the ledger's days are the outlet's local days", () => {
  it('a purchase at 23:30 WIB earns under that evening\'s rule and day; one at 00:30 WIB under the next day\'s', () => {
    const { store, customerId, at } = jakartaStore();
    at('2026-03-31T16:40:00.000Z');
    // 23:30 WIB on 31 March: March's rule, valid 12 months from 31 March.
    addPurchase(store, { customerId, invoiceNo: 'INV-2330', amount: 100_000, purchasedAt: '2026-03-31T16:30:00.000Z' });
    at('2026-03-31T17:40:00.000Z');
    // 00:30 WIB on 1 April (17:30 UTC on 31 March): April's rule, valid 12 months from 1 April.
    addPurchase(store, { customerId, invoiceNo: 'INV-0030', amount: 100_000, purchasedAt: '2026-03-31T17:30:00.000Z' });
    const lines = pointsStatement(store, customerId);
    const byInvoice = Object.fromEntries(lines.map((l) => [l.invoiceNo, { points: l.points, expiresOn: l.expiresOn }]));
    expect(byInvoice).toEqual({
      'INV-2330': { points: 10, expiresOn: '2027-03-31' },
      'INV-0030': { points: 20, expiresOn: '2027-04-01' },
    });
  });

  it("the offline limit is per local day: a redemption at 23:30 WIB and one at 00:30 WIB are on two days", () => {
    const { store, customerId, at } = jakartaStore();
    at('2026-03-10T03:00:00.000Z');
    addPurchase(store, { customerId, invoiceNo: 'INV-1', amount: 500_000, purchasedAt: '2026-03-10T03:00:00.000Z' });
    at('2026-03-20T16:30:00.000Z'); // 23:30 WIB, 20 March
    redeemPoints(store, { customerId, points: 10 });
    expect(akrabErrorOf(() => redeemPoints(store, { customerId, points: 1 })).messageKey).toBe('error.loyalty.beyond_offline_limit');
    at('2026-03-20T17:30:00.000Z'); // 00:30 WIB, 21 March: a new day, a new limit
    expect(redeemPoints(store, { customerId, points: 10 }).provisional).toBe(true);
    expect(pointsBalance(store, customerId).balance).toBe(30);
  });

  it('points expire at the start of their last local day: the pass at 00:30 WIB on it ends them, dated at 00:00 WIB', () => {
    const { store, customerId, at } = jakartaStore();
    at('2026-03-10T03:00:00.000Z');
    addPurchase(store, { customerId, invoiceNo: 'INV-1', amount: 100_000, purchasedAt: '2026-03-10T03:00:00.000Z' });
    expect(pointsStatement(store, customerId)[0]!.expiresOn).toBe('2027-03-10');
    at('2027-03-09T16:30:00.000Z'); // 23:30 WIB on 9 March: still valid
    expect(expirePoints(store).events).toBe(0);
    expect(pointsBalance(store, customerId).available).toBe(10);
    at('2027-03-09T17:30:00.000Z'); // 00:30 WIB on 10 March (still 9 March in UTC): expired
    expect(pointsBalance(store, customerId).available).toBe(0);
    expect(expirePoints(store).events).toBe(1);
    const expiry = pointsStatement(store, customerId)[0]!;
    expect({ kind: expiry.kind, points: expiry.points, occurredAt: expiry.occurredAt }).toEqual({
      kind: 'expire',
      points: -10,
      occurredAt: '2027-03-09T17:00:00.000Z',
    });
    expect(pointsBalance(store, customerId).balance).toBe(0);
  });

  it("a device in WIB dates the expiry of a lot earned in WIT at 00:00 WIT of its last day (the lot's outlet's zone)", () => {
    const { store, customerId, at } = jakartaStore();
    const jakarta = ensureOutlet(store, 'JKT01');
    useOutlet(store, ensureOutlet(store, 'JYP01', { timeZone: 'Asia/Jayapura' }));
    at('2026-03-10T03:00:00.000Z');
    addPurchase(store, { customerId, invoiceNo: 'INV-JYP', amount: 100_000, purchasedAt: '2026-03-10T03:00:00.000Z' });
    useOutlet(store, jakarta);
    at('2027-03-10T03:00:00.000Z');
    expect(expirePoints(store).events).toBe(1);
    expect(pointsStatement(store, customerId)[0]).toMatchObject({ kind: 'expire', points: -10, occurredAt: '2027-03-09T15:00:00.000Z' });
  });

  it('in WIT (Jayapura) the day starts at 15:00 UTC', () => {
    const { store, customerId, at } = jakartaStore('Asia/Jayapura');
    at('2026-03-31T15:40:00.000Z');
    addPurchase(store, { customerId, invoiceNo: 'INV-WIT', amount: 100_000, purchasedAt: '2026-03-31T15:30:00.000Z' }); // 00:30 WIT, 1 April
    expect(pointsStatement(store, customerId)[0]).toMatchObject({ points: 20, expiresOn: '2027-04-01' });
  });
});
