CREATE TABLE `dedup_cluster_members` (
	`cluster_id` text NOT NULL,
	`customer_id` text NOT NULL,
	PRIMARY KEY(`cluster_id`, `customer_id`)
);
--> statement-breakpoint
CREATE INDEX `dedup_cluster_members_customer_idx` ON `dedup_cluster_members` (`customer_id`);--> statement-breakpoint
CREATE TABLE `dedup_clusters` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`kind` text NOT NULL,
	`confidence` real NOT NULL,
	`score` real NOT NULL,
	`size` integer NOT NULL,
	`card_count` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`facts` text
);
--> statement-breakpoint
CREATE INDEX `dedup_clusters_queue_idx` ON `dedup_clusters` (`kind`,`status`,`confidence`);--> statement-breakpoint
CREATE TABLE `dedup_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_a` text NOT NULL,
	`customer_b` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `dedup_decisions_a_idx` ON `dedup_decisions` (`customer_a`);--> statement-breakpoint
CREATE INDEX `dedup_decisions_b_idx` ON `dedup_decisions` (`customer_b`);--> statement-breakpoint
CREATE TABLE `dedup_keys` (
	`key` text NOT NULL,
	`customer_id` text NOT NULL,
	PRIMARY KEY(`key`, `customer_id`)
);
--> statement-breakpoint
CREATE INDEX `dedup_keys_customer_idx` ON `dedup_keys` (`customer_id`);--> statement-breakpoint
CREATE TABLE `dedup_pairs` (
	`cluster_id` text NOT NULL,
	`customer_a` text NOT NULL,
	`customer_b` text NOT NULL,
	`score` real NOT NULL,
	`evidence` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dedup_pairs_cluster_idx` ON `dedup_pairs` (`cluster_id`);--> statement-breakpoint
CREATE TABLE `dedup_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text NOT NULL,
	`records` integer NOT NULL,
	`clusters` integer NOT NULL,
	`farming_clusters` integer NOT NULL,
	`households` integer NOT NULL,
	`estimated_people` integer NOT NULL,
	`stats` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `merge_items` (
	`id` text PRIMARY KEY NOT NULL,
	`merge_id` text NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`before` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `merge_items_merge_idx` ON `merge_items` (`merge_id`);--> statement-breakpoint
CREATE TABLE `merges` (
	`id` text PRIMARY KEY NOT NULL,
	`survivor_id` text NOT NULL,
	`merged_ids` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text,
	`confidence` real,
	`field_choices` text,
	`undone_at` text,
	`undone_by_staff` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by_device` text NOT NULL,
	`created_by_staff` text,
	`updated_by_device` text NOT NULL,
	`updated_by_staff` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `merges_survivor_idx` ON `merges` (`survivor_id`);