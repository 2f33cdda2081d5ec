import type { SqlPart } from './compile';

/**
 * "Would be offered Y" (issue 19 point 4): Y is among the customer's top three co-purchase offers, ranked exactly as
 * the customer page ranks them (rankOffers: the best rule reaching each product not bought yet — confidence, lift,
 * customers, then the antecedent's name — then the products in that order, ties by name). Only customers who bought
 * an antecedent of a rule to Y are ranked. The most popular products that fill slots no rule reaches are not a
 * reason: they are offered to nearly everyone. The product is matched by name, ignoring case.
 */
export function wouldBeOfferedCondition(product: string): SqlPart {
  const order = 'r.confidence DESC, r.lift DESC, r.pair_customers DESC, r.antecedent';
  const notBought = `NOT EXISTS (SELECT 1 FROM purchases q WHERE q.customer_id = b.customer_id AND q.main_product = r.consequent AND q.deleted_at IS NULL)`;
  const candidates = `SELECT p.customer_id FROM purchases p WHERE p.deleted_at IS NULL
    AND p.main_product IN (SELECT antecedent FROM offer_rules WHERE lower(consequent) = lower(?))`;
  const reached = `SELECT b.customer_id AS cust, r.consequent, r.confidence, r.lift, r.pair_customers, r.antecedent,
      row_number() OVER (PARTITION BY b.customer_id, r.consequent ORDER BY ${order}) AS best
    FROM (SELECT DISTINCT customer_id, main_product FROM purchases WHERE deleted_at IS NULL AND customer_id IN (${candidates})) b
    JOIN offer_rules r ON r.antecedent = b.main_product
    WHERE ${notBought}`;
  const ranked = `SELECT r.cust, r.consequent, row_number() OVER (PARTITION BY r.cust ORDER BY ${order}, r.consequent) AS place
    FROM (${reached}) r WHERE r.best = 1`;
  return { sql: `c.id IN (SELECT cust FROM (${ranked}) WHERE place <= 3 AND lower(consequent) = lower(?))`, params: [product, product] };
}
