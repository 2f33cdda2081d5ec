-- The status bar asks for these on every poll: counting 1,000,000 customers or 8,000,000 changes each time
-- takes seconds, so triggers keep running totals, updated in the same transaction as the rows they count.
CREATE TABLE `counters` (`name` text PRIMARY KEY NOT NULL, `value` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `counters` (`name`, `value`) VALUES
  ('customers', (SELECT count(*) FROM `customers` WHERE `deleted_at` IS NULL)),
  ('pending_changes', (SELECT count(*) FROM `changes` WHERE `pushed_at` IS NULL));
--> statement-breakpoint
CREATE TRIGGER `counters_customers_insert` AFTER INSERT ON `customers` WHEN new.`deleted_at` IS NULL BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'customers';
END;
--> statement-breakpoint
CREATE TRIGGER `counters_customers_tombstone` AFTER UPDATE OF `deleted_at` ON `customers` WHEN (old.`deleted_at` IS NULL) <> (new.`deleted_at` IS NULL) BEGIN
  UPDATE `counters` SET `value` = `value` + (CASE WHEN new.`deleted_at` IS NULL THEN 1 ELSE -1 END) WHERE `name` = 'customers';
END;
--> statement-breakpoint
CREATE TRIGGER `counters_customers_delete` AFTER DELETE ON `customers` WHEN old.`deleted_at` IS NULL BEGIN
  UPDATE `counters` SET `value` = `value` - 1 WHERE `name` = 'customers';
END;
--> statement-breakpoint
CREATE TRIGGER `counters_changes_insert` AFTER INSERT ON `changes` WHEN new.`pushed_at` IS NULL BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'pending_changes';
END;
--> statement-breakpoint
CREATE TRIGGER `counters_changes_pushed` AFTER UPDATE OF `pushed_at` ON `changes` WHEN (old.`pushed_at` IS NULL) <> (new.`pushed_at` IS NULL) BEGIN
  UPDATE `counters` SET `value` = `value` + (CASE WHEN new.`pushed_at` IS NULL THEN 1 ELSE -1 END) WHERE `name` = 'pending_changes';
END;
--> statement-breakpoint
CREATE TRIGGER `counters_changes_delete` AFTER DELETE ON `changes` WHEN old.`pushed_at` IS NULL BEGIN
  UPDATE `counters` SET `value` = `value` - 1 WHERE `name` = 'pending_changes';
END;
