CREATE TABLE `org_recycle_bin` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`entity_id` integer NOT NULL,
	`scope_unit_id` integer,
	`label` text NOT NULL,
	`payload` text NOT NULL,
	`deleted_by` integer,
	`deleted_at` integer NOT NULL,
	`purge_after` integer NOT NULL,
	FOREIGN KEY (`scope_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `org_recycle_bin_deleted_idx` ON `org_recycle_bin` (`deleted_at`);--> statement-breakpoint
CREATE INDEX `org_recycle_bin_purge_idx` ON `org_recycle_bin` (`purge_after`);