CREATE TABLE `monthly_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pilot_id` integer NOT NULL,
	`month` text NOT NULL,
	`status` text NOT NULL,
	`figures` text NOT NULL,
	`narrative` text NOT NULL,
	`highlights` text,
	`first_submitted_on` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`submitted_by` integer,
	`reviewed_at` integer,
	`reviewed_by` integer,
	`review_comment` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monthly_reports_pilot_month` ON `monthly_reports` (`pilot_id`,`month`);--> statement-breakpoint
CREATE INDEX `monthly_reports_status_idx` ON `monthly_reports` (`status`);