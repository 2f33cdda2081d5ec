CREATE TABLE `log_column_sets` (
	`id` integer PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`columns` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `log_column_sets_unique` ON `log_column_sets` (`table_name`,`columns`);--> statement-breakpoint
CREATE TABLE `row_stamps` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`stamps` text NOT NULL,
	PRIMARY KEY(`table_name`, `row_id`)
);
