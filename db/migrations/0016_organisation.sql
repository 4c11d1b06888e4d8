CREATE TABLE `org_deadline_done` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deadline_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`done_on` text NOT NULL,
	`note` text,
	`file_sha256` text,
	`file_mime` text,
	`file_name` text,
	`done_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`deadline_id`) REFERENCES `org_deadlines`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`done_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `org_deadline_done_unit` ON `org_deadline_done` (`deadline_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `org_deadlines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`due_date` text NOT NULL,
	`kinds` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `org_officers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`work_unit` text,
	`phone` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `org_officers_unit_idx` ON `org_officers` (`unit_id`);--> statement-breakpoint
CREATE TABLE `org_reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`deadline_id` integer,
	`message` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`deadline_id`) REFERENCES `org_deadlines`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `org_reminders_unit_idx` ON `org_reminders` (`unit_id`);--> statement-breakpoint
CREATE TABLE `org_unit_parents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`parent_id` integer,
	`valid_from` text NOT NULL,
	`valid_to` text,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `org_unit_parents_unit_idx` ON `org_unit_parents` (`unit_id`,`valid_from`);--> statement-breakpoint
CREATE INDEX `org_unit_parents_parent_idx` ON `org_unit_parents` (`parent_id`);--> statement-breakpoint
CREATE TABLE `org_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`division_code` text,
	`founded_on` text,
	`platform_id` text,
	`removed_on` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`division_code`) REFERENCES `divisions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `org_units_kind_idx` ON `org_units` (`kind`);--> statement-breakpoint
CREATE INDEX `org_units_division_idx` ON `org_units` (`division_code`);--> statement-breakpoint
ALTER TABLE `activities` ADD `setting` text;--> statement-breakpoint
ALTER TABLE `rounds` ADD `org_sizes` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `unit_id` integer REFERENCES org_units(id);--> statement-breakpoint
ALTER TABLE `users` ADD `unit_id` integer REFERENCES org_units(id);