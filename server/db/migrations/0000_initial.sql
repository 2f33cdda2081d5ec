CREATE TABLE "changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"device_id" text NOT NULL,
	"hlc" text NOT NULL,
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"op" text NOT NULL,
	"data" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" text PRIMARY KEY NOT NULL,
	"outlet_code" text NOT NULL,
	"name" text,
	"token_hash" text NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "devices_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "enrolment_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"outlet_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by_device" text
);
--> statement-breakpoint
CREATE TABLE "row_fields" (
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"column" text NOT NULL,
	"value" jsonb,
	"hlc" text NOT NULL,
	CONSTRAINT "row_fields_table_name_row_id_column_pk" PRIMARY KEY("table_name","row_id","column")
);
--> statement-breakpoint
CREATE TABLE "server_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "changes_device_hlc_unique" ON "changes" USING btree ("device_id","hlc");--> statement-breakpoint
CREATE INDEX "changes_device_seq_idx" ON "changes" USING btree ("device_id","seq");