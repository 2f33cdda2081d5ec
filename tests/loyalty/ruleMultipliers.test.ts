import { describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { listRules, pointsFor, setRule } from '../../electron/core/loyalty';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { AkrabError } from '../../shared/errors';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { outletDay } from '../support/outletDay';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };
const today = outletDay();
const plusDays = (n: number) => outletDay(Date.now() + n * 86_400_000);
const base = { minPurchase: 0, rupiahPerPoint: 10_000, rounding: 'floor' as const };

function errorOf(fn: () => unknown): AkrabError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AkrabError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('multipliers per product and promotions by period and outlet', () => {
  it.each([
    ['no multiplier applies to another product', { multipliers: [{ product: 'Kulkas', factor: 2 }], promotions: [] }, { product: 'TV' }, 25],
    ['a product multiplier, case-insensitive', { multipliers: [{ product: 'Kulkas', factor: 2 }], promotions: [] }, { product: ' kulkas ' }, 50],
    ['1.5 × 25 = 37.5, floored', { multipliers: [{ product: 'TV', factor: 1.5 }], promotions: [] }, { product: 'TV' }, 37],
    [
      'a promotion for the day at every outlet',
      { multipliers: [], promotions: [{ name: 'Lebaran', from: '2026-03-01', until: '2026-03-31', outletCode: null, factor: 3 }] },
      { day: '2026-03-31', outletCode: 'BDG01' },
      75,
    ],
    [
      'a promotion after its last day',
      { multipliers: [], promotions: [{ name: 'Lebaran', from: '2026-03-01', until: '2026-03-31', outletCode: null, factor: 3 }] },
      { day: '2026-04-01' },
      25,
    ],
    [
      'a promotion of another outlet',
      { multipliers: [], promotions: [{ name: 'Opening', from: '2026-03-01', until: '2026-03-31', outletCode: 'SBY01', factor: 2 }] },
      { day: '2026-03-05', outletCode: 'BDG01' },
      25,
    ],
    [
      'product and promotion multiply',
      { multipliers: [{ product: 'TV', factor: 2 }], promotions: [{ name: 'Opening', from: '2026-03-01', until: '2026-03-31', outletCode: 'BDG01', factor: 1.5 }] },
      { day: '2026-03-05', outletCode: 'BDG01', product: 'tv' },
      75,
    ],
  ])('%s', (_name, extra, purchase, expected) => {
    expect(pointsFor({ ...base, ...extra }, 250_000, purchase)).toBe(expected);
  });

  it('rounding is exact: Rp 99.999 is 9 points, not 10', () => {
    expect(pointsFor(base, 99_999)).toBe(9);
    expect(pointsFor({ ...base, multipliers: [{ product: 'TV', factor: 1.1 }], promotions: [] }, 90_909, { product: 'TV' })).toBe(9);
  });

  it('the counter earns with the product multiplier and the outlet promotion of the day', () => {
    const store = tempStore();
    useOutlet(store, ensureOutlet(store, 'BDG01', { name: 'Bandung' }));
    setRule(store, manager, {
      ...aLoyaltyRule(today).build(),
      multipliers: [{ product: 'Kulkas', factor: 2 }],
      promotions: [{ name: 'Grand opening', from: today, until: plusDays(3), outletCode: 'bdg01', factor: 1.5 }],
    });
    const c = registerCustomer(store, aCustomer().build());
    addPurchase(store, { customerId: c.id, invoiceNo: 'INV-M1', purchasedAt: new Date().toISOString(), amount: 1_000_000, mainProduct: 'kulkas' });
    addPurchase(store, { customerId: c.id, invoiceNo: 'INV-M2', purchasedAt: new Date().toISOString(), amount: 1_000_000, mainProduct: 'Kipas' });
    const earned = store.sqlite.prepare(`SELECT invoice_no, points FROM points_ledger WHERE kind = 'earn' ORDER BY invoice_no`).all();
    expect(earned).toEqual([
      { invoice_no: 'INV-M1', points: 300 },
      { invoice_no: 'INV-M2', points: 150 },
    ]);
    expect(listRules(store)[0]!.promotions[0]!.outletCode).toBe('BDG01');
  });

  it.each([
    [
      'two promotions sharing a day at the same outlet',
      {
        promotions: [
          { name: 'A', from: today, until: plusDays(5), outletCode: 'BDG01', factor: 2 },
          { name: 'B', from: plusDays(5), until: plusDays(9), outletCode: 'bdg01', factor: 2 },
        ],
      },
      'error.loyalty.promotion_overlap',
      'promotions.1.from',
    ],
    [
      'a promotion for all outlets over one for an outlet',
      {
        promotions: [
          { name: 'A', from: today, until: plusDays(5), outletCode: 'BDG01', factor: 2 },
          { name: 'B', from: plusDays(2), until: plusDays(3), outletCode: null, factor: 2 },
        ],
      },
      'error.loyalty.promotion_overlap',
      'promotions.1.from',
    ],
    ['a promotion ending before it starts', { promotions: [{ name: 'A', from: plusDays(3), until: plusDays(2), outletCode: null, factor: 2 }] }, 'error.loyalty.rule_period_invalid', 'promotions.0.until'],
    ['a promotion before the version starts', { promotions: [{ name: 'A', from: plusDays(-3), until: plusDays(2), outletCode: null, factor: 2 }] }, 'error.loyalty.promotion_outside_rule', 'promotions.0.from'],
    ['the same product twice', { multipliers: [{ product: 'TV', factor: 2 }, { product: 'tv', factor: 3 }] }, 'error.loyalty.multiplier_duplicate', 'multipliers.1.product'],
    ['a factor of 0', { multipliers: [{ product: 'TV', factor: 0 }] }, 'error.loyalty.factor_invalid', 'multipliers.0.factor'],
    ['a factor with three decimals', { multipliers: [{ product: 'TV', factor: 1.125 }] }, 'error.loyalty.factor_invalid', 'multipliers.0.factor'],
  ])('refuses %s with its own error and writes nothing', (_name, extra, key, field) => {
    const store = tempStore();
    const changes = () => store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get();
    const before = changes();
    const error = errorOf(() => setRule(store, manager, { ...aLoyaltyRule(today).build(), ...extra }));
    const issue = error.issues?.[0] ?? error;
    expect(issue.messageKey).toBe(key);
    expect(issue.field).toBe(field);
    expect(listRules(store)).toEqual([]);
    expect(changes()).toBe(before);
  });
});
