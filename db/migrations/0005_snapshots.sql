CREATE TABLE `progress_snapshots` (
	`pilot_id` integer NOT NULL,
	`date` text NOT NULL,
	`teams` integer NOT NULL,
	`projects` integer NOT NULL,
	`activities` integer NOT NULL,
	`stations` integer NOT NULL,
	`mechanisms` integer NOT NULL,
	`overall` real NOT NULL,
	PRIMARY KEY(`pilot_id`, `date`),
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE cascade
);
