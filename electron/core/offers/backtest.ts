import type { OfferSettings } from '../../../shared/knowledge';
import type { Store } from '../store/store';
import { learnCoPurchaseRules, popularity, rankOffers, type BoughtItem, type CoPurchaseRule } from './coPurchaseRules';
import { offerSettings, purchasedItems } from './offerRules';

const DAY_MS = 86_400_000;
export const TOP_K = 3;

export interface Scores {
  /** Mean over evaluated customers of hits / 3. */
  precisionAt3: number;
  /** Mean over evaluated customers of hits / products they really bought next. */
  recallAt3: number;
  hits: number;
  /** Customers given at least one offer. */
  covered: number;
}

export interface BacktestReport {
  cutoff: string;
  windowDays: number;
  rules: number;
  trainPurchases: number;
  /** Customers who bought before the cut-off and bought something new to them within the window after it. */
  customers: number;
  /** What the customer page offers: the rules' products first, the most popular ones filling the rest. */
  offers: Scores;
  /** The rules' products alone (fewer than three where few rules reach the customer). */
  rulesOnly: Scores;
  baseline: Scores;
  beatsBaseline: boolean;
}

/**
 * Rules learnt on the purchases before the cut-off, scored on what each customer bought next: the products new
 * to them bought within the rules' window after the cut-off. The baseline offers every customer the most
 * popular products (by customers, before the cut-off) they have not bought, on the same split. The offers are
 * what the customer page shows: the rules' products first, the most popular filling the slots no rule reaches,
 * so the difference from the baseline is the rules' alone; the rules alone are scored too.
 */
/** The rules' offers, then the most popular products not offered yet, up to three. */
export function fillWithPopular(fromRules: readonly string[], mostPopular: readonly string[]): string[] {
  const out = [...fromRules];
  for (const p of mostPopular) {
    if (out.length >= TOP_K) break;
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

export function backtestOffers(store: Store, options: { cutoff?: string; settings?: OfferSettings } = {}): BacktestReport {
  const settings = options.settings ?? offerSettings(store);
  const window = settings.windowDays * DAY_MS;
  const last = store.sqlite.prepare('SELECT max(purchased_at) FROM purchases WHERE deleted_at IS NULL').pluck().get() as string | null;
  const cutoff = options.cutoff ?? new Date((last ? Date.parse(last) : store.now().getTime()) - window).toISOString();
  const cutoffMs = Date.parse(cutoff);

  const before = new Map<string, Set<string>>();
  const after = new Map<string, Set<string>>();
  const train: BoughtItem[] = [];
  for (const item of purchasedItems(store)) {
    if (item.at < cutoffMs) {
      train.push(item);
      let set = before.get(item.customerId);
      if (!set) before.set(item.customerId, (set = new Set()));
      set.add(item.product);
    } else if (item.at <= cutoffMs + window) {
      let set = after.get(item.customerId);
      if (!set) after.set(item.customerId, (set = new Set()));
      set.add(item.product);
    }
  }
  const rules = learnCoPurchaseRules(train, settings);
  const byAntecedent = new Map<string, CoPurchaseRule[]>();
  for (const r of rules) {
    let list = byAntecedent.get(r.antecedent);
    if (!list) byAntecedent.set(r.antecedent, (list = []));
    list.push(r);
  }
  const popular = popularity(train);

  const offers = { precision: 0, recall: 0, hits: 0, covered: 0 };
  const rulesOnly = { precision: 0, recall: 0, hits: 0, covered: 0 };
  const baseline = { precision: 0, recall: 0, hits: 0, covered: 0 };
  let customers = 0;
  const score = (target: typeof offers, offered: readonly string[], actual: ReadonlySet<string>) => {
    const hits = offered.filter((p) => actual.has(p)).length;
    target.hits += hits;
    target.precision += hits / TOP_K;
    target.recall += hits / actual.size;
    if (offered.length > 0) target.covered++;
  };
  for (const [customerId, bought] of before) {
    const next = after.get(customerId);
    if (!next) continue;
    const actual = new Set([...next].filter((p) => !bought.has(p)));
    if (actual.size === 0) continue;
    customers++;
    const fromRules = rankOffers(bought, (x) => byAntecedent.get(x) ?? [], TOP_K).map((o) => o.product);
    const mostPopular = popular.filter((p) => !bought.has(p));
    score(offers, fillWithPopular(fromRules, mostPopular), actual);
    score(rulesOnly, fromRules, actual);
    score(baseline, mostPopular.slice(0, TOP_K), actual);
  }
  const summary = (s: typeof offers): Scores => ({
    precisionAt3: customers ? s.precision / customers : 0,
    recallAt3: customers ? s.recall / customers : 0,
    hits: s.hits,
    covered: s.covered,
  });
  const o = summary(offers);
  const r = summary(rulesOnly);
  const b = summary(baseline);
  return {
    cutoff,
    windowDays: settings.windowDays,
    rules: rules.length,
    trainPurchases: train.length,
    customers,
    offers: o,
    rulesOnly: r,
    baseline: b,
    beatsBaseline: o.precisionAt3 > b.precisionAt3 && o.recallAt3 > b.recallAt3,
  };
}
