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
 * Purchases as columns of small integers: customers and products numbered in the order first seen, the time in
 * milliseconds. Millions of purchases fit in a few typed arrays instead of millions of objects and string keys.
 */
export class PurchaseColumns {
  customer = new Int32Array(1024);
  product = new Int32Array(1024);
  at = new Float64Array(1024);
  length = 0;
  readonly customerIds = new Map<string, number>();
  readonly productIds = new Map<string, number>();
  readonly productNames: string[] = [];

  add(customerId: string, product: string, at: number): void {
    if (this.length === this.at.length) this.grow();
    let c = this.customerIds.get(customerId);
    if (c === undefined) this.customerIds.set(customerId, (c = this.customerIds.size));
    let p = this.productIds.get(product);
    if (p === undefined) {
      this.productIds.set(product, (p = this.productNames.length));
      this.productNames.push(product);
    }
    this.customer[this.length] = c;
    this.product[this.length] = p;
    this.at[this.length++] = at;
  }

  private grow(): void {
    const size = this.at.length * 2;
    const customer = new Int32Array(size);
    customer.set(this.customer);
    const product = new Int32Array(size);
    product.set(this.product);
    const at = new Float64Array(size);
    at.set(this.at);
    Object.assign(this, { customer, product, at });
  }
}

export interface LearntRules {
  rules: CoPurchaseRule[];
  /** Customers with at least one purchase. */
  customers: number;
  /** Per product, how many customers bought it. */
  buyers: Map<string, number>;
}

/** Above this many products squared, pairs are counted in a Map instead of flat arrays. */
const FLAT_PAIR_LIMIT = 1 << 24;

/**
 * Sequential co-purchase rules "bought X, then Y within N days", counted over customers (a customer counts once
 * per pair however often they repeat it). Y may come on the same day as X or later, never earlier.
 * One pass per customer over their purchases in time order.
 */
export function learnRulesFromColumns(columns: PurchaseColumns, settings: OfferSettings): LearntRules {
  const window = settings.windowDays * DAY_MS;
  const { customer, product, at, length, productNames } = columns;
  const customers = columns.customerIds.size;
  const products = productNames.length;

  // Row numbers grouped by customer (a counting sort, keeping the read order within a customer).
  const start = new Int32Array(customers + 1);
  for (let i = 0; i < length; i++) start[customer[i]! + 1]!++;
  for (let c = 0; c < customers; c++) start[c + 1]! += start[c]!;
  const order = new Int32Array(length);
  const next = start.slice(0, customers);
  for (let i = 0; i < length; i++) order[next[customer[i]!]!++] = i;

  const buyers = new Int32Array(products);
  const boughtBy = new Int32Array(products).fill(-1);
  const flat = products * products <= FLAT_PAIR_LIMIT;
  const pairCount = flat ? new Int32Array(products * products) : null;
  const pairSeenBy = flat ? new Int32Array(products * products).fill(-1) : null;
  const pairMap = flat ? null : new Map<number, number>();
  const seen = flat ? null : new Set<number>();
  const mark = (c: number, x: number, y: number) => {
    const key = x * products + y;
    if (pairCount) {
      if (pairSeenBy![key] === c) return;
      pairSeenBy![key] = c;
      pairCount[key]!++;
    } else seen!.add(key);
  };

  for (let c = 0; c < customers; c++) {
    const s = start[c]!;
    const e = start[c + 1]!;
    if (!inTimeOrder(order, at, s, e)) sortByTime(order, at, s, e);
    let distinct = 0;
    for (let i = s; i < e; i++) {
      const p = product[order[i]!]!;
      if (boughtBy[p] !== c) {
        boughtBy[p] = c;
        buyers[p]!++;
        distinct++;
      }
    }
    if (distinct < 2) continue;
    for (let i = s; i < e; i++) {
      const x = product[order[i]!]!;
      const ax = at[order[i]!]!;
      for (let j = i + 1; j < e && at[order[j]!]! - ax <= window; j++) {
        const y = product[order[j]!]!;
        if (y !== x) mark(c, x, y);
      }
      // Same instant, listed before x: still "with" x.
      for (let j = i - 1; j >= s && at[order[j]!] === ax; j--) {
        const y = product[order[j]!]!;
        if (y !== x) mark(c, x, y);
      }
    }
    if (seen) {
      for (const key of seen) pairMap!.set(key, (pairMap!.get(key) ?? 0) + 1);
      seen.clear();
    }
  }

  const rules: CoPurchaseRule[] = [];
  const consider = (key: number, n: number) => {
    const a = Math.floor(key / products);
    const b = key - a * products;
    const support = n / customers;
    const confidence = n / buyers[a]!;
    const lift = confidence / (buyers[b]! / customers);
    if (n < settings.minPairCustomers || support < settings.minSupport || confidence < settings.minConfidence || lift < settings.minLift)
      return;
    rules.push({ antecedent: productNames[a]!, consequent: productNames[b]!, pairCustomers: n, support, confidence, lift });
  };
  if (pairCount) {
    for (let key = 0; key < pairCount.length; key++) if (pairCount[key]! > 0) consider(key, pairCount[key]!);
  } else for (const [key, n] of pairMap!) consider(key, n);
  rules.sort((a, b) => a.antecedent.localeCompare(b.antecedent) || b.confidence - a.confidence || a.consequent.localeCompare(b.consequent));
  return { rules, customers, buyers: new Map(productNames.map((name, p) => [name, buyers[p]!])) };
}

function inTimeOrder(order: Int32Array, at: Float64Array, s: number, e: number): boolean {
  for (let i = s + 1; i < e; i++) if (at[order[i]!]! < at[order[i - 1]!]!) return false;
  return true;
}

function sortByTime(order: Int32Array, at: Float64Array, s: number, e: number): void {
  const rows = Array.from(order.subarray(s, e)).sort((a, b) => at[a]! - at[b]!);
  order.set(rows, s);
}

/** The rules learnt from `items` (a customer's purchases may come in any order, and need not be together). */
export function learnCoPurchaseRules(items: Iterable<BoughtItem>, settings: OfferSettings): CoPurchaseRule[] {
  const columns = new PurchaseColumns();
  for (const item of items) columns.add(item.customerId, item.product, item.at);
  return learnRulesFromColumns(columns, settings).rules;
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
