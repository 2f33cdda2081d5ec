CREATE TABLE `sync_conflicts` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`column` text NOT NULL,
	`value` text NOT NULL,
	`claim_hlc` text NOT NULL,
	`held_by_row_id` text NOT NULL,
	`detected_at` text NOT NULL,
	PRIMARY KEY(`table_name`, `row_id`, `column`)
);
--> statement-breakpoint
CREATE INDEX `sync_conflicts_value_idx` ON `sync_conflicts` (`table_name`,`column`,`value`);--> statement-breakpoint
CREATE TABLE `sync_deferred_rows` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	PRIMARY KEY(`table_name`, `row_id`)
);
