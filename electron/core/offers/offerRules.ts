import { knowledgeSettings } from '../../../db/schema/knowledge';
import { defaultOfferSettings, offerSettingsSchema, type Offer, type OfferSettings } from '../../../shared/knowledge';
import { roleRank, type Session } from '../auth/roles';
import { prepared, requireCustomerRow } from '../care/careReads';
import { parseOrThrow } from '../care/settings/careSettings';
import { knowledgeErrors } from '../knowledge/errors';
import { readSetting, scanningView, writeSetting, type Store } from '../store/store';
import { transact } from '../store/writer';
import { learnRulesFromColumns, PurchaseColumns, rankOffers, type BoughtItem, type CoPurchaseRule } from './coPurchaseRules';

/** The offer-rule minimums: the manager's, else the defaults. */
export function offerSettings(store: Store): OfferSettings {
  const raw = prepared(store, `SELECT value FROM knowledge_settings WHERE id = 'offers' AND deleted_at IS NULL`).pluck().get() as
    string | undefined;
  if (!raw) return defaultOfferSettings;
  const parsed = offerSettingsSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : defaultOfferSettings;
}

export function setOfferSettings(store: Store, actor: Session | null, input: Partial<OfferSettings> | unknown): OfferSettings {
  if (!actor || roleRank[actor.role] < roleRank.manager) throw knowledgeErrors.managerRequired();
  const settings = parseOrThrow(offerSettingsSchema, { ...offerSettings(store), ...(input as object) });
  const value = JSON.stringify(settings);
  transact(store, (w) => {
    if (prepared(store, `SELECT 1 FROM knowledge_settings WHERE id = 'offers'`).get()) w.update(knowledgeSettings, 'offers', { value });
    else w.insert(knowledgeSettings, { id: 'offers', value });
  });
  return settings;
}

/** Every purchase with a product, grouped by customer: what the rules learn from. */
export function* purchasedItems(store: Store, before?: string): Generator<BoughtItem> {
  const rows = store.sqlite
    .prepare(
      `SELECT customer_id, main_product, purchased_at FROM purchases
       WHERE deleted_at IS NULL AND main_product IS NOT NULL AND main_product != '' ${before ? 'AND purchased_at < ?' : ''}
       ORDER BY customer_id`,
    )
    .raw()
    .iterate(...(before ? [before] : [])) as Iterable<[string, string, string]>;
  for (const [customerId, product, at] of rows) yield { customerId, product, at: Date.parse(at) };
}

/**
 * Every purchase with a product, as columns. Read in time order, which walks the covering index
 * purchases_recent_idx from end to end (no lookup into the table per purchase, as grouping by customer needs)
 * and hands each customer's purchases over already in time order. A long scan: on the scanning connection.
 */
export function purchaseColumns(store: Store): PurchaseColumns {
  const columns = new PurchaseColumns();
  const rows = scanningView(store)
    .sqlite.prepare(
      `SELECT customer_id, main_product, purchased_at FROM purchases
       WHERE deleted_at IS NULL AND main_product IS NOT NULL AND main_product != '' ORDER BY purchased_at`,
    )
    .raw()
    .iterate() as Iterable<[string, string, string]>;
  for (const [customerId, product, at] of rows) columns.add(customerId, product, Date.parse(at));
  return columns;
}

export interface RecomputeReport {
  rules: number;
  computedAt: string;
  ms: number;
}

const COMPUTED_AT = 'offer_rules_computed_at';
/** The most popular products (by customers) at the last recompute: they fill the slots no rule reaches. */
const POPULAR = 'offer_popular_products';
const POPULAR_KEPT = 20;
/** The scheduled pass recomputes the rules when they are older than this. */
export const OFFER_RULES_MAX_AGE_MS = 24 * 3_600_000;

/** What a recompute learns: the rules and the popular list that fills the slots no rule reaches. Reads only. */
export interface LearnedOfferRules {
  rules: CoPurchaseRule[];
  popular: PopularProduct[];
  /** The instant the purchases were read at: the rules' computed_at. */
  computedAt: string;
}

/**
 * Learns the co-purchase rules from every purchase this device holds, writing nothing: the scheduled pass runs it
 * on a thread of its own (learnOffThread.ts) over a read-only connection.
 */
export function learnOfferRules(store: Store): LearnedOfferRules {
  const computedAt = store.now().toISOString();
  const { rules, customers, buyers } = learnRulesFromColumns(purchaseColumns(store), offerSettings(store));
  const popular = [...buyers]
    .sort((a, b) => b[1] - a[1] || Buffer.compare(Buffer.from(a[0]), Buffer.from(b[0])))
    .slice(0, POPULAR_KEPT)
    .map(([product, n]) => ({ product, buyers: n, share: customers ? n / customers : 0 }));
  return { rules, popular, computedAt };
}

/** Replaces the local cache (offer_rules, never synced: every device learns the same rules from the same purchases). */
export function saveOfferRules(store: Store, learned: LearnedOfferRules): number {
  const { rules, popular, computedAt } = learned;
  const insert = store.sqlite.prepare(
    'INSERT INTO offer_rules (antecedent, consequent, pair_customers, support, confidence, lift, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  store.sqlite.transaction(() => {
    store.sqlite.prepare('DELETE FROM offer_rules').run();
    for (const r of rules) insert.run(r.antecedent, r.consequent, r.pairCustomers, r.support, r.confidence, r.lift, computedAt);
    writeSetting(store.sqlite, COMPUTED_AT, computedAt);
    writeSetting(store.sqlite, POPULAR, JSON.stringify(popular));
  }).immediate();
  return rules.length;
}

/** Learns the rules and replaces the cache, here and now (the CLI, the demo, tests). */
export function recomputeOfferRules(store: Store): RecomputeReport {
  const started = performance.now();
  const learned = learnOfferRules(store);
  return { rules: saveOfferRules(store, learned), computedAt: learned.computedAt, ms: Math.round(performance.now() - started) };
}

/** Whether the scheduled pass should relearn: the rules are a day old, or were never computed. */
export function offerRulesStale(store: Store): boolean {
  const last = readSetting(store.sqlite, COMPUTED_AT);
  return !last || store.now().getTime() - Date.parse(last) >= OFFER_RULES_MAX_AGE_MS;
}

/** Recomputes here and now once the rules are a day old (or were never computed). */
export function recomputeOfferRulesIfStale(store: Store): RecomputeReport | null {
  return offerRulesStale(store) ? recomputeOfferRules(store) : null;
}

export function offerRulesComputedAt(store: Store): string | null {
  return readSetting(store.sqlite, COMPUTED_AT);
}

export function storedRulesFrom(store: Store): (antecedent: string) => CoPurchaseRule[] {
  const statement = prepared(
    store,
    'SELECT antecedent, consequent, pair_customers AS pairCustomers, support, confidence, lift FROM offer_rules WHERE antecedent = ? ORDER BY confidence DESC',
  );
  return (antecedent) => statement.all(antecedent) as CoPurchaseRule[];
}

/** The popular list as last parsed, per store: it changes only when the rules are recomputed. */
const popularCache = new WeakMap<Store, { raw: string; list: PopularProduct[] }>();
function popularProducts(store: Store): PopularProduct[] {
  const raw = (prepared(store, 'SELECT value AS popular FROM settings WHERE key = ?').pluck().get(POPULAR) as string | undefined) ?? '[]';
  const cached = popularCache.get(store);
  if (cached?.raw === raw) return cached.list;
  const list = JSON.parse(raw) as PopularProduct[];
  popularCache.set(store, { raw, list });
  return list;
}

export interface PopularProduct {
  product: string;
  buyers: number;
  share: number;
}

/**
 * The top three offers for a customer: products they have not bought yet, each with the rule that suggests it;
 * where fewer rules reach them, the most popular products fill the rest (the backtest scores exactly this).
 */
export function offersFor(store: Store, customerId: string, limit = 3): Offer[] {
  requireCustomerRow(store, customerId);
  const bought = new Set(
    prepared(store, `SELECT DISTINCT main_product FROM purchases WHERE customer_id = ? AND deleted_at IS NULL AND main_product IS NOT NULL`)
      .pluck()
      .all(customerId) as string[],
  );
  const offers: Offer[] = rankOffers(bought, storedRulesFrom(store), limit).map((o) => ({
    product: o.product,
    kind: 'rule',
    because: o.because,
    confidence: o.confidence,
    lift: o.lift,
    support: o.support,
    pairCustomers: o.pairCustomers,
  }));
  const popular = popularProducts(store);
  for (const p of popular) {
    if (offers.length >= limit) break;
    if (bought.has(p.product) || offers.some((o) => o.product === p.product)) continue;
    offers.push({
      product: p.product,
      kind: 'popular',
      because: null,
      confidence: p.share,
      lift: 1,
      support: p.share,
      pairCustomers: p.buyers,
    });
  }
  return offers;
}
