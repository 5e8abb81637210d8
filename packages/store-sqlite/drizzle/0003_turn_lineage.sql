ALTER TABLE `turns` ADD `lineage` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Backfill, root → leaves: the first child of a turn (lowest seq) joins its parent's segment, any
-- other child starts a segment named by its own id. The same rule `beginTurn` applies (the first
-- child to take depth + 1 in the parent's segment joins it); hand-written after the generated ALTER.
WITH RECURSIVE `placed`(`seq`, `id`, `lineage`) AS (
	SELECT `seq`, `id`, `id` FROM `turns` WHERE `parent_id` IS NULL
	UNION ALL
	SELECT c.`seq`, c.`id`,
		CASE WHEN c.`seq` = (SELECT min(s.`seq`) FROM `turns` s WHERE s.`parent_id` = c.`parent_id`)
			THEN p.`lineage` ELSE c.`id` END
	FROM `placed` p JOIN `turns` c ON c.`parent_id` = p.`id`
)
UPDATE `turns` SET `lineage` = `placed`.`lineage` FROM `placed` WHERE `placed`.`seq` = `turns`.`seq`;
--> statement-breakpoint
CREATE UNIQUE INDEX `turns_lineage_depth_idx` ON `turns` (`lineage`,`depth`);
