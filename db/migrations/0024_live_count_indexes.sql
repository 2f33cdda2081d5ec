-- The live segment count (issue 18) reads the customers of a city from this index alone: live customers only, with
-- the name the preview sorts by and the id every other condition is tested on, so no customer row is read.
-- Hand-written: drizzle-kit cannot write an expression index.
CREATE INDEX `customers_city_live_idx` ON `customers` (lower(trim(`city`)), `name_search`, `id`) WHERE deleted_at IS NULL AND merged_into IS NULL;
--> statement-breakpoint
-- A campaign launch tests every matching customer for a blocked card: the few blocked cards, by customer.
CREATE INDEX `cards_blocked_idx` ON `cards` (`customer_id`) WHERE status = 'blocked' AND deleted_at IS NULL;
