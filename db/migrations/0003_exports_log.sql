CREATE TABLE `exports_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`device_id` text NOT NULL,
	`staff` text,
	`report` text NOT NULL,
	`format` text NOT NULL,
	`filters` text NOT NULL,
	`rows` integer NOT NULL,
	`unmasked` integer DEFAULT false NOT NULL,
	`file_name` text
);
--> statement-breakpoint
CREATE INDEX `exports_log_at_idx` ON `exports_log` (`at`);