CREATE TABLE `competitor_products` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`brand` text NOT NULL,
	`product` text NOT NULL,
	`since` text,
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
CREATE INDEX `competitor_products_customer_idx` ON `competitor_products` (`customer_id`);--> statement-breakpoint
CREATE TABLE `customer_facts` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text,
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
CREATE INDEX `customer_facts_customer_idx` ON `customer_facts` (`customer_id`,`key`);--> statement-breakpoint
CREATE TABLE `customer_interests` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`tag_id` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tag_id`) REFERENCES `interest_tags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_interests_customer_idx` ON `customer_interests` (`customer_id`);--> statement-breakpoint
CREATE INDEX `customer_interests_tag_idx` ON `customer_interests` (`tag_id`);--> statement-breakpoint
CREATE TABLE `family_members` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`name` text NOT NULL,
	`relation` text NOT NULL,
	`birth_date` text,
	`member_customer_id` text,
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
CREATE INDEX `family_members_customer_idx` ON `family_members` (`customer_id`);--> statement-breakpoint
CREATE INDEX `family_members_member_idx` ON `family_members` (`member_customer_id`) WHERE member_customer_id is not null;--> statement-breakpoint
CREATE TABLE `interest_tags` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
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
CREATE INDEX `interest_tags_label_idx` ON `interest_tags` (`label`);--> statement-breakpoint
CREATE TABLE `knowledge_settings` (
	`id` text PRIMARY KEY NOT NULL,
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
CREATE TABLE `offer_rules` (
	`antecedent` text NOT NULL,
	`consequent` text NOT NULL,
	`pair_customers` integer NOT NULL,
	`support` real NOT NULL,
	`confidence` real NOT NULL,
	`lift` real NOT NULL,
	`computed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `offer_rules_pair_idx` ON `offer_rules` (`antecedent`,`confidence`);--> statement-breakpoint
CREATE TABLE `offers_made` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`outlet_id` text,
	`staff` text,
	`product` text NOT NULL,
	`because` text,
	`confidence` real NOT NULL,
	`action` text NOT NULL,
	`made_at` text NOT NULL,
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
CREATE INDEX `offers_made_customer_idx` ON `offers_made` (`customer_id`,`made_at`);--> statement-breakpoint
CREATE INDEX `offers_made_at_idx` ON `offers_made` (`made_at`);--> statement-breakpoint
CREATE TABLE `opportunities` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`outlet_id` text NOT NULL,
	`owner` text,
	`product` text NOT NULL,
	`category` text NOT NULL,
	`budget` integer NOT NULL,
	`expected_decision_date` text NOT NULL,
	`reason_not_bought` text,
	`note` text,
	`follow_up_id` text,
	`offer_id` text,
	`stage` text NOT NULL,
	`closed_at` text,
	`invoice_no` text,
	`purchase_id` text,
	`won_amount` integer,
	`lost_reason` text,
	`lost_note` text,
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
CREATE INDEX `opportunities_customer_idx` ON `opportunities` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `opportunities_outlet_stage_idx` ON `opportunities` (`outlet_id`,`stage`,`expected_decision_date`);--> statement-breakpoint
CREATE TABLE `opportunity_events` (
	`id` text PRIMARY KEY NOT NULL,
	`opportunity_id` text NOT NULL,
	`at` text NOT NULL,
	`staff` text,
	`outlet_id` text,
	`from_stage` text,
	`to_stage` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text,
	FOREIGN KEY (`opportunity_id`) REFERENCES `opportunities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `opportunity_events_opportunity_idx` ON `opportunity_events` (`opportunity_id`,`at`);