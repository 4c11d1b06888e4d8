CREATE TABLE `nomination_accounts` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer,
	`division_code` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `nomination_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `nomination_call_units` (
	`call_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`categories` text,
	PRIMARY KEY(`call_id`, `unit_id`),
	FOREIGN KEY (`call_id`) REFERENCES `nomination_calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `nomination_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `nomination_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`year` integer NOT NULL,
	`categories` text NOT NULL,
	`cutoff_date` text NOT NULL,
	`deadline` text NOT NULL,
	`rules` text NOT NULL,
	`quota_minimum` integer DEFAULT 1 NOT NULL,
	`criteria` text NOT NULL,
	`hide_unit_from_reviewers` integer DEFAULT false NOT NULL,
	`stage` text DEFAULT 'open' NOT NULL,
	`publicity_start` text,
	`publicity_end` text,
	`published_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `nomination_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`nomination_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`sha256` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`original_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`nomination_id`) REFERENCES `nominations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `nomination_files_idx` ON `nomination_files` (`nomination_id`);--> statement-breakpoint
CREATE TABLE `nomination_objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` integer NOT NULL,
	`nomination_id` integer,
	`who` text NOT NULL,
	`contact` text NOT NULL,
	`what` text NOT NULL,
	`received_on` text NOT NULL,
	`resolution` text,
	`resolved_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `nomination_calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`nomination_id`) REFERENCES `nominations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `nomination_quotas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`category` text NOT NULL,
	`volunteers` integer NOT NULL,
	`teams` integer NOT NULL,
	`basis` integer NOT NULL,
	`computed` integer NOT NULL,
	`quota` integer NOT NULL,
	`adjust_reason` text,
	`adjusted_by` integer,
	`adjusted_at` integer,
	`frozen_at` integer NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `nomination_calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `nomination_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`adjusted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `nomination_quotas_call_unit_cat` ON `nomination_quotas` (`call_id`,`unit_id`,`category`);--> statement-breakpoint
CREATE TABLE `nomination_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`nomination_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`scores` text,
	`conflict` text,
	`scored_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`nomination_id`) REFERENCES `nominations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `nomination_reviews_pair` ON `nomination_reviews` (`nomination_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `nomination_reviews_user_idx` ON `nomination_reviews` (`user_id`);--> statement-breakpoint
CREATE TABLE `nomination_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`division_code` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`division_code`) REFERENCES `divisions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `nomination_units_code_unique` ON `nomination_units` (`code`);--> statement-breakpoint
CREATE TABLE `nominations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`category` text NOT NULL,
	`candidate_key` text NOT NULL,
	`candidate_name` text NOT NULL,
	`division_code` text,
	`figures` text NOT NULL,
	`eligible` integer NOT NULL,
	`reasons` text NOT NULL,
	`exception_reason` text,
	`details` text NOT NULL,
	`deeds` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`selected` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `nomination_calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `nomination_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `nominations_call_unit_idx` ON `nominations` (`call_id`,`unit_id`);--> statement-breakpoint
CREATE INDEX `nominations_candidate_idx` ON `nominations` (`candidate_key`);--> statement-breakpoint
ALTER TABLE `projects` ADD `start_date` text;--> statement-breakpoint
ALTER TABLE `stations` ADD `residents` integer;