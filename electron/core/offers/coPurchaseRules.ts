import type { OfferSettings } from '../../../shared/knowledge';

/** One purchase line as the rules read it. */
export interface BoughtItem {
  customerId: string;
  product: string;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface CoPurchaseRule {
  antecedent: string;
  consequent: string;
  /** Customers who bought the antecedent and then the consequent within the window. */
  pairCustomers: number;
  /** pairCustomers / customers. */
  support: number;
  /** pairCustomers / customers who bought the antecedent. */
  confidence: number;
  /** confidence / (customers who bought the consequent / customers). */
  lift: number;
}

const DAY_MS = 86_400_000;

/**
 * Sequential co-purchase rules "bought X, then Y within N days", counted over customers (a customer counts once
 * per pair however often they repeat it). Y may come on the same day as X or later, never earlier. `items`
 * must come grouped by customer (any order within a customer); products are compared as written.
 */
export function learnCoPurchaseRules(items: Iterable<BoughtItem>, settings: OfferSettings): CoPurchaseRule[] {
  const window = settings.windowDays * DAY_MS;
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
        // Same instant, listed before x: still "with" x.
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

/** Products with how many customers bought them, most first. */
export function popularityCounts(items: Iterable<BoughtItem>): [string, number][] {
  const buyers = new Map<string, Set<string>>();
  for (const i of items) {
    let set = buyers.get(i.product);
    if (!set) buyers.set(i.product, (set = new Set()));
    set.add(i.customerId);
  }
  return [...buyers.entries()].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0])).map(([p, set]) => [p, set.size]);
}

/** Products by how many customers bought them, most first (the baseline every offer must beat). */
export function popularity(items: Iterable<BoughtItem>): string[] {
  return popularityCounts(items).map(([p]) => p);
}

export interface RankedOffer extends CoPurchaseRule {
  product: string;
  because: string;
}

/**
 * The top offers for a customer who bought `bought`: products they have not bought, by the best rule reaching
 * each (confidence, then lift, then how many customers made the pair).
 */
export function rankOffers(
  bought: ReadonlySet<string>,
  rulesFrom: (antecedent: string) => readonly CoPurchaseRule[],
  limit = 3,
): RankedOffer[] {
  const best = new Map<string, CoPurchaseRule>();
  for (const x of bought)
    for (const rule of rulesFrom(x)) {
      if (bought.has(rule.consequent)) continue;
      const known = best.get(rule.consequent);
      if (!known || better(rule, known)) best.set(rule.consequent, rule);
    }
  return [...best.values()]
    .sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : a.consequent.localeCompare(b.consequent)))
    .slice(0, limit)
    .map((r) => ({ ...r, product: r.consequent, because: r.antecedent }));
}

function better(a: CoPurchaseRule, b: CoPurchaseRule): boolean {
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  if (a.lift !== b.lift) return a.lift > b.lift;
  if (a.pairCustomers !== b.pairCustomers) return a.pairCustomers > b.pairCustomers;
  // Ties go to the first reason by name, so the same purchases give the same "why" on every device.
  return a.antecedent < b.antecedent;
}
