DROP INDEX `turns_response_id_idx`;
--> statement-breakpoint
-- Full-text index, second form: no copy of the text, indexed once per turn, off the write path.
-- Contentless with contentless_delete: the text stays in `turns` only (search-turns.ts derives
-- snippets from the hits' rows) and a row is removed by rowid. A turn is indexed once it has ended
-- (completed, incomplete, failed, cancelled). Triggers only queue it in `turns_fts_pending` (one
-- small row); the next search indexes the queue in one transaction (one FTS5 segment for many
-- turns, instead of a segment write and merge work in every commit). `was_indexed` says whether
-- the index holds an older version of the row that must be removed first. Hand-written (FTS5 is
-- outside drizzle's schema); the text expressions are those of 0001 (src/internal/turn-text.ts).
DROP TRIGGER `turns_fts_after_insert`;
--> statement-breakpoint
DROP TRIGGER `turns_fts_after_update`;
--> statement-breakpoint
DROP TRIGGER `turns_fts_after_delete`;
--> statement-breakpoint
DROP TABLE `turns_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `turns_fts` USING fts5(
	`input_text`,
	`output_text`,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TABLE `turns_fts_pending` (
	`seq` integer PRIMARY KEY NOT NULL,
	`was_indexed` integer NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `turns_fts_after_insert` AFTER INSERT ON `turns` WHEN new.`status` NOT IN ('pending', 'in_progress') BEGIN
	INSERT INTO `turns_fts_pending` (`seq`, `was_indexed`) VALUES (new.`seq`, 0)
		ON CONFLICT DO NOTHING;
END;
--> statement-breakpoint
CREATE TRIGGER `turns_fts_after_update` AFTER UPDATE OF `request`, `output`, `status` ON `turns`
WHEN (old.`status` NOT IN ('pending', 'in_progress') OR new.`status` NOT IN ('pending', 'in_progress'))
	AND (old.`status` IS NOT new.`status` OR old.`request` IS NOT new.`request` OR old.`output` IS NOT new.`output`)
BEGIN
	INSERT INTO `turns_fts_pending` (`seq`, `was_indexed`) VALUES (new.`seq`, old.`status` NOT IN ('pending', 'in_progress'))
		ON CONFLICT DO NOTHING;
END;
--> statement-breakpoint
CREATE TRIGGER `turns_fts_after_delete` AFTER DELETE ON `turns` BEGIN
	DELETE FROM `turns_fts` WHERE `rowid` = old.`seq`
		AND coalesce((SELECT `was_indexed` FROM `turns_fts_pending` WHERE `seq` = old.`seq`), old.`status` NOT IN ('pending', 'in_progress'));
	DELETE FROM `turns_fts_pending` WHERE `seq` = old.`seq`;
END;
--> statement-breakpoint
INSERT INTO `turns_fts_pending` (`seq`, `was_indexed`)
	SELECT `seq`, 0 FROM `turns` WHERE `turns`.`status` NOT IN ('pending', 'in_progress');
