-- Substring search on names: FTS5 with the trigram tokenizer, kept in step with customers by triggers.
CREATE VIRTUAL TABLE `customers_fts` USING fts5(`name_search`, content='customers', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `customers_fts_ai` AFTER INSERT ON `customers` BEGIN
  INSERT INTO `customers_fts`(rowid, `name_search`) VALUES (new.rowid, new.`name_search`);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_fts_ad` AFTER DELETE ON `customers` BEGIN
  INSERT INTO `customers_fts`(`customers_fts`, rowid, `name_search`) VALUES ('delete', old.rowid, old.`name_search`);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_fts_au` AFTER UPDATE OF `name_search` ON `customers` BEGIN
  INSERT INTO `customers_fts`(`customers_fts`, rowid, `name_search`) VALUES ('delete', old.rowid, old.`name_search`);
  INSERT INTO `customers_fts`(rowid, `name_search`) VALUES (new.rowid, new.`name_search`);
END;
