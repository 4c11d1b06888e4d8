ALTER TABLE `activities` ADD `highlight` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `activities` ADD `highlight_effect` text;--> statement-breakpoint
ALTER TABLE `monthly_reports` ADD `extras` text;