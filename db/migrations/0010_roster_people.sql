ALTER TABLE `team_members` ADD `person_hash` text;--> statement-breakpoint
ALTER TABLE `team_members` ADD `id_last4` text;--> statement-breakpoint
CREATE INDEX `team_members_person_idx` ON `team_members` (`person_hash`);