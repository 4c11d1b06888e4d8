CREATE TABLE `pilot_tallies` (
	`pilot_id` integer PRIMARY KEY NOT NULL,
	`stamp` integer DEFAULT 0 NOT NULL,
	`day` text,
	`actual` text,
	`verified` text,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE cascade
);
