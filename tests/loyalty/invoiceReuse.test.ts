import { describe, expect, it } from 'vitest';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { expirePoints, pointsBalance, reversePurchasePoints, setRule, verifyBalances } from '../../electron/core/loyalty';
import { replayedStateOf } from '../../electron/core/loyalty/balances';
import { deviceToday } from '../../electron/core/loyalty/ledgerDays';
import type { Store } from '../../electron/core/store/store';
import type { SyncEngine } from '../../electron/core/sync/syncEngine';
import { refusedChangeCount } from '../../electron/core/sync/revertRefused';
import { serverLedgerBalance } from '../../server/storage/loyaltyBalance';
import { akrabErrorOf } from '../support/akrabError';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { signedBy } from '../sync/support/authority';
import { backends } from '../sync/support/servers';
import { ledgerServer } from './support/ledgerServer';
import { outletDay } from '../support/outletDay';

/**
 * One outlet reusing an invoice number for two customers (a data error): both purchases give the same earn id, the
 * server keeps the first and refuses the second (`ledger_immutable`). The events a device derived from its refused
 * earn (here its reversal) name an earn that, on the server, is another customer's: they are refused too, and the
 * device reverts them, so no replica charges a customer for points it never earned, and the kept lot's own expiry
 * is not shut out by an expiry written for the other customer.
 */
const DAY = 86_400_000;

describe.each(backends)('an invoice number reused at one outlet for two customers (%s)', (backend) => {
  const ledger = ledgerServer(backend);
  // The calendar moves 40 days in the second case; the server refuses stamps from the future.
  const clock = { now: Date.now() - 100 * DAY };
  const at = () => new Date(clock.now).toISOString();
  const settle = async (...devices: { engine: SyncEngine }[]) => {
    for (const d of devices) await d.engine.syncOnce();
  };
  const events = (store: Store) =>
    store.sqlite.prepare('SELECT id, kind, points, customer_id AS customerId FROM points_ledger ORDER BY id').all();

  async function twoCounters() {
    const admin = ledger.admin();
    const a = await ledger.device({ store: { now: () => new Date(clock.now) } });
    const b = await ledger.device({ store: { now: () => new Date(clock.now) } });
    signedBy(a.store, admin.staffId);
    try {
      setRule(a.store, admin, aLoyaltyRule(outletDay(Date.parse(at()))).validFor(1).build());
    } catch {
      // The first case's rule is in force on the server already.
    }
    a.store.authority = null;
    await settle(a, b);
    const first = registerCustomer(a.store, aCustomer().build()).id;
    const second = registerCustomer(b.store, aCustomer().build()).id;
    return { a, b, first, second };
  }

  it("the second device's earn and its reversal are refused; every replica ends with the first customer's earn only", async () => {
    const { a, b, first, second } = await twoCounters();
    addPurchase(a.store, { customerId: first, invoiceNo: 'INV-5', purchasedAt: at(), amount: 200_000 });
    addPurchase(b.store, { customerId: second, invoiceNo: 'INV-5', purchasedAt: at(), amount: 300_000 });
    // The second sale is returned at B before B has synced: its points are reversed there.
    reversePurchasePoints(b.store, { invoiceNo: 'INV-5' });
    expect(pointsBalance(b.store, second).balance).toBe(0);
    await settle(a, b, a);

    expect(refusedChangeCount(b.store)).toBe(2);
    expect(events(a.store)).toEqual([expect.objectContaining({ kind: 'earn', points: 20, customerId: first })]);
    expect(events(b.store)).toEqual(events(a.store));
    for (const store of [a.store, b.store]) {
      expect(pointsBalance(store, first).balance).toBe(20);
      expect(pointsBalance(store, second)).toMatchObject({ balance: 0, flagged: false });
      expect(verifyBalances(store).mismatches).toEqual([]);
    }
    const db = ledger.server().database.db;
    expect(await serverLedgerBalance(db, first)).toEqual({ balance: 20, events: 1 });
    expect(await serverLedgerBalance(db, second)).toEqual({ balance: 0, events: 0 });
  });

  it("the second device's expiry of its refused earn's lot is refused; the next pass expires the kept lot", async () => {
    const { a, b, first, second } = await twoCounters();
    addPurchase(a.store, { customerId: first, invoiceNo: 'INV-7', purchasedAt: at(), amount: 200_000 });
    addPurchase(b.store, { customerId: second, invoiceNo: 'INV-7', purchasedAt: at(), amount: 300_000 });
    await settle(a);
    // Past the lot's last day, B expires "its" lot before hearing from A: the expiry's id is the lot's, for B's customer.
    clock.now += 40 * DAY;
    expirePoints(b.store);
    expect(b.store.sqlite.prepare(`SELECT points FROM points_ledger WHERE kind = 'expire' AND customer_id = ?`).pluck().all(second)).toEqual([-30]);
    await settle(b, a);
    expect(refusedChangeCount(b.store)).toBe(2);
    // The kept lot (A's customer's) is past its last day; the next pass, on either device, expires it.
    expirePoints(b.store);
    await settle(b, a);
    expect(events(b.store)).toEqual(events(a.store));
    for (const store of [a.store, b.store]) {
      expect(pointsBalance(store, first).balance).toBe(0);
      expect(pointsBalance(store, second)).toMatchObject({ balance: 0, flagged: false });
      const today = deviceToday(store);
      expect(replayedStateOf(store, first).lots.filter((l) => l.remaining > 0 && l.expiresOn !== null && l.expiresOn <= today)).toEqual([]);
      expect(verifyBalances(store).mismatches).toEqual([]);
    }
    expect(refusedChangeCount(a.store)).toBe(0);
  });

  it("the device whose earn was refused reverses only its own customer's purchase: never the other customer's kept earn", async () => {
    const { a, b, first, second } = await twoCounters();
    const kept = addPurchase(a.store, { customerId: first, invoiceNo: 'INV-9', purchasedAt: at(), amount: 200_000 });
    const refused = addPurchase(b.store, { customerId: second, invoiceNo: 'INV-9', purchasedAt: at(), amount: 300_000 });
    await settle(a, b, a);
    expect(refusedChangeCount(b.store)).toBe(1);
    // The second customer's purchase is returned at B: its earn was refused, the earn of INV-9 is the first customer's.
    expect(akrabErrorOf(() => reversePurchasePoints(b.store, { invoiceNo: 'INV-9', purchaseId: refused.id, reason: 'retur' })).messageKey).toBe(
      'error.loyalty.nothing_to_reverse',
    );
    expect(akrabErrorOf(() => reversePurchasePoints(b.store, { purchaseId: refused.id })).messageKey).toBe('error.loyalty.nothing_to_reverse');
    expect(akrabErrorOf(() => reversePurchasePoints(b.store, { invoiceNo: 'inv 9', customerId: second })).messageKey).toBe(
      'error.loyalty.nothing_to_reverse',
    );
    // By the invoice alone B cannot tell whose purchase came back: two customers' purchases bear it at this outlet.
    expect(akrabErrorOf(() => reversePurchasePoints(b.store, { invoiceNo: 'INV-9' }))).toMatchObject({
      messageKey: 'error.loyalty.reverse_whose_purchase',
      field: 'customerId',
    });
    await settle(b, a);
    for (const store of [a.store, b.store]) {
      const ofTheTwo = store.sqlite.prepare('SELECT kind, points, customer_id AS customerId FROM points_ledger WHERE customer_id IN (?, ?)').all(first, second);
      expect(ofTheTwo).toEqual([{ kind: 'earn', points: 20, customerId: first }]);
      expect(pointsBalance(store, first).balance).toBe(20);
    }
    // The first customer's purchase returned, at either counter of the outlet: its own earn is reversed, once.
    reversePurchasePoints(b.store, { purchaseId: kept.id, reason: 'retur' });
    reversePurchasePoints(a.store, { invoiceNo: 'INV-9', customerId: first, reason: 'retur' });
    await settle(a, b, a);
    expect(refusedChangeCount(a.store) + refusedChangeCount(b.store)).toBe(1);
    for (const store of [a.store, b.store]) {
      expect(pointsBalance(store, first).balance).toBe(0);
      expect(pointsBalance(store, second).balance).toBe(0);
      expect(verifyBalances(store).mismatches).toEqual([]);
    }
    const db = ledger.server().database.db;
    expect(await serverLedgerBalance(db, first)).toEqual({ balance: 0, events: 2 });
  });
});
