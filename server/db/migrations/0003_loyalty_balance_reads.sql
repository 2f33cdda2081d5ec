CREATE TABLE "loyalty_balance_reads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"device_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "loyalty_balance_reads_customer_idx" ON "loyalty_balance_reads" USING btree ("customer_id","read_at");