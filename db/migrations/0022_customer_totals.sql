-- Per-customer totals (issue 18): a segment's purchase and contact conditions read one narrow row per customer
-- instead of grouping every purchase. Kept by triggers, in the same transaction as the write they follow, on every
-- path that writes purchases, contacts or merges (the write funnel, sync's apply, unmerge, erasure). A derived,
-- local table, never synced: `akrab segment totals --check | --rebuild` compares it with (or rebuilds it from) the
-- rows (electron/core/segments/customerTotals.ts, which holds the same rebuild).
-- Purchases count for the customer they were merged into (one level), as the reports count them; contacts for
-- the customer they were logged on.
CREATE TABLE `customer_totals` (
  `customer_id` text PRIMARY KEY NOT NULL,
  `purchase_count` integer DEFAULT 0 NOT NULL,
  `purchase_amount` integer DEFAULT 0 NOT NULL,
  `first_purchase_at` text,
  `last_purchase_at` text,
  `last_contact_at` text
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `customer_totals_first_purchase_idx` ON `customer_totals` (`first_purchase_at`);
--> statement-breakpoint
CREATE INDEX `customer_totals_last_purchase_idx` ON `customer_totals` (`last_purchase_at`);
--> statement-breakpoint
CREATE INDEX `customer_totals_last_contact_idx` ON `customer_totals` (`last_contact_at`);
--> statement-breakpoint
INSERT INTO `customer_totals` (customer_id, purchase_count, purchase_amount, first_purchase_at, last_purchase_at)
SELECT customer_id, count(*), sum(amount), min(purchased_at), max(purchased_at)
  FROM purchases INDEXED BY purchases_report_idx WHERE deleted_at IS NULL GROUP BY customer_id;
--> statement-breakpoint
DELETE FROM `customer_totals` WHERE customer_id IN (
  SELECT id FROM customers WHERE merged_into IS NOT NULL AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)
  UNION SELECT merged_into FROM customers WHERE merged_into IS NOT NULL AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL));
--> statement-breakpoint
INSERT INTO `customer_totals` (customer_id, purchase_count, purchase_amount, first_purchase_at, last_purchase_at)
SELECT owner, count(*), sum(amount), min(purchased_at), max(purchased_at) FROM (
  SELECT coalesce(c.merged_into, p.customer_id) AS owner, p.amount, p.purchased_at
    FROM purchases p LEFT JOIN customers c ON c.id = p.customer_id
   WHERE p.deleted_at IS NULL AND p.customer_id IN (
     SELECT id FROM customers WHERE merged_into IS NOT NULL AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)
     UNION SELECT merged_into FROM customers WHERE merged_into IS NOT NULL AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)))
 WHERE true GROUP BY owner;
--> statement-breakpoint
INSERT INTO `customer_totals` (customer_id, last_contact_at)
SELECT customer_id, max(at) FROM interactions WHERE deleted_at IS NULL GROUP BY customer_id
ON CONFLICT (customer_id) DO UPDATE SET last_contact_at = excluded.last_contact_at;
--> statement-breakpoint
-- A purchase condition naming a product reads this index alone: the matching products' rows, by date.
-- Hand-written: drizzle-kit cannot write an expression index.
CREATE INDEX `purchases_product_idx` ON `purchases` (lower(`main_product`), `purchased_at`, `customer_id`, `amount`) WHERE deleted_at IS NULL;
--> statement-breakpoint
-- "City is …" compares lower(trim(city)): this index answers it without reading every customer.
CREATE INDEX `customers_city_idx` ON `customers` (lower(trim(`city`)));
--> statement-breakpoint
CREATE TRIGGER `customer_totals_purchase_insert` AFTER INSERT ON `purchases` WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO customer_totals (customer_id, purchase_count, purchase_amount, first_purchase_at, last_purchase_at)
  VALUES (coalesce((SELECT merged_into FROM customers WHERE id = new.customer_id), new.customer_id), 1, new.amount, new.purchased_at, new.purchased_at)
  ON CONFLICT (customer_id) DO UPDATE SET purchase_count = purchase_count + 1, purchase_amount = purchase_amount + excluded.purchase_amount,
    first_purchase_at = min(coalesce(first_purchase_at, excluded.first_purchase_at), excluded.first_purchase_at),
    last_purchase_at = max(coalesce(last_purchase_at, excluded.last_purchase_at), excluded.last_purchase_at);
END;
--> statement-breakpoint
CREATE TRIGGER `customer_totals_purchase_update` AFTER UPDATE OF customer_id, amount, purchased_at, deleted_at ON `purchases`
WHEN old.customer_id IS NOT new.customer_id OR old.amount IS NOT new.amount OR old.purchased_at IS NOT new.purchased_at OR old.deleted_at IS NOT new.deleted_at BEGIN
  INSERT INTO customer_totals (customer_id, purchase_count, purchase_amount, first_purchase_at, last_purchase_at)
  SELECT k, n, a, f, l FROM (
    SELECT coalesce((SELECT merged_into FROM customers WHERE id = old.customer_id), old.customer_id) AS k, count(*) AS n, coalesce(sum(p.amount), 0) AS a, min(p.purchased_at) AS f, max(p.purchased_at) AS l
      FROM purchases p
     WHERE p.deleted_at IS NULL AND p.customer_id IN (
           SELECT coalesce((SELECT merged_into FROM customers WHERE id = old.customer_id), old.customer_id) WHERE NOT EXISTS (SELECT 1 FROM customers WHERE id = coalesce((SELECT merged_into FROM customers WHERE id = old.customer_id), old.customer_id) AND merged_into IS NOT NULL)
           UNION ALL
           SELECT id FROM customers WHERE merged_into = coalesce((SELECT merged_into FROM customers WHERE id = old.customer_id), old.customer_id) AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)))
   WHERE k IS NOT NULL
  ON CONFLICT (customer_id) DO UPDATE SET purchase_count = excluded.purchase_count, purchase_amount = excluded.purchase_amount,
    first_purchase_at = excluded.first_purchase_at, last_purchase_at = excluded.last_purchase_at;
  INSERT INTO customer_totals (customer_id, purchase_count, purchase_amount, first_purchase_at, last_purchase_at)
  SELECT k, n, a, f, l FROM (
    SELECT coalesce((SELECT merged_into FROM customers WHERE id = new.customer_id), new.customer_id) AS k, count(*) AS n, coalesce(sum(p.amount), 0) AS a, min(p.purchased_at) AS f, max(p.purchased_at) AS l
      FROM purchases p
     WHERE p.deleted_at IS NULL AND p.customer_id IN (
           SELECT coalesce((SELECT merged_into FROM customers WHERE id = new.customer_id), new.customer_id) WHERE NOT EXISTS (SELECT 1 FROM customers WHERE id = coalesce((SELECT merged_into FROM customers WHERE id = new.customer_id), new.customer_id) AND merged_into IS NOT NULL)
           UNION ALL
           SELECT id FROM customers WHERE merged_into = coalesce((SELECT merged_into FROM customers WHERE id = new.customer_id), new.customer_id) AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)))
   WHERE k IS NOT NULL
  ON CONFLICT (customer_id) DO UPDATE SET purchase_count = excluded.purchase_count, purchase_amount = excluded.purchase_amount,
    first_purchase_at = excluded.first_purchase_at, last_purchase_at = excluded.last_purchase_at;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_totals_purchase_delete` AFTER DELETE ON `purchases` BEGIN
  INSERT INTO customer_totals (customer_id, purchase_count, purchase_amount, first_purchase_at, last_purchase_at)
  SELECT k, n, a, f, l FROM (
    SELECT coalesce((SELECT merged_into FROM customers WHERE id = old.customer_id), old.customer_id) AS k, count(*) AS n, coalesce(sum(p.amount), 0) AS a, min(p.purchased_at) AS f, max(p.purchased_at) AS l
      FROM purchases p
     WHERE p.deleted_at IS NULL AND p.customer_id IN (
           SELECT coalesce((SELECT merged_into FROM customers WHERE id = old.customer_id), old.customer_id) WHERE NOT EXISTS (SELECT 1 FROM customers WHERE id = coalesce((SELECT merged_into FROM customers WHERE id = old.customer_id), old.customer_id) AND merged_into IS NOT NULL)
           UNION ALL
           SELECT id FROM customers WHERE merged_into = coalesce((SELECT merged_into FROM customers WHERE id = old.customer_id), old.customer_id) AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)))
   WHERE k IS NOT NULL
  ON CONFLICT (customer_id) DO UPDATE SET purchase_count = excluded.purchase_count, purchase_amount = excluded.purchase_amount,
    first_purchase_at = excluded.first_purchase_at, last_purchase_at = excluded.last_purchase_at;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_totals_merge` AFTER UPDATE OF merged_into ON `customers` WHEN old.merged_into IS NOT new.merged_into BEGIN
  INSERT INTO customer_totals (customer_id, purchase_count, purchase_amount, first_purchase_at, last_purchase_at)
  SELECT k, n, a, f, l FROM (
    SELECT new.id AS k, count(*) AS n, coalesce(sum(p.amount), 0) AS a, min(p.purchased_at) AS f, max(p.purchased_at) AS l
      FROM purchases p
     WHERE p.deleted_at IS NULL AND p.customer_id IN (
           SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM customers WHERE id = new.id AND merged_into IS NOT NULL)
           UNION ALL
           SELECT id FROM customers WHERE merged_into = new.id AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)))
   WHERE k IS NOT NULL
  ON CONFLICT (customer_id) DO UPDATE SET purchase_count = excluded.purchase_count, purchase_amount = excluded.purchase_amount,
    first_purchase_at = excluded.first_purchase_at, last_purchase_at = excluded.last_purchase_at;
  INSERT INTO customer_totals (customer_id, purchase_count, purchase_amount, first_purchase_at, last_purchase_at)
  SELECT k, n, a, f, l FROM (
    SELECT old.merged_into AS k, count(*) AS n, coalesce(sum(p.amount), 0) AS a, min(p.purchased_at) AS f, max(p.purchased_at) AS l
      FROM purchases p
     WHERE p.deleted_at IS NULL AND p.customer_id IN (
           SELECT old.merged_into WHERE NOT EXISTS (SELECT 1 FROM customers WHERE id = old.merged_into AND merged_into IS NOT NULL)
           UNION ALL
           SELECT id FROM customers WHERE merged_into = old.merged_into AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)))
   WHERE k IS NOT NULL
  ON CONFLICT (customer_id) DO UPDATE SET purchase_count = excluded.purchase_count, purchase_amount = excluded.purchase_amount,
    first_purchase_at = excluded.first_purchase_at, last_purchase_at = excluded.last_purchase_at;
  INSERT INTO customer_totals (customer_id, purchase_count, purchase_amount, first_purchase_at, last_purchase_at)
  SELECT k, n, a, f, l FROM (
    SELECT new.merged_into AS k, count(*) AS n, coalesce(sum(p.amount), 0) AS a, min(p.purchased_at) AS f, max(p.purchased_at) AS l
      FROM purchases p
     WHERE p.deleted_at IS NULL AND p.customer_id IN (
           SELECT new.merged_into WHERE NOT EXISTS (SELECT 1 FROM customers WHERE id = new.merged_into AND merged_into IS NOT NULL)
           UNION ALL
           SELECT id FROM customers WHERE merged_into = new.merged_into AND (deleted_at IS NOT NULL OR merged_into IS NOT NULL)))
   WHERE k IS NOT NULL
  ON CONFLICT (customer_id) DO UPDATE SET purchase_count = excluded.purchase_count, purchase_amount = excluded.purchase_amount,
    first_purchase_at = excluded.first_purchase_at, last_purchase_at = excluded.last_purchase_at;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_totals_contact_insert` AFTER INSERT ON `interactions` WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO customer_totals (customer_id, last_contact_at) VALUES (new.customer_id, new.at)
  ON CONFLICT (customer_id) DO UPDATE SET last_contact_at = max(coalesce(last_contact_at, excluded.last_contact_at), excluded.last_contact_at);
END;
--> statement-breakpoint
CREATE TRIGGER `customer_totals_contact_update` AFTER UPDATE OF customer_id, at, deleted_at ON `interactions`
WHEN old.customer_id IS NOT new.customer_id OR old.at IS NOT new.at OR old.deleted_at IS NOT new.deleted_at BEGIN
  INSERT INTO customer_totals (customer_id, last_contact_at)
  SELECT old.customer_id, (SELECT max(at) FROM interactions WHERE customer_id = old.customer_id AND deleted_at IS NULL) WHERE old.customer_id IS NOT NULL
  ON CONFLICT (customer_id) DO UPDATE SET last_contact_at = excluded.last_contact_at;
  INSERT INTO customer_totals (customer_id, last_contact_at)
  SELECT new.customer_id, (SELECT max(at) FROM interactions WHERE customer_id = new.customer_id AND deleted_at IS NULL) WHERE new.customer_id IS NOT NULL
  ON CONFLICT (customer_id) DO UPDATE SET last_contact_at = excluded.last_contact_at;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_totals_contact_delete` AFTER DELETE ON `interactions` BEGIN
  INSERT INTO customer_totals (customer_id, last_contact_at)
  SELECT old.customer_id, (SELECT max(at) FROM interactions WHERE customer_id = old.customer_id AND deleted_at IS NULL) WHERE old.customer_id IS NOT NULL
  ON CONFLICT (customer_id) DO UPDATE SET last_contact_at = excluded.last_contact_at;
END;
