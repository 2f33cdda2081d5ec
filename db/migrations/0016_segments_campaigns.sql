CREATE TABLE `campaign_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`target_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`interaction_id` text,
	`outlet_id` text,
	`staff` text,
	`at` text NOT NULL,
	`outcome` text NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaign_contacts_campaign_idx` ON `campaign_contacts` (`campaign_id`,`target_id`,`at`);--> statement-breakpoint
CREATE INDEX `campaign_contacts_target_idx` ON `campaign_contacts` (`target_id`);--> statement-breakpoint
CREATE TABLE `campaign_targets` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`outlet_id` text,
	`control` integer NOT NULL,
	`period` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaign_targets_campaign_idx` ON `campaign_targets` (`campaign_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `campaign_targets_outlet_idx` ON `campaign_targets` (`outlet_id`,`campaign_id`) WHERE control = 0 AND deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`purpose` text NOT NULL,
	`channel` text NOT NULL,
	`segment_id` text NOT NULL,
	`definition` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`outlets` text NOT NULL,
	`template` text NOT NULL,
	`control_percent` integer NOT NULL,
	`quiet_days` integer NOT NULL,
	`attribution_days` integer NOT NULL,
	`recurrence` text NOT NULL,
	`status` text NOT NULL,
	`launched_at` text,
	`exclusions` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE TABLE `segments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`definition` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `segments_name_idx` ON `segments` (`name`);