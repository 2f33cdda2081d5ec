import { describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { importSheet } from '../../electron/core/import/importCustomers';
import {
  adjustPoints,
  earnPoints,
  expirePoints,
  expiryDay,
  flaggedBalances,
  pointsBalance,
  pointsFor,
  pointsStatement,
  redeemPoints,
  reversePurchasePoints,
  setRule,
  verifyBalances,
} from '../../electron/core/loyalty';
import { overlapping } from '../../electron/core/loyalty/rules';
import { replayLots } from '../../electron/core/loyalty/lots';
import { akrabErrorOf } from '../support/akrabError';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };
const clerk: Session = { staffId: 'clerk-1', name: 'Andi', role: 'clerk', outletId: null };

/** A store whose clock the test moves, with a programme from 2026-01-01 and one registered customer. */
function loyaltyStore(rule = aLoyaltyRule('2026-01-01')) {
  let now = new Date('2026-01-01T03:00:00.000Z');
  const store = tempStore({ now: () => now });
  setRule(store, manager, rule.build());
  const customer = registerCustomer(store, aCustomer().build());
  return { store, customerId: customer.id, cardNo: customer.cards[0]!.cardNo, at: (iso: string) => (now = new Date(iso)) };
}

const ledgerCount = (store: ReturnType<typeof tempStore>) =>
  store.sqlite.prepare('SELECT count(*) FROM points_ledger').pluck().get() as number;
const changeCount = (store: ReturnType<typeof tempStore>) => store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get() as number;

describe('programme rules (pure)', () => {
  const base = { minPurchase: 0, rupiahPerPoint: 10_000, rounding: 'floor' as const };
  it.each([
    [base, 250_000, 25],
    [base, 99_999, 9],
    [base, 9_999, 0],
    [{ ...base, rounding: 'round' as const }, 15_000, 2],
    [{ ...base, rounding: 'round' as const }, 14_999, 1],
    [{ ...base, rounding: 'ceil' as const }, 10_001, 2],
    [{ ...base, minPurchase: 100_000 }, 99_000, 0],
    [{ ...base, minPurchase: 100_000 }, 100_000, 10],
    [base, 0, 0],
    [base, -50_000, 0],
  ])('%o on Rp %i earns %i points', (rule, amount, expected) => {
    expect(pointsFor(rule, amount)).toBe(expected);
  });

  it.each([
    ['2026-01-15', 12, '2027-01-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-06-10', 24, '2028-06-10'],
  ])('points earned on %s valid %i months expire on %s', (from, months, expected) => {
    expect(expiryDay(from, months)).toBe(expected);
  });

  it.each([
    [
      'open-ended earlier version is ended, not overlapped',
      [{ id: 'a', validFrom: '2026-01-01', validTo: null }],
      '2026-03-01',
      null,
      null,
    ],
    ['closed period sharing days', [{ id: 'a', validFrom: '2026-01-01', validTo: '2026-04-01' }], '2026-03-01', null, 'a'],
    [
      'closed period ending the day the new one starts',
      [{ id: 'a', validFrom: '2026-01-01', validTo: '2026-03-01' }],
      '2026-03-01',
      null,
      null,
    ],
    ['a version starting later than the new one', [{ id: 'b', validFrom: '2026-06-01', validTo: null }], '2026-03-01', null, 'b'],
    [
      'a new closed period ending before a later version',
      [{ id: 'b', validFrom: '2026-06-01', validTo: null }],
      '2026-03-01',
      '2026-06-01',
      null,
    ],
    ['same start day', [{ id: 'a', validFrom: '2026-03-01', validTo: null }], '2026-03-01', null, 'a'],
  ])('%s', (_name, existing, from, to, clash) => {
    expect(overlapping<{ id: string; validFrom: string; validTo: string | null }>(existing, from, to)?.id ?? null).toBe(clash);
  });

  it('replays lots oldest-expiring first and keeps expired lots out of later redemptions', () => {
    const state = replayLots([
      { id: 'b', kind: 'earn', points: 20, occurredAt: '2026-03-01T00:00:00Z', expiresOn: '2027-03-01', relatedId: null },
      { id: 'a', kind: 'earn', points: 10, occurredAt: '2026-01-01T00:00:00Z', expiresOn: '2027-01-01', relatedId: null },
      { id: 'r', kind: 'redeem', points: -5, occurredAt: '2026-06-01T00:00:00Z', expiresOn: null, relatedId: null },
      // After a's last day, before the expiry pass: takes from b only.
      { id: 's', kind: 'redeem', points: -4, occurredAt: '2027-01-05T00:00:00Z', expiresOn: null, relatedId: null },
    ]);
    expect(state.lots.map((l) => [l.id, l.remaining])).toEqual([
      ['a', 5],
      ['b', 16],
    ]);
    expect(state.deficit).toBe(0);
    expect(state.balance).toBe(21);
  });
});

describe('earning', () => {
  it('earns once per invoice line whatever path the purchase came by (counter, legacy import, CLI earn)', () => {
    const { store, customerId, cardNo } = loyaltyStore();
    addPurchase(store, { customerId, invoiceNo: 'INV-7', purchasedAt: '2026-01-01T03:00:00.000Z', amount: 250_000 });
    // The same invoice from the legacy file, typed in another case with a space, imported afterwards.
    const report = importSheet(store, {
      headers: ['card_no', 'nama', 'no_hp', 'no_invoice', 'total'],
      rows: [[cardNo, 'Siti Rahayu', '081299990000', 'inv- 7', '250000']],
    });
    expect(report.purchasesAdded).toBe(1);
    earnPoints(store, { customerId, invoiceNo: 'INV-7', amount: 250_000 });
    earnPoints(store, { customerId, invoiceNo: 'INV-7', amount: 250_000 });
    const earns = store.sqlite.prepare(`SELECT points, invoice_no FROM points_ledger WHERE kind = 'earn'`).all();
    expect(earns).toEqual([{ points: 25, invoice_no: 'INV-7' }]);
    expect(pointsBalance(store, customerId).balance).toBe(25);
    expect(verifyBalances(store).mismatches).toEqual([]);
  });

  it('a registration with a purchase earns; a purchase before the programme started earns nothing', () => {
    const { store } = loyaltyStore();
    const withPurchase = registerCustomer(store, aCustomer().withPurchase('INV-100', 1_000_000).build());
    expect(pointsBalance(store, withPurchase.id).balance).toBe(100);
    const customerId = registerCustomer(store, aCustomer().build()).id;
    addPurchase(store, { customerId, invoiceNo: 'OLD-1', purchasedAt: '2025-12-31T10:00:00.000Z', amount: 500_000 });
    expect(pointsBalance(store, customerId).balance).toBe(0);
  });

  it('a returned purchase line gives its points back once', () => {
    const { store, customerId } = loyaltyStore();
    addPurchase(store, { customerId, invoiceNo: 'INV-9', purchasedAt: '2026-01-01T03:00:00.000Z', amount: 120_000 });
    reversePurchasePoints(store, { invoiceNo: 'inv-9', reason: 'barang dikembalikan' });
    reversePurchasePoints(store, { invoiceNo: 'INV-9' });
    expect(pointsStatement(store, customerId).map((l) => [l.kind, l.points, l.balanceAfter])).toEqual([
      ['reverse', -12, 0],
      ['earn', 12, 12],
    ]);
    expect(akrabErrorOf(() => reversePurchasePoints(store, { invoiceNo: 'NOPE' })).messageKey).toBe('error.loyalty.nothing_to_reverse');
  });
});

describe('earning at outlets that number their invoices alike', () => {
  it('earns each outlet its own INV-5, reverses the right one, and still reverses an earn made before outlets were in the id', () => {
    const { store, customerId, at } = loyaltyStore();
    const other = registerCustomer(store, aCustomer().named('Dewi Lestari').withPhone('0813-5555-6666').withCard('VIP5566').build()).id;
    // Before this device served an outlet: the earn's id has the invoice alone.
    store.outletId = null;
    addPurchase(store, { customerId, invoiceNo: 'LAMA-1', purchasedAt: '2026-01-01T03:00:00.000Z', amount: 100_000 });
    useOutlet(store, ensureOutlet(store, 'MKG'));
    at('2026-01-02T03:00:00.000Z');
    addPurchase(store, { customerId, invoiceNo: 'INV-5', purchasedAt: '2026-01-02T03:00:00.000Z', amount: 300_000 });
    useOutlet(store, ensureOutlet(store, 'BDG'));
    addPurchase(store, { customerId: other, invoiceNo: 'INV-5', purchasedAt: '2026-01-02T03:00:00.000Z', amount: 200_000 });
    expect(pointsBalance(store, customerId).balance).toBe(40);
    expect(pointsBalance(store, other).balance).toBe(20);

    reversePurchasePoints(store, { invoiceNo: 'INV-5', reason: 'retur' }); // this device's outlet: BDG
    expect(pointsBalance(store, other).balance).toBe(0);
    expect(pointsBalance(store, customerId).balance).toBe(40);
    reversePurchasePoints(store, { invoiceNo: 'INV-5', outletId: ensureOutlet(store, 'MKG').id, reason: 'retur' });
    reversePurchasePoints(store, { invoiceNo: 'LAMA-1', reason: 'retur' });
    expect(pointsBalance(store, customerId).balance).toBe(0);
    expect(verifyBalances(store).mismatches).toEqual([]);
  });
});

describe('redeeming', () => {
  it('redeems oldest-expiring points first, so the expiry pass ends only what is left of each lot', () => {
    const { store, customerId, at } = loyaltyStore();
    addPurchase(store, { customerId, invoiceNo: 'A', purchasedAt: '2026-01-01T03:00:00.000Z', amount: 100_000 }); // 10, until 2027-01-01
    at('2026-03-01T03:00:00.000Z');
    addPurchase(store, { customerId, invoiceNo: 'B', purchasedAt: '2026-03-01T03:00:00.000Z', amount: 200_000 }); // 20, until 2027-03-01
    at('2026-06-01T03:00:00.000Z');
    redeemPoints(store, { customerId, points: 15, online: true });
    at('2027-01-02T03:00:00.000Z');
    expect(expirePoints(store)).toEqual({ events: 0, points: 0, customers: 0 });
    at('2027-03-02T03:00:00.000Z');
    expect(expirePoints(store)).toEqual({ events: 1, points: 15, customers: 1 });
    expect(expirePoints(store).events).toBe(0);
    expect(pointsBalance(store, customerId)).toMatchObject({ balance: 0, available: 0, flagged: false });
  });

  it('offline, redeems up to the offline limit per card and day, provisionally; online, up to the balance', () => {
    const { store, customerId } = loyaltyStore(aLoyaltyRule('2026-01-01').offlineLimit(50));
    addPurchase(store, { customerId, invoiceNo: 'BIG', purchasedAt: '2026-01-01T03:00:00.000Z', amount: 1_000_000 }); // 100
    expect(redeemPoints(store, { customerId, points: 40 }).provisional).toBe(true);
    const before = [ledgerCount(store), changeCount(store)];
    const error = akrabErrorOf(() => redeemPoints(store, { customerId, points: 20 }));
    expect([error.messageKey, error.params]).toEqual(['error.loyalty.beyond_offline_limit', { remaining: 10 }]);
    expect([ledgerCount(store), changeCount(store)]).toEqual(before);
    expect(redeemPoints(store, { customerId, points: 20, online: true }).provisional).toBe(false);
    const beyond = akrabErrorOf(() => redeemPoints(store, { customerId, points: 41, online: true }));
    expect([beyond.messageKey, beyond.params]).toEqual(['error.loyalty.beyond_balance', { available: 40 }]);
    expect([ledgerCount(store), changeCount(store)]).toEqual([before[0]! + 1, before[1]! + 1]);
  });

  it('a retried redemption with the same key is the same event; the key cannot be reused for another amount', () => {
    const { store, customerId } = loyaltyStore();
    addPurchase(store, { customerId, invoiceNo: 'K', purchasedAt: '2026-01-01T03:00:00.000Z', amount: 300_000 });
    const first = redeemPoints(store, { customerId, points: 10, key: 'SALE-1', online: true });
    expect(redeemPoints(store, { customerId, points: 10, key: 'SALE-1', online: true }).id).toBe(first.id);
    expect(akrabErrorOf(() => redeemPoints(store, { customerId, points: 11, key: 'SALE-1', online: true })).messageKey).toBe(
      'error.loyalty.key_reused',
    );
    expect(pointsBalance(store, customerId).balance).toBe(20);
  });

  it('earning and redeeming in one sale only when the rule allows it', () => {
    const { store, customerId } = loyaltyStore();
    addPurchase(store, { customerId, invoiceNo: 'S-1', purchasedAt: '2026-01-01T03:00:00.000Z', amount: 300_000 });
    expect(akrabErrorOf(() => redeemPoints(store, { customerId, points: 5, invoiceNo: 's-1', online: true })).messageKey).toBe(
      'error.loyalty.earn_and_redeem_same_sale',
    );
    redeemPoints(store, { customerId, points: 5, invoiceNo: 'S-2', online: true });
    addPurchase(store, { customerId, invoiceNo: 'S-2', purchasedAt: '2026-01-01T04:00:00.000Z', amount: 300_000 });
    expect(pointsBalance(store, customerId).balance).toBe(25);
  });

  it.each([
    [-5, 'error.loyalty.points_not_positive_integer'],
    [0, 'error.loyalty.points_not_positive_integer'],
    [2.5, 'error.loyalty.points_not_integer'],
    ['7', 'error.loyalty.points_not_positive_integer'],
    [Number.NaN, 'error.loyalty.points_not_positive_integer'],
  ])('redeeming %o points is refused with %s and writes nothing', (points, key) => {
    const { store, customerId } = loyaltyStore();
    const before = [ledgerCount(store), changeCount(store)];
    expect(akrabErrorOf(() => redeemPoints(store, { customerId, points, online: true })).messageKey).toBe(key);
    expect([ledgerCount(store), changeCount(store)]).toEqual(before);
  });

  it('an unknown customer is refused', () => {
    const { store } = loyaltyStore();
    expect(akrabErrorOf(() => redeemPoints(store, { customerId: 'nobody', points: 1 })).messageKey).toBe('error.loyalty.unknown_customer');
    expect(akrabErrorOf(() => pointsBalance(store, 'nobody')).messageKey).toBe('error.loyalty.unknown_customer');
  });
});

describe('adjusting', () => {
  it('needs a reason and a manager; is audited with both', () => {
    const { store, customerId } = loyaltyStore();
    const before = [ledgerCount(store), changeCount(store)];
    expect(akrabErrorOf(() => adjustPoints(store, manager, { customerId, points: 10, reason: '  ' })).messageKey).toBe(
      'error.loyalty.reason_required',
    );
    expect(akrabErrorOf(() => adjustPoints(store, manager, { customerId, points: 10 })).messageKey).toBe('error.loyalty.reason_required');
    expect(akrabErrorOf(() => adjustPoints(store, clerk, { customerId, points: 10, reason: 'kompensasi' })).messageKey).toBe(
      'error.loyalty.manager_required',
    );
    expect(akrabErrorOf(() => adjustPoints(store, null, { customerId, points: 10, reason: 'kompensasi' })).messageKey).toBe(
      'error.loyalty.manager_required',
    );
    expect(akrabErrorOf(() => adjustPoints(store, manager, { customerId, points: 1.5, reason: 'kompensasi' })).messageKey).toBe(
      'error.loyalty.points_not_integer',
    );
    expect(akrabErrorOf(() => adjustPoints(store, manager, { customerId, points: -1, reason: 'koreksi' })).messageKey).toBe(
      'error.loyalty.beyond_balance',
    );
    expect([ledgerCount(store), changeCount(store)]).toEqual(before);

    const event = adjustPoints(store, manager, { customerId, points: 30, reason: 'kompensasi keluhan' });
    expect(event).toMatchObject({ kind: 'adjust', points: 30, approvedBy: 'mgr-1', reason: 'kompensasi keluhan', expiresOn: '2027-01-01' });
    const audit = store.sqlite
      .prepare(`SELECT staff_id, customer_id, details FROM audit_log WHERE action = 'loyalty.adjust'`)
      .get() as Record<string, string>;
    expect(audit.staff_id).toBe('mgr-1');
    expect(audit.customer_id).toBe(customerId);
    expect(JSON.parse(audit.details!)).toEqual({ eventId: event.id, points: 30, reason: 'kompensasi keluhan' });
  });
});

describe('rules and the balance cache', () => {
  it('a rule period overlapping another, or starting in the past, is refused; a later version ends the current one', () => {
    const { store } = loyaltyStore();
    expect(akrabErrorOf(() => setRule(store, manager, aLoyaltyRule('2025-12-01').build())).messageKey).toBe('error.loyalty.rule_backdated');
    expect(akrabErrorOf(() => setRule(store, clerk, aLoyaltyRule('2026-02-01').build())).messageKey).toBe('error.loyalty.manager_required');
    setRule(store, manager, aLoyaltyRule('2026-03-01').perPoint(5_000).until('2026-04-01').build());
    const before = changeCount(store);
    const error = akrabErrorOf(() => setRule(store, manager, aLoyaltyRule('2026-02-01').build()));
    expect(error).toMatchObject({ messageKey: 'error.loyalty.rule_overlap', params: { kind: 'base', from: '01/01/2026', to: '01/03/2026' } });
    expect(akrabErrorOf(() => setRule(store, manager, aLoyaltyRule('2026-03-15').build())).messageKey).toBe('error.loyalty.rule_overlap');
    expect(changeCount(store)).toBe(before);
    const rules = store.sqlite.prepare('SELECT valid_from, valid_to, rupiah_per_point FROM loyalty_rules ORDER BY valid_from').all();
    expect(rules).toEqual([
      { valid_from: '2026-01-01', valid_to: '2026-03-01', rupiah_per_point: 10_000 },
      { valid_from: '2026-03-01', valid_to: '2026-04-01', rupiah_per_point: 5_000 },
    ]);
  });

  it('verify finds a cache that disagrees with the ledger; negative balances are flagged', () => {
    const { store, customerId } = loyaltyStore();
    addPurchase(store, { customerId, invoiceNo: 'V', purchasedAt: '2026-01-01T03:00:00.000Z', amount: 100_000 });
    expect(verifyBalances(store)).toEqual({ customers: 1, mismatches: [] });
    store.sqlite.prepare('UPDATE points_balances SET balance = 99').run();
    expect(verifyBalances(store).mismatches).toEqual([{ customerId, cached: 99, ledger: 10 }]);
    expect(flaggedBalances(store)).toEqual([]);
  });
});
