CREATE TABLE "snapshot_rows" (
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"fields" text NOT NULL,
	CONSTRAINT "snapshot_rows_table_name_row_id_pk" PRIMARY KEY("table_name","row_id")
);
--> statement-breakpoint
-- Written by hand after the generated table: snapshot_rows follows row_fields through statement triggers, so every
-- writer of row_fields (folding, an erasure's fix, a restore) keeps it current in the same transaction.
CREATE FUNCTION "snapshot_rows_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "snapshot_rows" s USING (SELECT DISTINCT "table_name", "row_id" FROM "touched") t
    WHERE TG_OP = 'DELETE' AND s."table_name" = t."table_name" AND s."row_id" = t."row_id";
  INSERT INTO "snapshot_rows" ("table_name", "row_id", "fields")
    SELECT f."table_name", f."row_id", json_object_agg(f."column", json_build_array(f."value", f."hlc"))::text
    FROM (SELECT DISTINCT "table_name", "row_id" FROM "touched") t
    JOIN "row_fields" f ON f."table_name" = t."table_name" AND f."row_id" = t."row_id"
    GROUP BY f."table_name", f."row_id"
    ON CONFLICT ("table_name", "row_id") DO UPDATE SET "fields" = excluded."fields";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "row_fields_snapshot_insert" AFTER INSERT ON "row_fields" REFERENCING NEW TABLE AS "touched"
  FOR EACH STATEMENT EXECUTE FUNCTION "snapshot_rows_refresh"();
--> statement-breakpoint
CREATE TRIGGER "row_fields_snapshot_update" AFTER UPDATE ON "row_fields" REFERENCING NEW TABLE AS "touched"
  FOR EACH STATEMENT EXECUTE FUNCTION "snapshot_rows_refresh"();
--> statement-breakpoint
CREATE TRIGGER "row_fields_snapshot_delete" AFTER DELETE ON "row_fields" REFERENCING OLD TABLE AS "touched"
  FOR EACH STATEMENT EXECUTE FUNCTION "snapshot_rows_refresh"();
--> statement-breakpoint
CREATE FUNCTION "snapshot_rows_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE "snapshot_rows";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "row_fields_snapshot_truncate" AFTER TRUNCATE ON "row_fields"
  FOR EACH STATEMENT EXECUTE FUNCTION "snapshot_rows_truncate"();
--> statement-breakpoint
INSERT INTO "snapshot_rows" ("table_name", "row_id", "fields")
  SELECT "table_name", "row_id", json_object_agg("column", json_build_array("value", "hlc"))::text
  FROM "row_fields" GROUP BY "table_name", "row_id";
