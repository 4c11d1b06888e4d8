CREATE TABLE `reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pilot_id` integer NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`requirement` text NOT NULL,
	`verdict` text NOT NULL,
	`reason` text,
	`item_version` integer NOT NULL,
	`reviewer_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reviews_pilot_entity_idx` ON `reviews` (`pilot_id`,`entity_type`,`entity_id`);