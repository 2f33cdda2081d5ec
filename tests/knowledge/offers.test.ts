import { describe, expect, it } from 'vitest';
import { learnCoPurchaseRules, type BoughtItem } from '../../electron/core/offers/coPurchaseRules';
import { offersFor, recomputeOfferRules, recomputeOfferRulesIfStale, setOfferSettings } from '../../electron/core/offers/offerRules';
import { backtestOffers } from '../../electron/core/offers/backtest';
import { followUpOffer, startOpportunityFromOffer } from '../../electron/core/offers/offerActions';
import { withCoPurchases } from '../../electron/core/offers/syntheticBaskets';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { seedCustomers } from '../../electron/core/demo/seedStore';
import { getFollowUp } from '../../electron/core/care/followUps/followUps';
import { defaultOfferSettings } from '../../shared/knowledge';
import { careStore, purchase, DAY } from '../care/support';
import { startRuleSchedule } from '../../electron/core/care/followUps/ruleSchedule';
import { akrabErrorOf } from '../support/akrabError';

const T0 = Date.parse('2026-01-01T03:00:00.000Z');
const item = (customerId: string, product: string, day: number): BoughtItem => ({ customerId, product, at: T0 + day * DAY });
/**
 * Six customers, a 30-day window:
 *   c1 Kulkas d0, Dispenser d10          c4 Dispenser d0, Kulkas d3 (Kulkas after Dispenser only)
 *   c2 Kulkas d0, Dispenser d40 (late)   c5 Blender d0
 *   c3 Kulkas d0, Dispenser d5, Blender d6   c6 Kulkas d0, Dispenser d1
 * Buyers: Kulkas 5, Dispenser 5, Blender 2, of 6 customers.
 */
const baskets: BoughtItem[] = [
  item('c1', 'Kulkas', 0),
  item('c1', 'Dispenser', 10),
  item('c2', 'Kulkas', 0),
  item('c2', 'Dispenser', 40),
  item('c3', 'Kulkas', 0),
  item('c3', 'Dispenser', 5),
  item('c3', 'Blender', 6),
  item('c4', 'Dispenser', 0),
  item('c4', 'Kulkas', 3),
  item('c5', 'Blender', 0),
  item('c6', 'Kulkas', 0),
  item('c6', 'Dispenser', 1),
];
const open = { windowDays: 30, minPairCustomers: 1, minSupport: 0, minConfidence: 0, minLift: 0 };

describe('co-purchase rules on a hand-computable basket set', () => {
  it('counts support, confidence and lift over customers', () => {
    const rules = learnCoPurchaseRules(baskets, open).map((r) => [
      r.antecedent,
      r.consequent,
      r.pairCustomers,
      r.support,
      r.confidence,
      r.lift,
    ]);
    expect(rules).toEqual([
      // Dispenser → Blender: c3. support 1/6, confidence 1/5, lift (1/5)/(2/6) = 0.6.
      ['Dispenser', 'Blender', 1, 1 / 6, 1 / 5, expect.closeTo(0.6, 12)],
      // Dispenser → Kulkas: c4. confidence 1/5, lift (1/5)/(5/6) = 0.24.
      ['Dispenser', 'Kulkas', 1, 1 / 6, 1 / 5, expect.closeTo(0.24, 12)],
      // Kulkas → Dispenser: c1, c3, c6 (c2's came too late, c4's before). support 3/6, confidence 3/5, lift 0.6/(5/6) = 0.72.
      ['Kulkas', 'Dispenser', 3, 0.5, 0.6, expect.closeTo(0.72, 12)],
      // Kulkas → Blender: c3.
      ['Kulkas', 'Blender', 1, 1 / 6, 1 / 5, expect.closeTo(0.6, 12)],
    ]);
  });

  it.each([
    [{ minPairCustomers: 2 }, ['Kulkas→Dispenser']],
    [{ minConfidence: 0.25 }, ['Kulkas→Dispenser']],
    [{ minLift: 0.65 }, ['Kulkas→Dispenser']],
    [{ minSupport: 0.2 }, ['Kulkas→Dispenser']],
    [{ windowDays: 45 }, ['Dispenser→Blender', 'Dispenser→Kulkas', 'Kulkas→Dispenser', 'Kulkas→Blender']],
  ])('keeps only the rules above the manager’s minimums %j', (minimums, kept) => {
    expect(learnCoPurchaseRules(baskets, { ...open, ...minimums }).map((r) => `${r.antecedent}→${r.consequent}`)).toEqual(kept);
    // A 45-day window lets c2's late Dispenser count: Kulkas → Dispenser by 4 of 5.
    if ('windowDays' in minimums) expect(learnCoPurchaseRules(baskets, { ...open, ...minimums })[2]!.pairCustomers).toBe(4);
  });

  it('counts products bought at the same moment both ways', () => {
    const rules = learnCoPurchaseRules([item('a', 'Sofa', 0), item('a', 'Lemari', 0)], open).map((r) => `${r.antecedent}→${r.consequent}`);
    expect(rules.sort()).toEqual(['Lemari→Sofa', 'Sofa→Lemari']);
  });
});

describe('offers on the customer page', () => {
  function shop() {
    const s = careStore('2026-03-01T03:00:00.000Z');
    const buy = (customerId: string, product: string, day: number, n: number) =>
      purchase(s.store, customerId, {
        invoiceNo: `INV-${customerId.slice(-4)}-${n}`,
        purchasedAt: new Date(T0 + day * DAY).toISOString(),
        amount: 1_000_000,
        mainProduct: product,
      });
    const ids: Record<string, string> = {};
    let n = 0;
    for (const b of baskets) {
      ids[b.customerId] ??= s.customer().id;
      buy(ids[b.customerId]!, b.product, (b.at - T0) / DAY, n++);
    }
    return { ...s, ids };
  }

  it('shows the top offers for products not yet bought, with why; the manager’s minimums apply at the next recompute', () => {
    const { store, ids } = shop();
    const manager = { staffId: 'm', name: 'M', role: 'manager' as const, outletId: null };
    setOfferSettings(store, manager, open);
    expect(recomputeOfferRules(store).rules).toBe(4);
    // c5 bought only a Blender: no rule starts from it, so the most popular products fill in (5 of 6 customers each).
    expect(offersFor(store, ids.c5!)).toEqual([
      { product: 'Dispenser', kind: 'popular', because: null, confidence: 5 / 6, lift: 1, support: 5 / 6, pairCustomers: 5 },
      { product: 'Kulkas', kind: 'popular', because: null, confidence: 5 / 6, lift: 1, support: 5 / 6, pairCustomers: 5 },
    ]);
    // c2 bought Kulkas and Dispenser: Blender from either (confidence 1/5, lift 0.6; the first by name).
    expect(offersFor(store, ids.c2!)).toMatchObject([{ product: 'Blender', kind: 'rule', because: 'Dispenser', confidence: 0.2 }]);
    setOfferSettings(store, manager, { minPairCustomers: 2 });
    recomputeOfferRules(store);
    expect(offersFor(store, ids.c2!)).toMatchObject([{ product: 'Blender', kind: 'popular', because: null }]);
    // A customer who bought only a Kulkas gets the Dispenser, because of the Kulkas.
    const fresh = shop();
    setOfferSettings(fresh.store, manager, open);
    recomputeOfferRules(fresh.store);
    const k = fresh.customer().id;
    purchase(fresh.store, k, { invoiceNo: 'K-1', purchasedAt: '2026-02-01T03:00:00.000Z', amount: 5_000_000, mainProduct: 'Kulkas' });
    expect(offersFor(fresh.store, k)).toEqual([
      {
        product: 'Dispenser',
        kind: 'rule',
        because: 'Kulkas',
        confidence: 0.6,
        lift: expect.closeTo(0.72, 12),
        support: 0.5,
        pairCustomers: 3,
      },
      {
        product: 'Blender',
        kind: 'rule',
        because: 'Kulkas',
        confidence: 0.2,
        lift: expect.closeTo(0.6, 12),
        support: 1 / 6,
        pairCustomers: 1,
      },
    ]);
    // Clerks cannot change the minimums.
    expect(akrabErrorOf(() => setOfferSettings(fresh.store, { ...manager, role: 'clerk' }, open))).toMatchObject({ code: 'forbidden' });
  });

  it('an offer starts an opportunity or a follow-up and is recorded as made', () => {
    const { store, customer } = shop();
    setOfferSettings(store, { staffId: 'm', name: 'M', role: 'manager', outletId: null }, open);
    recomputeOfferRules(store);
    const k = customer().id;
    purchase(store, k, { invoiceNo: 'K-1', purchasedAt: '2026-02-01T03:00:00.000Z', amount: 5_000_000, mainProduct: 'Kulkas' });
    const o = startOpportunityFromOffer(store, {
      customerId: k,
      product: 'Dispenser',
      category: 'Dapur',
      budget: 1_500_000,
      expectedDecisionDate: '2026-03-20',
    });
    expect(o).toMatchObject({ product: 'Dispenser', stage: 'interested' });
    const f = followUpOffer(store, { customerId: k, product: 'Blender', dueDate: '2026-03-03' });
    expect(getFollowUp(store, f)).toMatchObject({ dueDate: '2026-03-03', reason: 'Tawarkan Blender (pelanggan membeli Kulkas)' });
    expect(store.sqlite.prepare('SELECT product, because, action FROM offers_made ORDER BY made_at, id').all()).toEqual([
      { product: 'Dispenser', because: 'Kulkas', action: 'opportunity' },
      { product: 'Blender', because: 'Kulkas', action: 'follow_up' },
    ]);
    expect(akrabErrorOf(() => followUpOffer(store, { customerId: k, product: 'Sofa', dueDate: '2026-03-03' }))).toMatchObject({
      messageKey: 'error.knowledge.offer_not_found',
    });
    // A bad opportunity writes no offer either.
    const before = store.sqlite.prepare('SELECT count(*) FROM offers_made').pluck().get();
    expect(
      akrabErrorOf(() =>
        startOpportunityFromOffer(store, {
          customerId: k,
          product: 'Blender',
          category: 'Dapur',
          budget: -1,
          expectedDecisionDate: '2026-03-20',
        }),
      ).code,
    ).toBe('validation');
    expect(store.sqlite.prepare('SELECT count(*) FROM offers_made').pluck().get()).toBe(before);
  });

  it('the scheduled pass relearns the rules once they are a day old', () => {
    const { store, advance } = shop();
    expect(recomputeOfferRulesIfStale(store)).not.toBeNull();
    expect(recomputeOfferRulesIfStale(store)).toBeNull();
    advance(DAY);
    expect(recomputeOfferRulesIfStale(store)?.rules).toBeGreaterThanOrEqual(0);
  });
});

describe('offers backtest', () => {
  it('scores hand-made offers: precision@3 and recall@3 against the most-popular baseline', () => {
    const { store, customer } = careStore('2026-06-01T03:00:00.000Z');
    const at = (day: number) => new Date(T0 + day * DAY).toISOString();
    let n = 0;
    const buy = (id: string, product: string, day: number) =>
      purchase(store, id, { invoiceNo: `B${n++}`, purchasedAt: at(day), amount: 1, mainProduct: product });
    // Before the cut-off (day 100): four customers learn "Kulkas → Dispenser"; TV is the most popular product.
    for (let i = 0; i < 4; i++) {
      const c = customer().id;
      buy(c, 'Kulkas', 10);
      buy(c, 'Dispenser', 20);
      buy(c, 'TV', 5);
    }
    for (let i = 0; i < 2; i++) buy(customer().id, 'Radio', 5);
    // After it: x bought a Kulkas before and a Dispenser after; y bought a Radio before and a Kulkas after.
    const x = customer().id;
    buy(x, 'Kulkas', 90);
    buy(x, 'Dispenser', 110);
    const y = customer().id;
    buy(y, 'Radio', 90);
    buy(y, 'Kulkas', 110);
    const report = backtestOffers(store, { cutoff: at(100), settings: { ...open, minLift: 0 } });
    // Rules: Kulkas→Dispenser (4/5 of Kulkas buyers), Kulkas→TV (4/5), Dispenser→TV? no (TV came first)… TV→Kulkas, TV→Dispenser.
    // Rules from Kulkas: only Kulkas→Dispenser (the TVs came before the Kulkas). x is offered the Dispenser (a hit);
    // no rule starts from a Radio, so y is offered nothing. Popularity before the cut-off: Kulkas 5, Dispenser 4,
    // TV 4, Radio 3; x gets Dispenser, TV, Radio (a hit), y gets Kulkas, Dispenser, TV (a hit).
    expect(report.customers).toBe(2);
    expect(report.rulesOnly).toEqual({ precisionAt3: (1 / 3 + 0) / 2, recallAt3: (1 + 0) / 2, hits: 1, covered: 1 });
    // Offers as the page shows them: x gets Dispenser (rule), TV, Radio; y gets Kulkas, Dispenser, TV — the baseline's.
    expect(report.offers).toEqual({ precisionAt3: 1 / 3, recallAt3: 1, hits: 2, covered: 2 });
    expect(report.baseline).toEqual({ precisionAt3: 1 / 3, recallAt3: 1, hits: 2, covered: 2 });
    // Equal is not better.
    expect(report.beatsBaseline).toBe(false);
  });

  it('on synthetic purchases with co-purchase structure the offers beat the most-popular baseline; on the plain generator they tie it', () => {
    const { store } = careStore('2026-11-01T03:00:00.000Z');
    const until = new Date('2026-11-01T03:00:00.000Z');
    seedCustomers(store, withCoPurchases(syntheticCustomers(1500, { seed: 11, until }), { until }));
    const report = backtestOffers(store, { settings: defaultOfferSettings });
    expect(report.customers).toBeGreaterThan(50);
    expect(report.offers.precisionAt3).toBeGreaterThan(report.baseline.precisionAt3);
    expect(report.offers.recallAt3).toBeGreaterThan(report.baseline.recallAt3);
    expect(report.beatsBaseline).toBe(true);
    // The plain generator draws products independently: no rule passes the minimums and the offers are the baseline's.
    const plain = careStore('2026-11-01T03:00:00.000Z');
    seedCustomers(plain.store, syntheticCustomers(1500, { seed: 11, until }));
    const flat = backtestOffers(plain.store, { settings: defaultOfferSettings });
    expect(flat.rules).toBe(0);
    expect(flat.offers).toEqual(flat.baseline);
    expect(flat.beatsBaseline).toBe(false);
  });
});

describe('the scheduled pass', () => {
  it('the follow-up rule schedule relearns the offer rules in the same pass', async () => {
    const { store, customer } = careStore('2026-03-01T03:00:00.000Z');
    for (let i = 0; i < 3; i++) {
      const c = customer().id;
      purchase(store, c, { invoiceNo: `S${i}a`, purchasedAt: '2026-02-01T03:00:00.000Z', amount: 1, mainProduct: 'Kulkas' });
      purchase(store, c, { invoiceNo: `S${i}b`, purchasedAt: '2026-02-05T03:00:00.000Z', amount: 1, mainProduct: 'Dispenser' });
    }
    purchase(store, customer().id, { invoiceNo: 'S9', purchasedAt: '2026-02-01T03:00:00.000Z', amount: 1, mainProduct: 'Blender' });
    const log = { info: () => {}, error: () => {} };
    const schedule = startRuleSchedule(store, { firstDelayMs: 60_000, log });
    try {
      const report = await schedule.runNow();
      // Kulkas then Dispenser, 3 of 3 Kulkas buyers (lift 1/(3/4)); never the other way round.
      expect(report?.offerRules?.rules).toBe(1);
      expect(store.sqlite.prepare('SELECT antecedent, consequent FROM offer_rules ORDER BY antecedent').all()).toEqual([
        { antecedent: 'Kulkas', consequent: 'Dispenser' },
      ]);
      // Within the day the next pass leaves them be.
      expect((await schedule.runNow())?.offerRules).toBeUndefined();
    } finally {
      schedule.stop();
    }
  });
});
