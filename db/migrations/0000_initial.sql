CREATE TABLE `outlets` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text DEFAULT 'store' NOT NULL,
	`time_zone` text DEFAULT 'Asia/Jakarta' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outlets_code_unique` ON `outlets` (`code`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`full_name` text NOT NULL,
	`name_search` text NOT NULL,
	`gender` text,
	`birth_date` text,
	`nik` text,
	`email` text,
	`address` text,
	`city` text,
	`notes` text,
	`consent_marketing` integer DEFAULT false NOT NULL,
	`consent_at` text,
	`consent_by` text,
	`registered_outlet_id` text,
	`merged_into` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `customers_name_search_idx` ON `customers` (`name_search`);--> statement-breakpoint
CREATE INDEX `customers_nik_idx` ON `customers` (`nik`);--> statement-breakpoint
CREATE INDEX `customers_email_idx` ON `customers` (`email`);--> statement-breakpoint
CREATE INDEX `customers_birth_date_idx` ON `customers` (`birth_date`);--> statement-breakpoint
CREATE INDEX `customers_registered_outlet_idx` ON `customers` (`registered_outlet_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `cards` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`card_no` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`issued_at` text NOT NULL,
	`issued_outlet_id` text,
	`issued_by_staff` text,
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
CREATE UNIQUE INDEX `cards_card_no_unique` ON `cards` (`card_no`);--> statement-breakpoint
CREATE INDEX `cards_customer_idx` ON `cards` (`customer_id`);--> statement-breakpoint
CREATE TABLE `phones` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`e164` text NOT NULL,
	`digits_reversed` text NOT NULL,
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
CREATE UNIQUE INDEX `phones_customer_e164_unique` ON `phones` (`customer_id`,`e164`);--> statement-breakpoint
CREATE INDEX `phones_e164_idx` ON `phones` (`e164`);--> statement-breakpoint
CREATE INDEX `phones_digits_reversed_idx` ON `phones` (`digits_reversed`);--> statement-breakpoint
CREATE TABLE `purchases` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`invoice_no` text,
	`outlet_id` text,
	`purchased_at` text NOT NULL,
	`amount` integer NOT NULL,
	`main_product` text,
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
CREATE INDEX `purchases_customer_date_idx` ON `purchases` (`customer_id`,`purchased_at`);--> statement-breakpoint
CREATE INDEX `purchases_invoice_idx` ON `purchases` (`invoice_no`,`outlet_id`);--> statement-breakpoint
CREATE TABLE `changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hlc` text NOT NULL,
	`device_id` text NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`op` text NOT NULL,
	`data` text NOT NULL,
	`pushed_at` text
);
--> statement-breakpoint
CREATE INDEX `changes_row_idx` ON `changes` (`table_name`,`row_id`);--> statement-breakpoint
CREATE INDEX `changes_pending_idx` ON `changes` (`seq`) WHERE pushed_at is null;--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
