ALTER TABLE `loyalty_rules` ADD `multipliers` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `loyalty_rules` ADD `promotions` text DEFAULT '[]' NOT NULL;