CREATE TABLE `form_tokens` (
	`token` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`result` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `recycle_bin` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pilot_id` integer NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`label` text NOT NULL,
	`payload` text NOT NULL,
	`deleted_by` integer,
	`deleted_at` integer NOT NULL,
	`purge_after` integer NOT NULL,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `recycle_bin_pilot_idx` ON `recycle_bin` (`pilot_id`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `recycle_bin_purge_idx` ON `recycle_bin` (`purge_after`);--> statement-breakpoint
CREATE TABLE `staged_files` (
	`token` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
