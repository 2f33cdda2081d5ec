CREATE TABLE `loyalty_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text DEFAULT 'base' NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`rupiah_per_point` integer NOT NULL,
	`min_purchase` integer DEFAULT 0 NOT NULL,
	`rounding` text DEFAULT 'floor' NOT NULL,
	`point_value` integer NOT NULL,
	`validity_months` integer NOT NULL,
	`offline_redeem_limit` integer DEFAULT 0 NOT NULL,
	`earn_and_redeem_same_sale` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `loyalty_rules_kind_from_idx` ON `loyalty_rules` (`kind`,`valid_from`);--> statement-breakpoint
CREATE TABLE `points_balances` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`balance` integer NOT NULL,
	`events` integer NOT NULL,
	`flagged` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `points_balances_flagged_idx` ON `points_balances` (`customer_id`) WHERE flagged = 1;--> statement-breakpoint
CREATE TABLE `points_ledger` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`customer_id` text NOT NULL,
	`points` integer NOT NULL,
	`occurred_at` text NOT NULL,
	`expires_on` text,
	`outlet_id` text,
	`staff_id` text,
	`approved_by` text,
	`reason` text,
	`rule_id` text,
	`purchase_id` text,
	`invoice_no` text,
	`amount` integer,
	`related_id` text,
	`provisional` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `points_ledger_customer_idx` ON `points_ledger` (`customer_id`,`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `points_ledger_invoice_idx` ON `points_ledger` (`invoice_no`) WHERE invoice_no is not null;--> statement-breakpoint
CREATE INDEX `points_ledger_expiry_idx` ON `points_ledger` (`expires_on`) WHERE expires_on is not null;--> statement-breakpoint
CREATE INDEX `points_ledger_related_idx` ON `points_ledger` (`related_id`) WHERE related_id is not null;