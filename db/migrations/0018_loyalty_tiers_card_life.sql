CREATE TABLE `customer_tiers` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`tier_code` text,
	`spend_12m` integer NOT NULL,
	`version_id` text,
	`computed_on` text NOT NULL,
	`previous_code` text,
	`changed_on` text
);
--> statement-breakpoint
CREATE INDEX `customer_tiers_code_idx` ON `customer_tiers` (`tier_code`);--> statement-breakpoint
CREATE TABLE `loyalty_tiers` (
	`id` text PRIMARY KEY NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`grace_days` integer DEFAULT 0 NOT NULL,
	`levels` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `loyalty_tiers_from_idx` ON `loyalty_tiers` (`valid_from`);--> statement-breakpoint
CREATE TABLE `card_events` (
	`id` text PRIMARY KEY NOT NULL,
	`card_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text NOT NULL,
	`replacement_card_id` text,
	`cluster_id` text,
	`at` text NOT NULL,
	`staff_id` text,
	`outlet_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text,
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `card_events_card_idx` ON `card_events` (`card_id`,`at`);