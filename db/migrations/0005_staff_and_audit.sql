CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`staff_id` text,
	`staff_name` text,
	`action` text NOT NULL,
	`call` text,
	`customer_id` text,
	`outcome` text NOT NULL,
	`details` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_staff_idx` ON `audit_log` (`staff_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_customer_idx` ON `audit_log` (`customer_id`,`at`);--> statement-breakpoint
CREATE TABLE `sign_in_attempts` (
	`staff_id` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`locked_until` text
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`outlet_id` text,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`pin_hash` text NOT NULL,
	`password_hash` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `staff_outlet_idx` ON `staff` (`outlet_id`);