import { AkrabError } from '../../../shared/errors';
import type { SegmentCondition, SegmentNode } from '../../../shared/segments';
import { listTierProgrammes } from '../loyalty/tiers/programme';
import { rfmBoundaries, RFM_PERIOD_DAYS } from '../reports/customerRfm';
import { segmentOf } from '../reports/rfmScoring';
import { addDays, resolveScope, tableExists } from '../reports/scope';
import type { Store } from '../store/store';
import { wouldBeOfferedCondition } from './offerCondition';
import { profileCondition } from './profileConditions';
import { likePattern, placeholders } from './sqlText';

/** A SQL boolean expression over the customer row aliased `c`, with its parameters in order. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/**
 * Compiles a validated condition tree to one SQL expression. Every value the manager typed is a bound
 * parameter; the SQL text comes only from this file's fixed fragments, chosen by the (validated) field and operator.
 */
export function compileSegment(store: Store, node: SegmentNode, today: string): SqlPart {
  const ctx: Ctx = { store, today, rfm: null, owner: null };
  return compileNode(ctx, node);
}

interface Ctx {
  store: Store;
  today: string;
  rfm: SqlPart | null;
  /** The purchase-owner expression, chosen once per compilation (purchaseOwner). */
  owner: string | null;
}

function compileNode(ctx: Ctx, node: SegmentNode): SqlPart {
  if ('and' in node || 'or' in node) {
    const [joiner, children] = 'and' in node ? [' AND ', node.and] : [' OR ', node.or];
    const parts = children.map((child) => compileNode(ctx, child));
    return { sql: `(${parts.map((p) => p.sql).join(joiner)})`, params: parts.flatMap((p) => p.params) };
  }
  return compileCondition(ctx, node);
}

type NumberCompare = { op: 'eq' | 'gte' | 'lte'; value: number } | { op: 'between'; value: [number, number] };
type DateCompare = { op: 'before' | 'after'; value: string } | { op: 'between'; value: [string, string] };

function numberPredicate(expr: string, c: NumberCompare): SqlPart {
  switch (c.op) {
    case 'eq':
      return { sql: `${expr} = ?`, params: [c.value] };
    case 'gte':
      return { sql: `${expr} >= ?`, params: [c.value] };
    case 'lte':
      return { sql: `${expr} <= ?`, params: [c.value] };
    case 'between':
      return { sql: `${expr} BETWEEN ? AND ?`, params: [Math.min(...c.value), Math.max(...c.value)] };
  }
}

/** Whether a customer with nothing to aggregate (no purchases, no complaints) satisfies the comparison. */
function zeroMatches(c: NumberCompare): boolean {
  switch (c.op) {
    case 'eq':
      return c.value === 0;
    case 'gte':
      return c.value <= 0;
    case 'lte':
      return true;
    case 'between':
      return Math.min(...c.value) <= 0;
  }
}

/** Calendar dates against an ISO-instant column: `before D` = earlier than D's first instant, `after D` = from D+1 on. */
function datePredicate(expr: string, c: DateCompare): SqlPart {
  switch (c.op) {
    case 'before':
      return { sql: `${expr} < ?`, params: [c.value] };
    case 'after':
      return { sql: `${expr} >= ?`, params: [addDays(c.value, 1)] };
    case 'between': {
      const [a, b] = [...c.value].sort() as [string, string];
      return { sql: `${expr} >= ? AND ${expr} < ?`, params: [a, addDays(b, 1)] };
    }
  }
}

/**
 * A per-customer aggregate compared with a number, written as one uncorrelated subquery (computed once, then a
 * lookup per customer): customers with no rows at all match exactly when zero does.
 */
function aggregateCondition(from: SqlPart, aggregate: string, c: NumberCompare, owner = 'customer_id'): SqlPart {
  // "At least one": the owners of the rows, without grouping them first.
  if (aggregate === 'count(*)' && c.op === 'gte' && c.value === 1) return { sql: `c.id IN (SELECT ${owner} FROM ${from.sql})`, params: from.params };
  const predicate = numberPredicate(aggregate, c);
  if (zeroMatches(c))
    return {
      sql: `c.id NOT IN (SELECT ${owner} AS owner FROM ${from.sql} GROUP BY owner HAVING NOT (${predicate.sql}))`,
      params: [...from.params, ...predicate.params],
    };
  return { sql: `c.id IN (SELECT ${owner} AS owner FROM ${from.sql} GROUP BY owner HAVING ${predicate.sql})`, params: [...from.params, ...predicate.params] };
}

/**
 * A purchase's customer after merges: a merged-away customer's purchases count for the one they were merged into,
 * as the reports count them. The few merged customers form a set built once; other rows pass straight through.
 */
const PURCHASE_OWNER = `CASE WHEN customer_id IN (SELECT id FROM customers INDEXED BY customers_gone_idx WHERE (deleted_at IS NOT NULL OR merged_into IS NOT NULL) AND merged_into IS NOT NULL)
  THEN (SELECT g.merged_into FROM customers g WHERE g.id = purchases.customer_id) ELSE customer_id END`;

/**
 * PURCHASE_OWNER, or the plain customer column while no customer has been merged away (the same owners): testing
 * every purchase row against the merged set cost ~60 of ~520 ms CPU of the typical live count at 1M. Compiled and
 * run in one synchronous call, so no merge can land in between.
 */
function purchaseOwner(ctx: Ctx): string {
  ctx.owner ??= ctx.store.sqlite
    .prepare(
      'SELECT 1 FROM customers INDEXED BY customers_gone_idx WHERE (deleted_at IS NOT NULL OR merged_into IS NOT NULL) AND merged_into IS NOT NULL LIMIT 1',
    )
    .get()
    ? PURCHASE_OWNER
    : 'customer_id';
  return ctx.owner;
}

/** The date `years` years before `date`; 29 February falls back to the 28th. */
function yearsBefore(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) - years;
  const candidate = `${String(year).padStart(4, '0')}${date.slice(4)}`;
  return candidate.endsWith('-02-29') && new Date(`${candidate}T00:00:00Z`).getUTCDate() !== 29 ? `${candidate.slice(0, 8)}28` : candidate;
}

function ageCondition(today: string, c: NumberCompare): SqlPart {
  // age ≥ n ⇔ born on or before today − n years; age ≤ n ⇔ born after today − (n + 1) years.
  const atLeast = (n: number) => ({ sql: 'c.birth_date <= ?', params: [yearsBefore(today, n)] });
  const atMost = (n: number) => ({ sql: 'c.birth_date > ?', params: [yearsBefore(today, n + 1)] });
  const both = (lo: number, hi: number) => ({ sql: 'c.birth_date <= ? AND c.birth_date > ?', params: [...atLeast(lo).params, ...atMost(hi).params] });
  switch (c.op) {
    case 'gte':
      return atLeast(c.value);
    case 'lte':
      return atMost(c.value);
    case 'eq':
      return both(c.value, c.value);
    case 'between':
      return both(Math.min(...c.value), Math.max(...c.value));
  }
}

function purchasePeriod(ctx: Ctx, period: { lastDays: number } | { from: string; to: string } | undefined): SqlPart {
  if (!period) return { sql: '', params: [] };
  if ('lastDays' in period) return { sql: ' AND purchased_at >= ?', params: [addDays(ctx.today, -period.lastDays)] };
  const [a, b] = [period.from, period.to].sort() as [string, string];
  return { sql: ' AND purchased_at >= ? AND purchased_at < ?', params: [a, addDays(b, 1)] };
}

/** A comparison of one of the customer's kept totals; a customer without a totals row has zeros. */
function totalsCondition(column: 'purchase_count' | 'purchase_amount', c: NumberCompare): SqlPart {
  const predicate = numberPredicate(column, c);
  if (zeroMatches(c)) return { sql: `c.id NOT IN (SELECT customer_id FROM customer_totals WHERE NOT (${predicate.sql}))`, params: predicate.params };
  return { sql: `c.id IN (SELECT customer_id FROM customer_totals WHERE ${predicate.sql})`, params: predicate.params };
}

/** Beyond this many distinct products the store is walked as before, by date. */
const MAX_DISTINCT_PRODUCTS = 20_000;

/**
 * The store's products (lower-cased) that contain the text, walked from the product index one distinct value at a
 * time (a seek each), so a condition on a product reads only that product's purchases. Null when the store holds
 * too many distinct products for that to pay.
 */
function productsLike(ctx: Ctx, text: string): string[] | null {
  const rows = ctx.store.sqlite
    .prepare(
      `WITH RECURSIVE p(x) AS (
         SELECT (SELECT min(lower(main_product)) FROM purchases INDEXED BY purchases_product_idx WHERE deleted_at IS NULL AND lower(main_product) IS NOT NULL)
         UNION ALL
         SELECT (SELECT min(lower(main_product)) FROM purchases INDEXED BY purchases_product_idx WHERE deleted_at IS NULL AND lower(main_product) > p.x)
           FROM p WHERE p.x IS NOT NULL)
       SELECT x, x LIKE ? ESCAPE '\\' FROM p WHERE x IS NOT NULL LIMIT ${MAX_DISTINCT_PRODUCTS + 1}`,
    )
    .raw()
    .all(likePattern(text)) as [string, number][];
  if (rows.length > MAX_DISTINCT_PRODUCTS) return null;
  return rows.filter(([, hit]) => hit).map(([x]) => x);
}

const OPEN_COMPLAINT = `status IN ('open', 'in_progress', 'reopened')`;

function compileCondition(ctx: Ctx, c: SegmentCondition): SqlPart {
  switch (c.field) {
    case 'city': {
      const values = (Array.isArray(c.value) ? c.value : [c.value]).map((v) => v.toLowerCase());
      if (c.op === 'contains') return { sql: `(${values.map(() => `lower(c.city) LIKE ? ESCAPE '\\'`).join(' OR ')})`, params: values.map(likePattern) };
      const inList = `lower(trim(c.city)) IN (${placeholders(values.length)})`;
      return c.op === 'is' ? { sql: inList, params: values } : { sql: `(c.city IS NULL OR NOT ${inList})`, params: values };
    }
    case 'age':
      return ageCondition(ctx.today, c);
    case 'gender':
      return c.value === 'unknown' ? { sql: 'c.gender IS NULL', params: [] } : { sql: 'c.gender = ?', params: [c.value] };
    case 'birthMonth': {
      const months = c.op === 'this_month' ? [ctx.today.slice(5, 7)] : c.value.map((m) => String(m).padStart(2, '0'));
      return { sql: `substr(c.birth_date, 6, 2) IN (${placeholders(months.length)})`, params: months };
    }
    case 'homeOutlet': {
      const inList = `c.registered_outlet_id IN (SELECT id FROM outlets WHERE code IN (${placeholders(c.value.length)}))`;
      const codes = c.value.map((v) => v.toUpperCase());
      return c.op === 'in' ? { sql: inList, params: codes } : { sql: `(c.registered_outlet_id IS NULL OR NOT ${inList})`, params: codes };
    }
    case 'registered':
      return datePredicate('c.created_at', c);
    case 'purchases': {
      const measure = c.measure === 'amount' ? 'sum(amount)' : 'count(*)';
      // All history, any product: the customer's kept totals (customerTotals.ts), not a grouping of every purchase.
      if (!c.period && !c.product) return totalsCondition(c.measure === 'amount' ? 'purchase_amount' : 'purchase_count', c);
      const period = purchasePeriod(ctx, c.period);
      const products = c.product ? productsLike(ctx, c.product) : null;
      if (products) {
        // The matching products' rows from the product index alone, in customer order (a cheap IN list to build).
        const from = {
          sql: `purchases INDEXED BY purchases_product_idx WHERE deleted_at IS NULL AND lower(main_product) IN (${placeholders(products.length)})${period.sql}`,
          params: [...products, ...period.params],
        };
        return aggregateCondition(from, measure, c, purchaseOwner(ctx));
      }
      const product = c.product ? { sql: ` AND lower(main_product) LIKE ? ESCAPE '\\'`, params: [likePattern(c.product)] } : { sql: '', params: [] };
      // Within a period, the covering index by date (it holds customer, amount and product) reads only the period's
      // rows and never the table: at 100,000 customers the planner's own choice (by customer, then each row) took
      // ~1 s for a product in the last 12 months, the covering range ~0.35 s (EXPLAIN QUERY PLAN, tests/bench).
      const table = c.period ? 'purchases INDEXED BY purchases_recent_idx' : 'purchases';
      const from = { sql: `${table} WHERE deleted_at IS NULL${period.sql}${product.sql}`, params: [...period.params, ...product.params] };
      return aggregateCondition(from, measure, c, purchaseOwner(ctx));
    }
    case 'firstPurchase':
    case 'lastPurchase': {
      const predicate = datePredicate(c.field === 'firstPurchase' ? 'first_purchase_at' : 'last_purchase_at', c);
      return { sql: `c.id IN (SELECT customer_id FROM customer_totals WHERE purchase_count > 0 AND ${predicate.sql})`, params: predicate.params };
    }
    case 'rfmSegment': {
      const rfm = (ctx.rfm ??= rfmSegmentExpression(ctx.store));
      const wanted = rfmCodes(c.value);
      const test = `${rfm.sql} IN (${placeholders(wanted.length)})`;
      const from = rfmFrom(ctx.store, purchaseOwner(ctx));
      const sql = `c.id IN (SELECT customer_id FROM ${from.sql} WHERE ${test})`;
      const params = [...from.params, ...rfm.params, ...wanted];
      return c.op === 'in' ? { sql, params } : { sql: `NOT ${sql}`, params };
    }
    case 'lastContact': {
      const since = addDays(ctx.today, -c.value);
      // "Within": the index of last contacts lists them. "Not within" (or never): one lookup per customer the other
      // conditions leave, rather than listing the many contacted customers first.
      return c.op === 'within'
        ? { sql: 'c.id IN (SELECT customer_id FROM customer_totals WHERE last_contact_at >= ?)', params: [since] }
        : { sql: 'NOT EXISTS (SELECT 1 FROM customer_totals t WHERE t.customer_id = c.id AND t.last_contact_at >= ?)', params: [since] };
    }
    case 'openComplaints':
      return aggregateCondition({ sql: `complaints WHERE deleted_at IS NULL AND ${OPEN_COMPLAINT}`, params: [] }, 'count(*)', c);
    case 'satisfaction': {
      const predicate = numberPredicate('min(satisfaction)', c);
      return {
        sql: `c.id IN (SELECT customer_id FROM complaints WHERE deleted_at IS NULL AND satisfaction IS NOT NULL GROUP BY customer_id HAVING ${predicate.sql})`,
        params: predicate.params,
      };
    }
    case 'consent':
      return { sql: `${consentGranted('c')} = ?`, params: [c.purpose, c.op === 'granted' ? 1 : 0] };
    case 'points': {
      if (!tableExists(ctx.store, 'points_balances'))
        throw new AkrabError({ code: 'validation', field: 'field', messageKey: 'error.segment_points_unavailable' });
      return numberPredicate('coalesce((SELECT b.balance FROM points_balances b WHERE b.customer_id = c.id), 0)', c);
    }
    case 'tier':
      return tierCondition(ctx.store, c.op, c.value);
    // Knowing each customer (issue 19).
    case 'wouldBeOffered':
      return wouldBeOfferedCondition(c.value);
    case 'interest':
    case 'occupation':
    case 'preferredChannel':
    case 'competitorProduct':
    case 'familyMember':
      return profileCondition(ctx.store, c);
  }
}

/**
 * The tier the last tier pass gave the customer (customer_tiers, computed on every device alike), by level code.
 * A code no tier programme ever had is refused by name rather than matching nobody; `not_in` includes customers
 * below every threshold. Refused while no programme exists.
 */
function tierCondition(store: Store, op: 'in' | 'not_in', values: readonly string[]): SqlPart {
  const known = new Set(tableExists(store, 'loyalty_tiers') ? listTierProgrammes(store).flatMap((p) => p.levels.map((l) => l.code)) : []);
  if (known.size === 0) throw new AkrabError({ code: 'validation', field: 'field', messageKey: 'error.segment_tier_unavailable' });
  const codes = values.map((v) => v.toLowerCase());
  const unknown = codes.find((code) => !known.has(code));
  if (unknown !== undefined) throw new AkrabError({ code: 'validation', field: 'value', messageKey: 'error.segment_tier_unknown', params: { code: unknown } });
  const inList = `c.id IN (SELECT customer_id FROM customer_tiers WHERE tier_code IN (${placeholders(codes.length)}))`;
  return { sql: op === 'in' ? inList : `NOT ${inList}`, params: codes };
}

/**
 * The customer's current answer for one purpose (a bound parameter, or a column expression): the latest grant or withdrawal,
 * else the legacy single marketing flag, as consents.ts reads it.
 */
export function consentGranted(alias: string, purpose = '?'): string {
  return `coalesce((SELECT cs.granted FROM consents cs WHERE cs.customer_id = ${alias}.id AND cs.purpose = ${purpose} AND cs.deleted_at IS NULL ORDER BY cs.at DESC, cs.rowid DESC LIMIT 1), ${alias}.consent_marketing)`;
}

/** Whether the customer ever answered this purpose with a withdrawal as the latest answer (bound: purpose). */
export function consentWithdrawn(alias: string): string {
  return `coalesce((SELECT 1 - cs.granted FROM consents cs WHERE cs.customer_id = ${alias}.id AND cs.purpose = ? AND cs.deleted_at IS NULL ORDER BY cs.at DESC, cs.rowid DESC LIMIT 1), 0)`;
}

/** r·36 + f·6 + m for every (r, f, m) that scores into one of the segments. */
function rfmCodes(segments: readonly string[]): number[] {
  const codes: number[] = [];
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) if (segments.includes(segmentOf(r, f, m))) codes.push(r * 36 + f * 6 + m);
  return codes;
}

function rfmScope(store: Store) {
  return resolveScope(store, { outlets: [] }, { days: RFM_PERIOD_DAYS });
}

/** Each customer's recency (days), frequency and spend over the RFM report's period, as the report counts them. */
function rfmFrom(store: Store, owner: string): SqlPart {
  const period = rfmScope(store).periodSql('purchased_at', 'outlet_id');
  return {
    sql: `(SELECT ${owner} AS customer_id, max(purchased_at) AS last, count(*) AS n, sum(amount) AS total FROM purchases WHERE deleted_at IS NULL AND ${period.sql} GROUP BY 1)`,
    params: period.params,
  };
}

/**
 * The report's quintile scores from the cached population boundaries (customerRfm.ts): score ≥ s ⇔ value > tₛ,
 * so each score is 1 plus the number of boundaries the value exceeds.
 */
function rfmSegmentExpression(store: Store): SqlPart {
  const scope = rfmScope(store);
  const b = rfmBoundaries(store, scope);
  const finite = (t: number) => (Number.isFinite(t) ? t : -1e300);
  const score = (value: string, bounds: number[]) => ({ sql: `(1 + ${bounds.map(() => `(${value} > ?)`).join(' + ')})`, params: bounds.map(finite) });
  const recency = `-CAST((julianday(?) - julianday(last)) AS INTEGER)`;
  const r = score(recency, b.r);
  // The recency expression's own parameter (the period's end) precedes each of its uses.
  const rParams = b.r.flatMap((t) => [scope.asOf.toISOString(), finite(t)]);
  const f = score('n', b.f);
  const m = score('total', b.m);
  return { sql: `(${r.sql} * 36 + ${f.sql} * 6 + ${m.sql})`, params: [...rParams, ...f.params, ...m.params] };
}
