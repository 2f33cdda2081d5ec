ALTER TABLE `loyalty_rules` ADD `multipliers` text DEFAULT '[]';--> statement-breakpoint
ALTER TABLE `loyalty_rules` ADD `promotions` text DEFAULT '[]';