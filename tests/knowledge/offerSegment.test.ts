import { describe, expect, it } from 'vitest';
import { offersFor, recomputeOfferRules, setOfferSettings } from '../../electron/core/offers/offerRules';
import { countSegment } from '../../electron/core/segments/segments';
import { careStore, purchase, DAY } from '../care/support';
import { akrabErrorOf } from '../support/akrabError';

const T0 = Date.parse('2026-01-05T03:00:00.000Z');
const open = { windowDays: 30, minPairCustomers: 1, minSupport: 0, minConfidence: 0, minLift: 0 };

/**
 * A Kasur leads on to Bantal, Sprei, Guling and Selimut, each bought by fewer of the Kasur's buyers (one day apart):
 *   u1 Kasur, Bantal, Sprei, Guling, Selimut     u4 Kasur, Bantal
 *   u2 Kasur, Bantal, Sprei, Guling              t1 Kasur
 *   u3 Kasur, Bantal, Sprei                      t2 Kasur and Bantal on the same day
 * Kasur → Bantal 5/6, → Sprei 3/6, → Guling 2/6, → Selimut 1/6 (and Bantal → … likewise, lower down).
 * Top three rule offers: t1 Bantal, Sprei, Guling (Selimut fourth, left out); t2 and u4 Sprei, Guling, Selimut;
 * u3 Guling, Selimut; u2 Selimut; u1 nothing left to offer.
 */
const baskets: Record<string, string[]> = {
  u1: ['Kasur', 'Bantal', 'Sprei', 'Guling', 'Selimut'],
  u2: ['Kasur', 'Bantal', 'Sprei', 'Guling'],
  u3: ['Kasur', 'Bantal', 'Sprei'],
  u4: ['Kasur', 'Bantal'],
  t1: ['Kasur'],
  t2: ['Kasur', 'Bantal'],
};

function shop() {
  const s = careStore('2026-03-01T03:00:00.000Z');
  const ids: Record<string, string> = {};
  const names = new Map<string, string>();
  let n = 0;
  for (const [key, products] of Object.entries(baskets)) {
    const c = s.customer();
    ids[key] = c.id;
    names.set(c.id, key);
    products.forEach((product, day) =>
      purchase(s.store, c.id, {
        invoiceNo: `INV-${n++}`,
        purchasedAt: new Date(T0 + (key === 't2' ? 0 : day) * DAY).toISOString(),
        amount: 1_000_000,
        mainProduct: product,
      }),
    );
  }
  setOfferSettings(s.store, { staffId: 'm', name: 'M', role: 'manager', outletId: null }, open);
  recomputeOfferRules(s.store);
  return { ...s, ids, names };
}

const offered = (store: ReturnType<typeof shop>['store'], names: Map<string, string>, product: string) => {
  const all = countSegment(store, { where: { field: 'wouldBeOffered', op: 'offered', value: product }, preview: 100 });
  return all.preview.map((p) => names.get(p.customerId)).sort();
};

describe('segment condition "would be offered Y"', () => {
  it('selects the customers whose top three co-purchase offers hold the product, as the customer page ranks them', () => {
    const { store, ids, names } = shop();
    expect(offersFor(store, ids.t1!).filter((o) => o.kind === 'rule').map((o) => o.product)).toEqual(['Bantal', 'Sprei', 'Guling']);
    expect(offered(store, names, 'Selimut')).toEqual(['t2', 'u2', 'u3', 'u4']);
    expect(offered(store, names, 'Bantal')).toEqual(['t1']);
    expect(offered(store, names, 'guling')).toEqual(['t1', 't2', 'u3', 'u4']);
    expect(offered(store, names, 'Kasur')).toEqual([]);
    // The same answer as the page for every customer and product.
    for (const product of ['Bantal', 'Sprei', 'Guling', 'Selimut']) {
      const page = Object.entries(ids)
        .filter(([, id]) => offersFor(store, id).some((o) => o.kind === 'rule' && o.product === product))
        .map(([key]) => key)
        .sort();
      expect(offered(store, names, product), product).toEqual(page);
    }
  });

  it('combines with other conditions and refuses a condition without a product', () => {
    const { store, names } = shop();
    const both = countSegment(store, {
      where: { and: [{ field: 'wouldBeOffered', op: 'offered', value: 'Selimut' }, { field: 'purchases', op: 'gte', value: 3 }] },
      preview: 100,
    });
    expect(both.preview.map((p) => names.get(p.customerId)).sort()).toEqual(['u2', 'u3']);
    expect(akrabErrorOf(() => countSegment(store, { where: { field: 'wouldBeOffered', op: 'offered', value: ' ' } }))).toMatchObject({
      messageKey: 'error.segment_value_invalid',
    });
  });
});
