import { describe, expect, it } from 'vitest';
import { learnCoPurchaseRules, type BoughtItem, type CoPurchaseRule } from '../../electron/core/offers/coPurchaseRules';
import { purchasedItems, recomputeOfferRules, setOfferSettings } from '../../electron/core/offers/offerRules';
import { withCoPurchases } from '../../electron/core/offers/syntheticBaskets';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { seedCustomers } from '../../electron/core/demo/seedStore';
import { SeededRandom } from '../../electron/core/demo/random';
import { readSetting } from '../../electron/core/store/store';
import type { OfferSettings } from '../../shared/knowledge';
import { careStore } from '../care/support';

const DAY = 86_400_000;

/**
 * The rule learner as it was before the one-pass columnar version (a self-join of each customer's purchases with
 * string keys): the oracle the fast learner must match rule for rule.
 */
function referenceRules(items: Iterable<BoughtItem>, settings: OfferSettings): CoPurchaseRule[] {
  const window = settings.windowDays * DAY;
  const buyers = new Map<string, number>();
  const pairs = new Map<string, number>();
  let customers = 0;
  let current: string | null = null;
  let basket: BoughtItem[] = [];
  const flush = () => {
    if (basket.length === 0) return;
    customers++;
    basket.sort((a, b) => a.at - b.at);
    const products = new Set(basket.map((b) => b.product));
    for (const p of products) buyers.set(p, (buyers.get(p) ?? 0) + 1);
    if (products.size > 1) {
      const seen = new Set<string>();
      for (let i = 0; i < basket.length; i++) {
        const x = basket[i]!;
        for (let j = i + 1; j < basket.length && basket[j]!.at - x.at <= window; j++) {
          const y = basket[j]!;
          if (y.product === x.product) continue;
          seen.add(`${x.product}\u0000${y.product}`);
        }
        for (let j = i - 1; j >= 0 && basket[j]!.at === x.at; j--)
          if (basket[j]!.product !== x.product) seen.add(`${x.product}\u0000${basket[j]!.product}`);
      }
      for (const key of seen) pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    basket = [];
  };
  for (const item of items) {
    if (item.customerId !== current) {
      flush();
      current = item.customerId;
    }
    basket.push(item);
  }
  flush();
  const rules: CoPurchaseRule[] = [];
  for (const [key, n] of pairs) {
    const [antecedent, consequent] = key.split('\u0000') as [string, string];
    const support = n / customers;
    const confidence = n / buyers.get(antecedent)!;
    const lift = confidence / (buyers.get(consequent)! / customers);
    if (n < settings.minPairCustomers || support < settings.minSupport || confidence < settings.minConfidence || lift < settings.minLift)
      continue;
    rules.push({ antecedent, consequent, pairCustomers: n, support, confidence, lift });
  }
  return rules.sort(
    (a, b) => a.antecedent.localeCompare(b.antecedent) || b.confidence - a.confidence || a.consequent.localeCompare(b.consequent),
  );
}

const open: OfferSettings = { windowDays: 30, minPairCustomers: 1, minSupport: 0, minConfidence: 0, minLift: 0 };

/** Random baskets, grouped by customer but shuffled within each, with repeats and purchases at the same instant. */
function randomBaskets(seed: number, customers: number, products: number): BoughtItem[] {
  const random = new SeededRandom(seed);
  const names = Array.from({ length: products }, (_, i) => `P${i}`);
  const items: BoughtItem[] = [];
  const t0 = Date.parse('2025-01-01T00:00:00.000Z');
  for (let c = 0; c < customers; c++) {
    const basket: BoughtItem[] = [];
    const n = random.int(1, 8);
    for (let i = 0; i < n; i++) {
      const at =
        random.chance(0.3) && basket.length ? basket[basket.length - 1]!.at : t0 + random.int(0, 200) * DAY + random.int(0, 3) * 3_600_000;
      basket.push({ customerId: `c${c}`, product: random.pick(names), at });
    }
    for (let i = basket.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [basket[i], basket[j]] = [basket[j]!, basket[i]!];
    }
    items.push(...basket);
  }
  return items;
}

describe('the one-pass rule learner gives the same rules as the self-join it replaced', () => {
  it.each([
    ['few products, 30-day window', 1, 2000, 12, open],
    [
      'few products, 7-day window, minimums',
      2,
      3000,
      12,
      { ...open, windowDays: 7, minPairCustomers: 55, minConfidence: 0.06, minLift: 0.2 },
    ],
    ['many products (counted in a Map)', 3, 3000, 5000, { ...open, windowDays: 120 }],
  ])('%s', (_label, seed, customers, products, settings) => {
    const items = randomBaskets(seed, customers, products);
    const expected = referenceRules(items, settings);
    expect(expected.length).toBeGreaterThan(10);
    expect(learnCoPurchaseRules(items, settings)).toEqual(expected);
  });

  it('on a random store: the recomputed rules and the popular list are the old ones', () => {
    const now = '2026-11-01T03:00:00.000Z';
    const { store } = careStore(now);
    const until = new Date(now);
    seedCustomers(store, withCoPurchases(syntheticCustomers(800, { seed: 5, until }), { until }));
    for (const settings of [open, { ...open, windowDays: 90, minPairCustomers: 3, minConfidence: 0.05, minLift: 1 }]) {
      setOfferSettings(store, { staffId: 'm', name: 'M', role: 'manager', outletId: null }, settings);
      const expected = referenceRules(purchasedItems(store), settings);
      expect(expected.length).toBeGreaterThan(5);
      expect(recomputeOfferRules(store).rules).toBe(expected.length);
      const stored = store.sqlite
        .prepare('SELECT antecedent, consequent, pair_customers AS pairCustomers, support, confidence, lift FROM offer_rules')
        .all() as CoPurchaseRule[];
      const key = (r: CoPurchaseRule) => `${r.antecedent}\u0000${r.consequent}`;
      expect(new Map(stored.map((r) => [key(r), r]))).toEqual(new Map(expected.map((r) => [key(r), r])));
      // The most popular products, as the two SQL queries the recompute used to run counted them.
      const withProduct = `deleted_at IS NULL AND main_product IS NOT NULL AND main_product != ''`;
      const customers = store.sqlite
        .prepare(`SELECT count(DISTINCT customer_id) FROM purchases WHERE ${withProduct}`)
        .pluck()
        .get() as number;
      const popular = (
        store.sqlite
          .prepare(
            `SELECT main_product, count(DISTINCT customer_id) AS buyers FROM purchases WHERE ${withProduct}
             GROUP BY main_product ORDER BY buyers DESC, main_product LIMIT 20`,
          )
          .raw()
          .all() as [string, number][]
      ).map(([product, buyers]) => ({ product, buyers, share: buyers / customers }));
      expect(JSON.parse(readSetting(store.sqlite, 'offer_popular_products')!)).toEqual(popular);
    }
  });
});
