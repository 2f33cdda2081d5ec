CREATE TABLE "erased_fields" (
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"column" text NOT NULL,
	"value" jsonb,
	"hlc" text NOT NULL,
	CONSTRAINT "erased_fields_table_name_row_id_column_pk" PRIMARY KEY("table_name","row_id","column")
);
--> statement-breakpoint
CREATE INDEX "changes_row_idx" ON "changes" USING btree ("table_name","row_id");