CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text,
	`head_turn_id` text,
	`metadata` text DEFAULT '{}' NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`server_conversation_id` text,
	`forked_from` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`head_turn_id`) REFERENCES `turns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `conversations_updated_at_id_idx` ON `conversations` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `conversations_head_turn_id_idx` ON `conversations` (`head_turn_id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`turn_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`response_id` text NOT NULL,
	`status` text NOT NULL,
	`cursor` integer,
	`next_poll_at` integer NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_status_next_poll_at_idx` ON `jobs` (`status`,`next_poll_at`);--> statement-breakpoint
CREATE INDEX `jobs_turn_id_idx` ON `jobs` (`turn_id`);--> statement-breakpoint
CREATE TABLE `snapshots` (
	`key` text PRIMARY KEY NOT NULL,
	`snapshot` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `turn_events` (
	`turn_id` text NOT NULL,
	`idx` integer NOT NULL,
	`event` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`turn_id`, `idx`),
	FOREIGN KEY (`turn_id`) REFERENCES `turns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `turns` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`parent_id` text,
	`depth` integer NOT NULL,
	`request` text NOT NULL,
	`response_id` text,
	`status` text NOT NULL,
	`output` text NOT NULL,
	`partial` integer DEFAULT false NOT NULL,
	`usage` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`first_token_at` integer,
	`completed_at` integer,
	`context_strategy` text NOT NULL,
	`execution_strategy` text NOT NULL,
	`fallback` text,
	`error` text,
	`incomplete_reason` text,
	FOREIGN KEY (`parent_id`) REFERENCES `turns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `turns_id_idx` ON `turns` (`id`);--> statement-breakpoint
CREATE INDEX `turns_conversation_id_idx` ON `turns` (`conversation_id`);--> statement-breakpoint
CREATE INDEX `turns_parent_id_idx` ON `turns` (`parent_id`);--> statement-breakpoint
CREATE INDEX `turns_response_id_idx` ON `turns` (`response_id`);