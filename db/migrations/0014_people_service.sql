CREATE TABLE `activity_participants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`activity_id` integer NOT NULL,
	`person_hash` text NOT NULL,
	`name` text NOT NULL,
	`id_last4` text,
	`organization` text,
	`hours` real NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`activity_id`) REFERENCES `activities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activity_participants_activity_person` ON `activity_participants` (`activity_id`,`person_hash`);--> statement-breakpoint
CREATE INDEX `activity_participants_person_idx` ON `activity_participants` (`person_hash`);--> statement-breakpoint
CREATE TABLE `certificate_serials` (
	`year` integer PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pilot_id` integer NOT NULL,
	`number` text NOT NULL,
	`year` integer NOT NULL,
	`serial` integer NOT NULL,
	`person_hash` text NOT NULL,
	`name` text NOT NULL,
	`id_last4` text,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`hours` real NOT NULL,
	`activity_count` integer NOT NULL,
	`content` text NOT NULL,
	`records` text NOT NULL,
	`organisation` text NOT NULL,
	`principal` text NOT NULL,
	`handler` text NOT NULL,
	`issued_on` text NOT NULL,
	`issued_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_number` ON `certificates` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_year_serial` ON `certificates` (`year`,`serial`);--> statement-breakpoint
CREATE INDEX `certificates_pilot_person_idx` ON `certificates` (`pilot_id`,`person_hash`);