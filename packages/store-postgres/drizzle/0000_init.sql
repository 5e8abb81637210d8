CREATE TABLE "conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text,
	"head_turn_id" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"server_conversation_id" text,
	"forked_from" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "jobs_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" text PRIMARY KEY NOT NULL,
	"turn_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"response_id" text NOT NULL,
	"status" text NOT NULL,
	"cursor" bigint,
	"next_poll_at" bigint NOT NULL,
	"lease_owner" text,
	"lease_expires_at" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "snapshots" (
	"key" text PRIMARY KEY NOT NULL,
	"snapshot" jsonb NOT NULL,
	"version" integer NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "turn_events" (
	"turn_id" text NOT NULL,
	"idx" integer NOT NULL,
	"event" jsonb NOT NULL,
	"at" bigint NOT NULL,
	CONSTRAINT "turn_events_pk" PRIMARY KEY("turn_id","idx")
);
--> statement-breakpoint
CREATE TABLE "turns" (
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "turns_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"parent_id" text,
	"depth" integer NOT NULL,
	"request" jsonb NOT NULL,
	"response_id" text,
	"status" text NOT NULL,
	"output" jsonb NOT NULL,
	"partial" boolean DEFAULT false NOT NULL,
	"usage" jsonb,
	"created_at" bigint NOT NULL,
	"started_at" bigint,
	"first_token_at" bigint,
	"completed_at" bigint,
	"context_strategy" text NOT NULL,
	"execution_strategy" text NOT NULL,
	"fallback" jsonb,
	"error" jsonb,
	"incomplete_reason" text
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_head_turn_id_turns_id_fk" FOREIGN KEY ("head_turn_id") REFERENCES "public"."turns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "turn_events" ADD CONSTRAINT "turn_events_turn_id_turns_id_fk" FOREIGN KEY ("turn_id") REFERENCES "public"."turns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "turns" ADD CONSTRAINT "turns_parent_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."turns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_updated_at_id_idx" ON "conversations" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "conversations_head_turn_id_idx" ON "conversations" USING btree ("head_turn_id");--> statement-breakpoint
CREATE INDEX "conversations_metadata_idx" ON "conversations" USING gin ("metadata");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("next_poll_at","created_at","id") WHERE "jobs"."status" = 'active';--> statement-breakpoint
CREATE INDEX "jobs_turn_id_idx" ON "jobs" USING btree ("turn_id");--> statement-breakpoint
CREATE INDEX "jobs_created_at_idx" ON "jobs" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "turns_seq_idx" ON "turns" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "turns_conversation_id_idx" ON "turns" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "turns_parent_id_idx" ON "turns" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "turns_response_id_idx" ON "turns" USING btree ("response_id");