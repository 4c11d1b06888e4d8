CREATE TABLE `station_works` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pilot_id` integer NOT NULL,
	`station_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`date` text NOT NULL,
	`link` text,
	`note` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `station_works_pilot_idx` ON `station_works` (`pilot_id`);--> statement-breakpoint
CREATE INDEX `station_works_station_idx` ON `station_works` (`station_id`);--> statement-breakpoint
ALTER TABLE `pilots` ADD `acceptance_reason` text;--> statement-breakpoint
ALTER TABLE `publicity` ADD `note` text;--> statement-breakpoint
ALTER TABLE `publicity` ADD `status` text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE `publicity` ADD `reported_at` integer;--> statement-breakpoint
ALTER TABLE `publicity` ADD `reported_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `publicity` ADD `acknowledged_at` integer;--> statement-breakpoint
ALTER TABLE `publicity` ADD `acknowledged_by` integer REFERENCES users(id);