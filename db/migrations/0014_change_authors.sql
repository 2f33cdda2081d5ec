ALTER TABLE `changes` ADD `author` text;--> statement-breakpoint
ALTER TABLE `changes` ADD `signature` text;