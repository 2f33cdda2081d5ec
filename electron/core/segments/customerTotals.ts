import type { Store } from '../store/store';
import { transact } from '../store/writer';

/**
 * Per-customer totals (purchase count and amount, first and last purchase, last contact) that segment conditions
 * read instead of grouping every purchase. Triggers keep them in the write's own transaction
 * (db/migrations/0022_customer_totals.sql); this module rebuilds them from the rows, and checks them against a
 * fresh computation. The rebuild is the migration's backfill.
 */

const GONE = `SELECT id FROM customers WHERE merged_into IS NOT NULL AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)
  UNION SELECT merged_into FROM customers WHERE merged_into IS NOT NULL AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)`;

/** Every customer's totals computed from the rows, as (customer, count, amount, first, last, contact). */
const FRESH = `
  WITH own AS (
    SELECT customer_id, count(*) AS n, sum(amount) AS a, min(purchased_at) AS f, max(purchased_at) AS l
      FROM purchases INDEXED BY purchases_report_idx WHERE deleted_at IS NULL AND customer_id NOT IN (${GONE}) GROUP BY customer_id
    UNION ALL
    SELECT owner, count(*), sum(amount), min(purchased_at), max(purchased_at) FROM (
      SELECT coalesce(c.merged_into, p.customer_id) AS owner, p.amount, p.purchased_at
        FROM purchases p LEFT JOIN customers c ON c.id = p.customer_id
       WHERE p.deleted_at IS NULL AND p.customer_id IN (${GONE}))
     GROUP BY owner),
  contact AS (SELECT customer_id, max(at) AS at FROM interactions WHERE deleted_at IS NULL GROUP BY customer_id),
  ids AS (SELECT customer_id FROM own UNION SELECT customer_id FROM contact)
  SELECT ids.customer_id, coalesce(own.n, 0) AS n, coalesce(own.a, 0) AS a, own.f, own.l, contact.at AS c
    FROM ids LEFT JOIN own USING (customer_id) LEFT JOIN contact USING (customer_id)`;

/** Recomputes every customer's totals from the purchases and contacts, in one transaction. Returns the rows written. */
export function rebuildCustomerTotals(store: Store): number {
  return transact(store, () => {
    store.sqlite.exec('DELETE FROM customer_totals');
    return store.sqlite
      .prepare(
        `INSERT INTO customer_totals (customer_id, purchase_count, purchase_amount, first_purchase_at, last_purchase_at, last_contact_at)
         SELECT * FROM (${FRESH}) WHERE true`,
      )
      .run().changes;
  });
}

export interface TotalsCheck {
  customers: number;
  /** Customers whose kept totals differ from the rows' (a row missing on one side counts as zeros). */
  mismatched: number;
  examples: { customerId: string; kept: unknown[]; fresh: unknown[] }[];
}

/** Compares the kept totals with a fresh computation, without changing anything. */
export function checkCustomerTotals(store: Store, maxExamples = 10): TotalsCheck {
  const rows = store.sqlite
    .prepare(
      `WITH fresh AS (${FRESH}),
            kept AS (SELECT customer_id, purchase_count AS n, purchase_amount AS a, first_purchase_at AS f, last_purchase_at AS l, last_contact_at AS c
                       FROM customer_totals WHERE purchase_count > 0 OR last_contact_at IS NOT NULL),
            ids AS (SELECT customer_id FROM fresh UNION SELECT customer_id FROM kept)
       SELECT ids.customer_id AS customerId,
              json_array(coalesce(kept.n, 0), coalesce(kept.a, 0), kept.f, kept.l, kept.c) AS kept,
              json_array(coalesce(fresh.n, 0), coalesce(fresh.a, 0), fresh.f, fresh.l, fresh.c) AS fresh
         FROM ids LEFT JOIN kept USING (customer_id) LEFT JOIN fresh USING (customer_id)`,
    )
    .raw()
    .iterate() as Iterable<[string, string, string]>;
  let customers = 0;
  let mismatched = 0;
  const examples: TotalsCheck['examples'] = [];
  for (const [customerId, kept, fresh] of rows) {
    customers++;
    if (kept === fresh) continue;
    mismatched++;
    if (examples.length < maxExamples) examples.push({ customerId, kept: JSON.parse(kept) as unknown[], fresh: JSON.parse(fresh) as unknown[] });
  }
  return { customers, mismatched, examples };
}
