CREATE TABLE `care_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`outlet_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `care_settings_outlet_key_idx` ON `care_settings` (`outlet_id`,`key`);--> statement-breakpoint
CREATE TABLE `closed_days` (
	`id` text PRIMARY KEY NOT NULL,
	`outlet_id` text,
	`date` text NOT NULL,
	`name` text NOT NULL,
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
CREATE INDEX `closed_days_date_idx` ON `closed_days` (`date`) WHERE active = 1;--> statement-breakpoint
CREATE TABLE `complaint_events` (
	`id` text PRIMARY KEY NOT NULL,
	`complaint_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	`staff` text,
	`outlet_id` text,
	`from_status` text,
	`to_status` text,
	`note` text,
	`satisfaction` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `complaint_events_complaint_at_idx` ON `complaint_events` (`complaint_id`,`at`);--> statement-breakpoint
CREATE TABLE `complaints` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`outlet_id` text,
	`category` text NOT NULL,
	`severity` text NOT NULL,
	`invoice_no` text,
	`purchase_id` text,
	`description` text NOT NULL,
	`promised_action` text,
	`promised_date` text,
	`opened_at` text NOT NULL,
	`status` text NOT NULL,
	`clock_started_at` text NOT NULL,
	`first_response_due_at` text NOT NULL,
	`resolution_due_at` text NOT NULL,
	`first_response_at` text,
	`resolved_at` text,
	`closed_at` text,
	`satisfaction` integer,
	`reopen_count` integer DEFAULT 0 NOT NULL,
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
CREATE INDEX `complaints_customer_opened_idx` ON `complaints` (`customer_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `complaints_outlet_status_due_idx` ON `complaints` (`outlet_id`,`status`,`resolution_due_at`);--> statement-breakpoint
CREATE INDEX `complaints_status_due_idx` ON `complaints` (`status`,`resolution_due_at`);--> statement-breakpoint
CREATE INDEX `complaints_resolved_idx` ON `complaints` (`resolved_at`);--> statement-breakpoint
CREATE TABLE `follow_up_outcomes` (
	`id` text PRIMARY KEY NOT NULL,
	`outlet_id` text NOT NULL,
	`status` text NOT NULL,
	`at` text NOT NULL,
	`staff` text,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `follow_up_outcomes_outlet_at_idx` ON `follow_up_outcomes` (`outlet_id`,`at`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`outlet_id` text NOT NULL,
	`owner` text,
	`kind` text NOT NULL,
	`reason` text NOT NULL,
	`due_date` text NOT NULL,
	`source_id` text,
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
CREATE INDEX `follow_ups_outlet_due_idx` ON `follow_ups` (`outlet_id`,`due_date`);--> statement-breakpoint
CREATE INDEX `follow_ups_customer_due_idx` ON `follow_ups` (`customer_id`,`due_date`);--> statement-breakpoint
CREATE TABLE `interactions` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`outlet_id` text,
	`staff` text,
	`channel` text NOT NULL,
	`direction` text NOT NULL,
	`at` text NOT NULL,
	`note` text,
	`outcome` text,
	`follow_up_id` text,
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
CREATE INDEX `interactions_customer_at_idx` ON `interactions` (`customer_id`,`at`);--> statement-breakpoint
CREATE INDEX `interactions_outlet_at_idx` ON `interactions` (`outlet_id`,`at`);