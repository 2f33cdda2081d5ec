CREATE TABLE "staff_keys" (
	"staff_id" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_keys_staff_id_kind_pk" PRIMARY KEY("staff_id","kind")
);
--> statement-breakpoint
ALTER TABLE "enrolment_codes" ADD COLUMN "for_device" text;