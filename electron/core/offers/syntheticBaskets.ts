import { products } from '../demo/indonesianNames';
import { SeededRandom } from '../demo/random';
import type { SyntheticCustomer } from '../demo/syntheticCustomers';

/**
 * What goes with what at an electronics and furniture outlet: the structure the plain synthetic generator lacks
 * (it draws every product uniformly and independently, so no rule can learn anything from it).
 */
export const complements: Readonly<Record<string, readonly string[]>> = {
  'Kasur Springbed': ['Lemari Pakaian', 'Setrika'],
  'Kulkas 2 Pintu': ['Dispenser', 'Microwave'],
  'Televisi LED 43"': ['AC 1 PK', 'Sofa'],
  'Mesin Cuci': ['Setrika', 'Dispenser'],
  Sofa: ['Televisi LED 43"', 'Kipas Angin'],
  Laptop: ['Smartphone'],
  'Rice Cooker': ['Blender', 'Microwave'],
};
/** First purchases lean on a few everyday products: the "most popular" baseline then has something to say. */
const popular = [
  'Smartphone',
  'Rice Cooker',
  'Kipas Angin',
  'Smartphone',
  'Rice Cooker',
  'Kulkas 2 Pintu',
  'Kasur Springbed',
  'Mesin Cuci',
];

/**
 * Rewrites the products and dates of synthetic customers' purchases so that they carry co-purchase structure:
 * each purchase after the first is, with probability `follow`, a complement of something already bought,
 * 1–60 days after the previous purchase; otherwise any product. Deterministic for a seed.
 */
export function* withCoPurchases(
  customers: Iterable<SyntheticCustomer>,
  options: { seed?: number; follow?: number; until?: Date } = {},
): Generator<SyntheticCustomer> {
  const random = new SeededRandom(options.seed ?? 19);
  const follow = options.follow ?? 0.6;
  const until = (options.until ?? new Date()).getTime();
  for (const customer of customers) {
    const list = [...customer.purchases].sort((a, b) => a.purchasedAt.localeCompare(b.purchasedAt));
    const bought: string[] = [];
    let previous = 0;
    const purchases = list.map((p, i) => {
      let product = random.chance(0.7) ? random.pick(popular) : random.pick(products);
      let at = Date.parse(p.purchasedAt);
      if (i > 0) {
        const candidates = bought.flatMap((b) => complements[b] ?? []).filter((c) => !bought.includes(c));
        if (candidates.length > 0 && random.chance(follow)) {
          product = random.pick(candidates);
          at = Math.min(until, previous + random.int(1, 60) * 86_400_000);
        }
      }
      at = Math.max(at, previous);
      previous = at;
      bought.push(product);
      return { ...p, mainProduct: product, purchasedAt: new Date(at).toISOString() };
    });
    yield { ...customer, purchases };
  }
}
