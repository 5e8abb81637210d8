-- Full-text index over turn text: the user's input text and the assistant's output text.
-- FTS5 virtual tables cannot be declared in drizzle's schema, so this migration is written by hand
-- (drizzle-kit generate --custom). Triggers keep the index in step with every write to `turns`,
-- whichever process or version makes it. The FTS rowid is `turns.seq`, which VACUUM never changes.
CREATE VIRTUAL TABLE `turns_fts` USING fts5(
	`turn_id` UNINDEXED,
	`conversation_id` UNINDEXED,
	`input_text`,
	`output_text`,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `turns_fts_after_insert` AFTER INSERT ON `turns` BEGIN
	INSERT INTO `turns_fts` (`rowid`, `turn_id`, `conversation_id`, `input_text`, `output_text`)
	VALUES (
		new.`seq`,
		new.`id`,
		new.`conversation_id`,
		(SELECT group_concat(t.`value`, ' ') FROM json_each(new.`request`, '$.input') AS i, json_tree(i.`value`) AS t
			WHERE coalesce(json_extract(i.`value`, '$.role'), 'user') = 'user'
				AND t.`type` = 'text' AND t.`key` IN ('text', 'content')),
		(SELECT group_concat(t.`value`, ' ') FROM json_each(new.`output`) AS o, json_tree(o.`value`, '$.content') AS t
			WHERE json_extract(o.`value`, '$.type') = 'message' AND t.`type` = 'text' AND t.`key` = 'text')
	);
END;
--> statement-breakpoint
CREATE TRIGGER `turns_fts_after_update` AFTER UPDATE OF `request`, `output` ON `turns` BEGIN
	DELETE FROM `turns_fts` WHERE `rowid` = old.`seq`;
	INSERT INTO `turns_fts` (`rowid`, `turn_id`, `conversation_id`, `input_text`, `output_text`)
	VALUES (
		new.`seq`,
		new.`id`,
		new.`conversation_id`,
		(SELECT group_concat(t.`value`, ' ') FROM json_each(new.`request`, '$.input') AS i, json_tree(i.`value`) AS t
			WHERE coalesce(json_extract(i.`value`, '$.role'), 'user') = 'user'
				AND t.`type` = 'text' AND t.`key` IN ('text', 'content')),
		(SELECT group_concat(t.`value`, ' ') FROM json_each(new.`output`) AS o, json_tree(o.`value`, '$.content') AS t
			WHERE json_extract(o.`value`, '$.type') = 'message' AND t.`type` = 'text' AND t.`key` = 'text')
	);
END;
--> statement-breakpoint
CREATE TRIGGER `turns_fts_after_delete` AFTER DELETE ON `turns` BEGIN
	DELETE FROM `turns_fts` WHERE `rowid` = old.`seq`;
END;
