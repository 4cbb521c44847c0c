CREATE TABLE `approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`environment` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`decided_by` text,
	`decided_at` text,
	`payload` text NOT NULL,
	`channel` text,
	`message_ts` text,
	`outcome` text
);
--> statement-breakpoint
CREATE INDEX `approvals_status_expires_idx` ON `approvals` (`status`,`expires_at`);--> statement-breakpoint
CREATE TABLE `audit_trail` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`environment` text,
	`target` text,
	`outcome` text NOT NULL,
	`details` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_trail_at_idx` ON `audit_trail` (`at`);--> statement-breakpoint
CREATE TABLE `exceptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment` text,
	`check_id` text NOT NULL,
	`namespace` text,
	`kind` text,
	`name` text,
	`selector` text,
	`container` text,
	`fingerprint` text,
	`reason` text NOT NULL,
	`owner` text NOT NULL,
	`expires_at` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `exceptions_environment_idx` ON `exceptions` (`environment`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`fingerprint` text NOT NULL,
	`check_id` text NOT NULL,
	`title` text NOT NULL,
	`severity` text NOT NULL,
	`category` text NOT NULL,
	`status` text NOT NULL,
	`kind` text NOT NULL,
	`namespace` text,
	`name` text NOT NULL,
	`container` text,
	`message` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `findings_run_id_idx` ON `findings` (`run_id`);--> statement-breakpoint
CREATE INDEX `findings_fingerprint_idx` ON `findings` (`fingerprint`);--> statement-breakpoint
CREATE TABLE `runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment` text NOT NULL,
	`kind` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text NOT NULL,
	`status` text NOT NULL,
	`score` real,
	`summary` text NOT NULL,
	`source` text NOT NULL,
	`requested_by` text
);
--> statement-breakpoint
CREATE INDEX `runs_environment_started_idx` ON `runs` (`environment`,`started_at`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`environment` text NOT NULL,
	`kind` text NOT NULL,
	`cron` text NOT NULL,
	`timezone` text NOT NULL,
	`source` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
