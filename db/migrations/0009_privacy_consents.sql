CREATE TABLE `consents` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`purpose` text NOT NULL,
	`granted` integer NOT NULL,
	`at` text NOT NULL,
	`staff_id` text,
	`staff_name` text,
	`outlet_id` text,
	`source` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `consents_customer_purpose_idx` ON `consents` (`customer_id`,`purpose`,`at`);