ALTER TABLE `points_balances` ADD `deficit` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `points_balances` ADD `open_lots` text;--> statement-breakpoint
ALTER TABLE `points_balances` ADD `next_expiry` text;--> statement-breakpoint
ALTER TABLE `points_balances` ADD `over_expired` text;--> statement-breakpoint
CREATE INDEX `points_balances_next_expiry_idx` ON `points_balances` (`next_expiry`) WHERE next_expiry is not null;--> statement-breakpoint
CREATE INDEX `points_balances_over_expired_idx` ON `points_balances` (`customer_id`) WHERE over_expired is not null;--> statement-breakpoint
CREATE INDEX `points_balances_uncached_idx` ON `points_balances` (`customer_id`) WHERE open_lots is null;