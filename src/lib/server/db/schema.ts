/**
 * The data model for the whole of DOMAIN.md.
 *
 * Conventions: dates a person picks are 'YYYY-MM-DD' text (they are calendar dates in
 * Asia/Shanghai, never instants); instants are integer milliseconds since the epoch (UTC),
 * named `…At`. Every row a user edits carries `version` for optimistic concurrency.
 */
import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	real,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import type { Dimension, PaceSettings, Targets } from '../../domain/progress';
import type { MonthlyExtras } from '../../domain/statistics';
import type { ActivityFigures } from '../../domain/activity-figures';
import {
	ACTIVITY_KINDS,
	ACTIVITY_SETTINGS,
	FACILITY_TYPES,
	FIELDS,
	MECHANISM_KEYS,
	MECHANISM_STATUSES,
	PARTNER_TYPES,
	PILOT_LEVELS,
	PILOT_LIFECYCLES,
	ROLES
} from '../../domain/labels';
import { TARGET_KEYS } from '../../domain/targets';
import { ORG_KINDS, type OrgKind, type SizeSettings } from '../../domain/organisation';

const createdAt = () => integer('created_at').notNull();
const updatedAt = () => integer('updated_at').notNull();
const version = () => integer('version').notNull().default(1);

/** GB/T 2260 divisions: provinces, city-level units (incl. 济源) and county-level units. */
export const divisions = sqliteTable(
	'divisions',
	{
		code: text('code').primaryKey(),
		name: text('name').notNull(),
		level: text('level', { enum: ['province', 'city', 'county'] }).notNull(),
		parentCode: text('parent_code')
	},
	(t) => [index('divisions_parent_idx').on(t.parentCode)]
);


/** A programme round (试点批次): one call for pilots with its defaults. */
export const rounds = sqliteTable('rounds', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull(),
	year: integer('year').notNull(),
	provinceCode: text('province_code')
		.notNull()
		.references(() => divisions.code),
	cityTargets: text('city_targets', { mode: 'json' }).$type<Targets>().notNull(),
	countyTargets: text('county_targets', { mode: 'json' }).$type<Targets>().notNull(),
	paceSettings: text('pace_settings', { mode: 'json' }).$type<PaceSettings>().notNull(),
	plannedCityPilots: integer('planned_city_pilots').notNull(),
	plannedCountyPilots: integer('planned_county_pilots').notNull(),
	/** Subsidy per pilot in yuan. */
	citySubsidy: integer('city_subsidy').notNull(),
	countySubsidy: integer('county_subsidy').notNull(),
	/** 组织体系: members each kind of unit must reach (first batch, year end); null = the defaults of `002` */
	orgSizes: text('org_sizes', { mode: 'json' }).$type<SizeSettings>(),
	createdAt: createdAt(),
	updatedAt: updatedAt(),
	version: version()
});

/** Key-date windows (关键时间节点) of a round, per calendar year. */
export const keyDateWindows = sqliteTable(
	'key_date_windows',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		roundId: integer('round_id')
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		year: integer('year').notNull(),
		key: text('key').notNull(),
		name: text('name').notNull(),
		startDate: text('start_date').notNull(),
		endDate: text('end_date').notNull()
	},
	(t) => [uniqueIndex('key_date_windows_round_year_key').on(t.roundId, t.year, t.key)]
);

/** One unit's participation in a round. */
export const pilots = sqliteTable(
	'pilots',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		roundId: integer('round_id')
			.notNull()
			.references(() => rounds.id),
		divisionCode: text('division_code')
			.notNull()
			.references(() => divisions.code),
		level: text('level', { enum: PILOT_LEVELS }).notNull(),
		/** The unit's name as shown, e.g. "洛阳市科协". */
		name: text('name').notNull(),
		lifecycle: text('lifecycle', { enum: PILOT_LIFECYCLES }).notNull().default('applying'),
		/** 立项资助之日: the cycle starts here. Null while applying. */
		approvalDate: text('approval_date'),
		contactName: text('contact_name'),
		contactPhone: text('contact_phone'),
		/** 试点条件 with evidence text. */
		conditionLeadership: text('condition_leadership'),
		conditionFoundation: text('condition_foundation'),
		conditionWillingness: text('condition_willingness'),
		/** 经验总结: the closing report, required for `closing`. */
		closingSummary: text('closing_summary'),
		closingSummaryFileId: integer('closing_summary_file_id'),
		/** 验收: why the pilot was accepted with a target unmet on verified counts (required then). */
		acceptanceReason: text('acceptance_reason'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [
		uniqueIndex('pilots_round_division').on(t.roundId, t.divisionCode),
		index('pilots_division_idx').on(t.divisionCode)
	]
);

/** A province decision to raise or lower one pilot's target; the newest per key wins. */
export const targetOverrides = sqliteTable(
	'target_overrides',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		targetKey: text('target_key', { enum: TARGET_KEYS }).notNull(),
		value: integer('value').notNull(),
		previousValue: integer('previous_value').notNull(),
		reason: text('reason').notNull(),
		userId: integer('user_id').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [index('target_overrides_pilot_idx').on(t.pilotId, t.targetKey, t.createdAt)]
);

export const teams = sqliteTable(
	'teams',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		foundedOn: text('founded_on'),
		leaderName: text('leader_name'),
		leaderPhone: text('leader_phone'),
		/** Declared member count; once a roster exists the roster's size is used instead. */
		declaredMembers: integer('declared_members').notNull().default(0),
		rosterSize: integer('roster_size'),
		registered: integer('registered', { mode: 'boolean' }).notNull().default(false),
		registrationId: text('registration_id'),
		partnerType: text('partner_type', { enum: PARTNER_TYPES }).notNull().default('other'),
		partnerName: text('partner_name'),
		/** the volunteer organisation unit the team belongs to (issue 19); null when not attached */
		unitId: integer('unit_id').references(() => orgUnits.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [index('teams_pilot_idx').on(t.pilotId)]
);

/** A team's roster (花名册), imported from the registration forms' columns. */
export const teamMembers = sqliteTable(
	'team_members',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		teamId: integer('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		gender: text('gender'),
		organization: text('organization'),
		title: text('title'),
		specialty: text('specialty'),
		phone: text('phone'),
		/** HMAC-SHA256 (key: PERSON_KEY_SECRET or app_meta) of personKey(row): who the row is, matchable, not readable */
		personHash: text('person_hash'),
		/** the ID number's last four characters, for display as ************xxxx; the number itself is never stored */
		idLast4: text('id_last4'),
		createdAt: createdAt()
	},
	(t) => [index('team_members_team_idx').on(t.teamId), index('team_members_person_idx').on(t.personHash)]
);

export const projects = sqliteTable(
	'projects',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		field: text('field', { enum: FIELDS }).notNull(),
		description: text('description'),
		/** 实施开始日期 (nominations: a project must have run ≥ 1 year at a call's cut-off) */
		startDate: text('start_date'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [index('projects_pilot_idx').on(t.pilotId)]
);

export const activities = sqliteTable(
	'activities',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		projectId: integer('project_id').references(() => projects.id, { onDelete: 'set null' }),
		title: text('title').notNull(),
		date: text('date').notNull(),
		place: text('place'),
		kind: text('kind', { enum: ACTIVITY_KINDS }).notNull(),
		field: text('field', { enum: FIELDS }).notNull(),
		keyDate: text('key_date'),
		/** Key groups served (农村妇女, 青少年, 老年人, 困难群众), as keys. */
		keyGroups: text('key_groups', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
		/** 服务场景 (issue 19, activity cadence): where it took place; null when not given */
		setting: text('setting', { enum: ACTIVITY_SETTINGS }),
		volunteers: integer('volunteers').notNull().default(0),
		experts: integer('experts').notNull().default(0),
		served: integer('served').notNull().default(0),
		serviceHours: real('service_hours').notNull().default(0),
		description: text('description'),
		// 亮点活动 for the statistics form (004 附件3): the mark and the one thing the form needs
		// that the activity does not already hold (experts = experts, audience = served, content = description)
		highlight: integer('highlight', { mode: 'boolean' }).notNull().default(false),
		highlightEffect: text('highlight_effect'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [
		// covering for the summary's grouped figures: counting a round's activities reads the index only
		index('activities_pilot_date_figures_idx').on(t.pilotId, t.date, t.kind, t.field, t.served, t.serviceHours, t.volunteers),
		index('activities_project_idx').on(t.projectId)
	]
);

/** Organising teams of an activity. */
export const activityTeams = sqliteTable(
	'activity_teams',
	{
		activityId: integer('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		teamId: integer('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.activityId, t.teamId] }), index('activity_teams_team_idx').on(t.teamId)]
);

/** A service station; 有队伍 and 有项目 follow from the links, the other four 有 carry evidence. */
export const stations = sqliteTable(
	'stations',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		facilityType: text('facility_type', { enum: FACILITY_TYPES }).notNull(),
		address: text('address'),
		teamId: integer('team_id').references(() => teams.id, { onDelete: 'set null' }),
		projectId: integer('project_id').references(() => projects.id, { onDelete: 'set null' }),
		venue: integer('venue', { mode: 'boolean' }).notNull().default(false),
		venueNote: text('venue_note'),
		facilities: integer('facilities', { mode: 'boolean' }).notNull().default(false),
		facilitiesNote: text('facilities_note'),
		rules: integer('rules', { mode: 'boolean' }).notNull().default(false),
		rulesNote: text('rules_note'),
		signage: integer('signage', { mode: 'boolean' }).notNull().default(false),
		signageNote: text('signage_note'),
		/** 常住人口 of the community or village (nominations: volunteers ≥ 10% of residents) */
		residents: integer('residents'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [index('stations_pilot_idx').on(t.pilotId)]
);

/** The eight mechanisms (制度化保障); one row per pilot and key. */
export const mechanisms = sqliteTable(
	'mechanisms',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		key: text('key', { enum: MECHANISM_KEYS }).notNull(),
		status: text('status', { enum: MECHANISM_STATUSES })
			.notNull()
			.default('not_started'),
		/** The establishing document, e.g. "洛科协〔2025〕12号 关于…的办法". */
		document: text('document'),
		note: text('note'),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [uniqueIndex('mechanisms_pilot_key').on(t.pilotId, t.key)]
);

/** 宣传: exemplary cases and media reports sent to the province. */
export const publicity = sqliteTable(
	'publicity',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['case', 'media'] }).notNull(),
		title: text('title').notNull(),
		date: text('date').notNull(),
		outlet: text('outlet'),
		link: text('link'),
		/** what the case is about / the report says, in a few lines */
		note: text('note'),
		/** 报送: draft until the pilot sends it; then the province marks it received or adopted */
		status: text('status', { enum: ['draft', 'reported', 'received', 'adopted'] }).notNull().default('draft'),
		reportedAt: integer('reported_at'),
		reportedBy: integer('reported_by').references(() => users.id, { onDelete: 'set null' }),
		acknowledgedAt: integer('acknowledged_at'),
		acknowledgedBy: integer('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [index('publicity_pilot_idx').on(t.pilotId)]
);

/** Evidence files; stored by content hash, always tied to one pilot for authorisation. */
export const files = sqliteTable(
	'files',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		entityType: text('entity_type').notNull(),
		entityId: integer('entity_id').notNull(),
		/** Which requirement the file proves, e.g. 'signage' for a station's 有标识. */
		purpose: text('purpose').notNull(),
		sha256: text('sha256').notNull(),
		mime: text('mime').notNull(),
		size: integer('size').notNull(),
		originalName: text('original_name').notNull(),
		uploadedBy: integer('uploaded_by').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [
		index('files_entity_idx').on(t.entityType, t.entityId),
		index('files_pilot_idx').on(t.pilotId)
	]
);

export const users = sqliteTable('users', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	username: text('username').notNull().unique(),
	displayName: text('display_name').notNull(),
	role: text('role', { enum: ROLES }).notNull(),
	/** Set only for pilot_editor: the one pilot this account may read and edit. */
	pilotId: integer('pilot_id').references(() => pilots.id),
	/** Set only for unit_officer: the organisation unit whose subtree this account may read and edit. */
	unitId: integer('unit_id').references(() => orgUnits.id),
	passwordHash: text('password_hash').notNull(),
	mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
	disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
	createdAt: createdAt(),
	updatedAt: updatedAt(),
	version: version()
});

/** Sessions as Lucia's guide teaches: the token is `id.secret`; only SHA-256(secret) is kept. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		secretHash: text('secret_hash').notNull(),
		createdAt: createdAt(),
		lastVerifiedAt: integer('last_verified_at').notNull(),
		ip: text('ip'),
		userAgent: text('user_agent')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** One row per pilot and day: the claimed counts that day, for the progress-over-time chart. */
export const progressSnapshots = sqliteTable(
	'progress_snapshots',
	{
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		date: text('date').notNull(),
		teams: integer('teams').notNull(),
		projects: integer('projects').notNull(),
		activities: integer('activities').notNull(),
		stations: integer('stations').notNull(),
		mechanisms: integer('mechanisms').notNull(),
		overall: real('overall').notNull()
	},
	(t) => [primaryKey({ columns: [t.pilotId, t.date] })]
);

/**
 * Each pilot's counted and verified figures as of one day, kept so that lists of many pilots
 * never load item rows. `stamp` goes up with every audited write about the pilot (in the write's
 * own transaction); a tally computed from older data is only stored while the stamp it read is
 * still current, so a stale figure can never overwrite a fresh one.
 */
export const pilotTallies = sqliteTable('pilot_tallies', {
	pilotId: integer('pilot_id')
		.primaryKey()
		.references(() => pilots.id, { onDelete: 'cascade' }),
	stamp: integer('stamp').notNull().default(0),
	/** the day the figures count as of; null once a write made them stale */
	day: text('day'),
	actual: text('actual', { mode: 'json' }).$type<Record<Dimension, number>>(),
	verified: text('verified', { mode: 'json' }).$type<Record<Dimension, number>>(),
	/** issue 17: the counted activities by month, kind and field, for the summary (recounted with the tally) */
	activityFigures: text('activity_figures', { mode: 'json' }).$type<ActivityFigures>()
});

/** 核实: one verdict on one requirement of one item, tied to the item's version it judged. */
export const reviews = sqliteTable(
	'reviews',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		entityType: text('entity_type', { enum: ['team', 'project', 'activity', 'station', 'mechanism'] }).notNull(),
		entityId: integer('entity_id').notNull(),
		requirement: text('requirement').notNull(),
		verdict: text('verdict', { enum: ['verified', 'returned'] }).notNull(),
		reason: text('reason'),
		itemVersion: integer('item_version').notNull(),
		reviewerId: integer('reviewer_id').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [index('reviews_pilot_entity_idx').on(t.pilotId, t.entityType, t.entityId)]
);

/** 督办: a reminder the province sends a pilot, with a due date; kept for good once closed. */
export const reminders = sqliteTable(
	'reminders',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		message: text('message').notNull(),
		dueDate: text('due_date').notNull(),
		status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: createdAt(),
		closedBy: integer('closed_by').references(() => users.id),
		closedAt: integer('closed_at'),
		version: version()
	},
	(t) => [index('reminders_pilot_status_idx').on(t.pilotId, t.status)]
);

/** The conversation under a reminder: the pilot's replies and the province's answers. */
export const reminderReplies = sqliteTable(
	'reminder_replies',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		reminderId: integer('reminder_id')
			.notNull()
			.references(() => reminders.id, { onDelete: 'cascade' }),
		userId: integer('user_id').references(() => users.id),
		message: text('message').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('reminder_replies_reminder_idx').on(t.reminderId)]
);

/**
 * 月报: one pilot's report for one calendar month. The figures are taken from the pilot's own
 * data when it submits (again on every resubmission); the unit writes the narrative. The first
 * submission's Beijing date decides whether the report came on time, so a return and resubmit
 * never turns an on-time report into a late one.
 */
export const monthlyReports = sqliteTable(
	'monthly_reports',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		/** 'YYYY-MM' */
		month: text('month').notNull(),
		status: text('status', { enum: ['submitted', 'returned', 'accepted'] }).notNull(),
		/** JSON of MonthlyFigures as counted at the latest submission. */
		figures: text('figures', { mode: 'json' }).notNull(),
		narrative: text('narrative').notNull(),
		highlights: text('highlights'),
		/** JSON of MonthlyExtras (domain/statistics.ts): the statistics form's figures the unit states; null before they were asked. */
		extras: text('extras', { mode: 'json' }).$type<MonthlyExtras>(),
		/** Beijing calendar date of the first submission. */
		firstSubmittedOn: text('first_submitted_on').notNull(),
		submittedAt: integer('submitted_at').notNull(),
		submittedBy: integer('submitted_by').references(() => users.id),
		reviewedAt: integer('reviewed_at'),
		reviewedBy: integer('reviewed_by').references(() => users.id),
		reviewComment: text('review_comment'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [
		uniqueIndex('monthly_reports_pilot_month').on(t.pilotId, t.month),
		index('monthly_reports_status_idx').on(t.status)
	]
);

/**
 * Login throttling per account and per client address, kept in the database so every app
 * instance behind a load balancer sees the same counts. Keys: `user:<name>` and `ip:<address>`.
 */
export const loginThrottle = sqliteTable('login_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	lockedUntil: integer('locked_until').notNull(),
	updatedAt: integer('updated_at').notNull()
});

/**
 * Append-only audit log, written in the same transaction as the change it records.
 * A trigger (migration 0001) rejects UPDATE and DELETE.
 */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at').notNull(),
		userId: integer('user_id'),
		username: text('username'),
		role: text('role'),
		pilotId: integer('pilot_id'),
		ip: text('ip'),
		action: text('action').notNull(),
		entityType: text('entity_type').notNull(),
		entityId: text('entity_id'),
		before: text('before', { mode: 'json' }),
		after: text('after', { mode: 'json' })
	},
	(t) => [
		index('audit_log_pilot_at_idx').on(t.pilotId, t.at),
		index('audit_log_entity_idx').on(t.entityType, t.entityId),
		index('audit_log_at_idx').on(t.at)
	]
);

/** Facts about this database, e.g. `demo` = '1' once the demo data is loaded. */
export const appMeta = sqliteTable('app_meta', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});

export type Pilot = typeof pilots.$inferSelect;
export type Activity = typeof activities.$inferSelect;
export type Mechanism = typeof mechanisms.$inferSelect;
export type User = typeof users.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;

/**
 * 回收站: a deleted team, project, activity, station or evidence file, moved here whole with what
 * pointed at it, so nothing deleted is counted anywhere and a restore puts back exactly what was
 * there. Kept 30 days, then purged.
 */
export const recycleBin = sqliteTable(
	'recycle_bin',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		entityType: text('entity_type', { enum: ['team', 'project', 'activity', 'station', 'file', 'publicity', 'culture'] }).notNull(),
		entityId: integer('entity_id').notNull(),
		/** the name a person knew it by */
		label: text('label').notNull(),
		/** the row and the rows that pointed at it, as they were */
		payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		deletedBy: integer('deleted_by').references(() => users.id, { onDelete: 'set null' }),
		deletedAt: integer('deleted_at').notNull(),
		purgeAfter: integer('purge_after').notNull()
	},
	(t) => [index('recycle_bin_pilot_idx').on(t.pilotId, t.deletedAt), index('recycle_bin_purge_idx').on(t.purgeAfter)]
);

/** A create's form token: a form sent twice (a double click, a resent POST) makes one row. */
export const formTokens = sqliteTable('form_tokens', {
	token: text('token').primaryKey(),
	userId: integer('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	/** what the first submit made, given back to the repeats */
	result: text('result', { mode: 'json' }),
	createdAt: integer('created_at').notNull()
});

/** A file that came with a refused submit, kept so the person need not choose it again. */
export const stagedFiles = sqliteTable('staged_files', {
	token: text('token').primaryKey(),
	userId: integer('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	sha256: text('sha256').notNull(),
	kind: text('kind').notNull(),
	name: text('name').notNull(),
	createdAt: integer('created_at').notNull()
});

// ── roster imports (issue 18) ────────────────────────────────────────────────
/** A person as a roster import's change list shows them: never a readable ID number. */
export interface RosterChangePerson {
	name: string;
	unit: string | null;
	/** the masked ID (**************1234) or '' */
	maskedId: string;
}

/** Each roster import of a team: who it added and who it removed, against the roster it replaced. */
export const rosterImports = sqliteTable(
	'roster_imports',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		teamId: integer('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
		/** distinct people on the roster after the import */
		total: integer('total').notNull(),
		added: text('added', { mode: 'json' }).$type<RosterChangePerson[]>().notNull(),
		removed: text('removed', { mode: 'json' }).$type<RosterChangePerson[]>().notNull(),
		createdAt: createdAt()
	},
	(t) => [index('roster_imports_team_idx').on(t.teamId, t.createdAt)]
);

// ── people's service: who took part in an activity, and the 志愿服务记录证明 register ──────────

/**
 * Who took part in an activity, with the hours each is credited: picked from the pilot's rosters
 * or read from a 签到表. `person_hash` is the same keyed hash of personKey as on rosters, so a
 * person's hours follow them across activities; people on no roster get theirs from the sheet.
 */
export const activityParticipants = sqliteTable(
	'activity_participants',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		activityId: integer('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		personHash: text('person_hash').notNull(),
		name: text('name').notNull(),
		/** the ID number's last four characters, for display as ************xxxx */
		idLast4: text('id_last4'),
		organization: text('organization'),
		hours: real('hours').notNull(),
		/** 'roster' when picked from a roster, 'sheet' when read from a 签到表 */
		source: text('source', { enum: ['roster', 'sheet'] }).notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('activity_participants_activity_person').on(t.activityId, t.personHash), index('activity_participants_person_idx').on(t.personHash)]
);

/**
 * 志愿服务记录证明 (民发〔2015〕149号): one register for the province. What a certificate states is
 * stored as it was issued (name, masked ID, hours, service content, activities), never recomputed;
 * numbers are never reused (certificate_serials keeps each year's last serial, and nothing deletes
 * a certificate).
 */
export const certificates = sqliteTable(
	'certificates',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id),
		number: text('number').notNull(),
		year: integer('year').notNull(),
		serial: integer('serial').notNull(),
		personHash: text('person_hash').notNull(),
		name: text('name').notNull(),
		idLast4: text('id_last4'),
		periodStart: text('period_start').notNull(),
		periodEnd: text('period_end').notNull(),
		hours: real('hours').notNull(),
		activityCount: integer('activity_count').notNull(),
		/** the service content as stated on the certificate */
		content: text('content').notNull(),
		/** each activity counted: date, title, hours — as they stood at issue */
		records: text('records', { mode: 'json' }).$type<{ date: string; title: string; hours: number }[]>().notNull(),
		organisation: text('organisation').notNull(),
		/** 负责人 */
		principal: text('principal').notNull(),
		/** 经办人 */
		handler: text('handler').notNull(),
		issuedOn: text('issued_on').notNull(),
		issuedBy: integer('issued_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('certificates_number').on(t.number),
		uniqueIndex('certificates_year_serial').on(t.year, t.serial),
		index('certificates_pilot_person_idx').on(t.pilotId, t.personHash)
	]
);

/** The last certificate serial given out in each year. */
export const certificateSerials = sqliteTable('certificate_serials', {
	year: integer('year').primaryKey(),
	last: integer('last').notNull()
});

/**
 * 站点文化 (scheme 四（三）): the 文艺作品, 文创产品 and 公益广告 a station produced, to spread
 * volunteer culture through it. A file (photo or document) may be attached as `files` rows of
 * entity type 'culture'.
 */
export const stationWorks = sqliteTable(
	'station_works',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pilotId: integer('pilot_id')
			.notNull()
			.references(() => pilots.id, { onDelete: 'cascade' }),
		stationId: integer('station_id')
			.notNull()
			.references(() => stations.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['artwork', 'creative_product', 'psa'] }).notNull(),
		title: text('title').notNull(),
		date: text('date').notNull(),
		link: text('link'),
		note: text('note'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [index('station_works_pilot_idx').on(t.pilotId), index('station_works_station_idx').on(t.stationId)]
);

/* ---- The province's volunteer organisation (issue 19): units, their place in the tree over time,
 * officers, dated obligations and their 督办. ---- */

/** A unit of the volunteer organisation: the 总队, a 支队, a county 队 or a 分队. */
export const orgUnits = sqliteTable(
	'org_units',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind', { enum: ORG_KINDS }).notNull(),
		name: text('name').notNull(),
		/** the city or county it serves (GB/T 2260), for city 支队 and county 队; null for the others */
		divisionCode: text('division_code').references(() => divisions.code),
		foundedOn: text('founded_on'),
		/** registration id on the 科技志愿服务信息平台; null until registered */
		platformId: text('platform_id'),
		/** Beijing date it was removed; a removed unit stays for figures as of earlier dates */
		removedOn: text('removed_on'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [index('org_units_kind_idx').on(t.kind), index('org_units_division_idx').on(t.divisionCode)]
);

/**
 * Where a unit sat in the tree and when: a unit is under `parentId` from `validFrom` up to the day
 * before `validTo` (null: still). Moving closes one row and opens another, so the tree of any
 * earlier day can be read back.
 */
export const orgUnitParents = sqliteTable(
	'org_unit_parents',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'cascade' }),
		parentId: integer('parent_id').references(() => orgUnits.id),
		validFrom: text('valid_from').notNull(),
		validTo: text('valid_to')
	},
	(t) => [index('org_unit_parents_unit_idx').on(t.unitId, t.validFrom), index('org_unit_parents_parent_idx').on(t.parentId)]
);

export const ORG_OFFICER_ROLES = ['head', 'deputy', 'secretary_general', 'deputy_secretary'] as const;

/** A unit's officers: its head (队长/支队长/总队长), deputies, 秘书长 and 副秘书长. */
export const orgOfficers = sqliteTable(
	'org_officers',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'cascade' }),
		role: text('role', { enum: ORG_OFFICER_ROLES }).notNull(),
		name: text('name').notNull(),
		/** where the officer works (单位及职务) */
		workUnit: text('work_unit'),
		phone: text('phone'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [index('org_officers_unit_idx').on(t.unitId)]
);

/** A dated obligation the province sets for kinds of unit (平台注册 by 4月20日, …). */
export const orgDeadlines = sqliteTable('org_deadlines', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	title: text('title').notNull(),
	dueDate: text('due_date').notNull(),
	kinds: text('kinds', { mode: 'json' }).$type<OrgKind[]>().notNull(),
	createdAt: createdAt(),
	updatedAt: updatedAt(),
	version: version()
});

/** One unit's obligation done: on which day, with a note or a document (stored by hash). */
export const orgDeadlineDone = sqliteTable(
	'org_deadline_done',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		deadlineId: integer('deadline_id')
			.notNull()
			.references(() => orgDeadlines.id, { onDelete: 'cascade' }),
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'cascade' }),
		doneOn: text('done_on').notNull(),
		note: text('note'),
		fileSha256: text('file_sha256'),
		fileMime: text('file_mime'),
		fileName: text('file_name'),
		doneBy: integer('done_by').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('org_deadline_done_unit').on(t.deadlineId, t.unitId)]
);

/** 督办 sent to a unit about an overdue obligation; it is settled when the obligation is done. */
export const orgReminders = sqliteTable(
	'org_reminders',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'cascade' }),
		deadlineId: integer('deadline_id').references(() => orgDeadlines.id, { onDelete: 'set null' }),
		message: text('message').notNull(),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [index('org_reminders_unit_idx').on(t.unitId)]
);

export type OrgUnit = typeof orgUnits.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Nominations of exemplary cases (典型事迹, seeds 000/001; DOMAIN.md "Nominations"). Own block.
// ---------------------------------------------------------------------------------------------

export const NOMINATION_CATEGORY_KEYS = ['volunteer', 'team', 'project', 'station'] as const;
export const NOMINATION_UNIT_KINDS = ['city', 'society', 'department'] as const;
export const NOMINATION_STAGES = ['open', 'review', 'publicity', 'published'] as const;

/** A nominating unit (推荐单位): a city 科协 (by GB/T 2260 code), a provincial 学会 or department. */
export const nominationUnits = sqliteTable('nomination_units', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	/** the division code for a city; a short stable code for the others */
	code: text('code').notNull().unique(),
	name: text('name').notNull(),
	kind: text('kind', { enum: NOMINATION_UNIT_KINDS }).notNull(),
	divisionCode: text('division_code').references(() => divisions.code),
	createdAt: createdAt()
});

/** A call (征集). Per category: how many are selected and how many places are shared as quotas. */
export const nominationCalls = sqliteTable('nomination_calls', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull(),
	year: integer('year').notNull(),
	/** Record<category, { select, places }>; a category absent is not in this call */
	categories: text('categories', { mode: 'json' }).$type<Record<string, { select: number; places: number }>>().notNull(),
	cutoffDate: text('cutoff_date').notNull(),
	deadline: text('deadline').notNull(),
	/** CallRules without the cut-off (the thresholds) */
	rules: text('rules', { mode: 'json' }).$type<Record<string, number>>().notNull(),
	quotaMinimum: integer('quota_minimum').notNull().default(1),
	/** the weighted criteria reviewers score, [{ name, weight }] */
	criteria: text('criteria', { mode: 'json' }).$type<{ name: string; weight: number }[]>().notNull(),
	hideUnitFromReviewers: integer('hide_unit_from_reviewers', { mode: 'boolean' }).notNull().default(false),
	stage: text('stage', { enum: NOMINATION_STAGES }).notNull().default('open'),
	publicityStart: text('publicity_start'),
	publicityEnd: text('publicity_end'),
	publishedAt: integer('published_at'),
	createdAt: createdAt(),
	updatedAt: updatedAt(),
	version: version()
});

/** Which units nominate in a call, and (学会, departments) the two categories each chose. */
export const nominationCallUnits = sqliteTable(
	'nomination_call_units',
	{
		callId: integer('call_id')
			.notNull()
			.references(() => nominationCalls.id, { onDelete: 'cascade' }),
		unitId: integer('unit_id')
			.notNull()
			.references(() => nominationUnits.id),
		/** categories this unit nominates in; null until a 学会 or department chooses */
		categories: text('categories', { mode: 'json' }).$type<string[]>()
	},
	(t) => [primaryKey({ columns: [t.callId, t.unitId] })]
);

/** Quotas frozen at the cut-off: the basis and the allocation as computed, and any adjustment. */
export const nominationQuotas = sqliteTable(
	'nomination_quotas',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		callId: integer('call_id')
			.notNull()
			.references(() => nominationCalls.id, { onDelete: 'cascade' }),
		unitId: integer('unit_id')
			.notNull()
			.references(() => nominationUnits.id),
		category: text('category', { enum: NOMINATION_CATEGORY_KEYS }).notNull(),
		/** volunteers with ≥ 6 activities and teams with ≥ 5, as of the cut-off */
		volunteers: integer('volunteers').notNull(),
		teams: integer('teams').notNull(),
		basis: integer('basis').notNull(),
		computed: integer('computed').notNull(),
		/** the quota in force: computed, or an administrator's adjustment */
		quota: integer('quota').notNull(),
		adjustReason: text('adjust_reason'),
		adjustedBy: integer('adjusted_by').references(() => users.id),
		adjustedAt: integer('adjusted_at'),
		frozenAt: integer('frozen_at').notNull()
	},
	(t) => [uniqueIndex('nomination_quotas_call_unit_cat').on(t.callId, t.unitId, t.category)]
);

/** A 推荐单位 account's unit; a reviewer's own city and unit (for conflict flags). */
export const nominationAccounts = sqliteTable('nomination_accounts', {
	userId: integer('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	unitId: integer('unit_id').references(() => nominationUnits.id),
	/** a reviewer's city (GB/T 2260), for the same-city flag */
	divisionCode: text('division_code')
});

/** A nomination: a candidate from the data, its figures as of the cut-off, and what people write. */
export const nominations = sqliteTable(
	'nominations',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		callId: integer('call_id')
			.notNull()
			.references(() => nominationCalls.id, { onDelete: 'cascade' }),
		unitId: integer('unit_id')
			.notNull()
			.references(() => nominationUnits.id),
		category: text('category', { enum: NOMINATION_CATEGORY_KEYS }).notNull(),
		/** who: `person:<hash>`, `team:<id>`, `project:<id>`, `station:<id>`: winners are excluded by it */
		candidateKey: text('candidate_key').notNull(),
		candidateName: text('candidate_name').notNull(),
		/** the city (GB/T 2260) the candidate's data belong to */
		divisionCode: text('division_code'),
		/** the figures the forms print, from the data as of the cut-off */
		figures: text('figures', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		eligible: integer('eligible', { mode: 'boolean' }).notNull(),
		reasons: text('reasons', { mode: 'json' }).$type<string[]>().notNull(),
		/** why an ineligible candidate is nominated anyway */
		exceptionReason: text('exception_reason'),
		/** what only people can write: the form's own fields and 主要事迹 */
		details: text('details', { mode: 'json' }).$type<Record<string, string | null>>().notNull(),
		deeds: text('deeds'),
		status: text('status', { enum: ['draft', 'submitted'] }).notNull().default('draft'),
		/** the province's decision after review */
		selected: integer('selected', { mode: 'boolean' }).notNull().default(false),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		version: version()
	},
	(t) => [index('nominations_call_unit_idx').on(t.callId, t.unitId), index('nominations_candidate_idx').on(t.candidateKey)]
);

/** Photos and the stamped scan of a nomination (bytes in the object store by SHA-256). */
export const nominationFiles = sqliteTable(
	'nomination_files',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		nominationId: integer('nomination_id')
			.notNull()
			.references(() => nominations.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: ['photo', 'scan'] }).notNull(),
		sha256: text('sha256').notNull(),
		mime: text('mime').notNull(),
		size: integer('size').notNull(),
		originalName: text('original_name').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('nomination_files_idx').on(t.nominationId)]
);

/** An expert's assignment to a nomination, scores per criterion, or a declared conflict. */
export const nominationReviews = sqliteTable(
	'nomination_reviews',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		nominationId: integer('nomination_id')
			.notNull()
			.references(() => nominations.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		/** one score 0–100 per criterion, in the call's order; null until scored */
		scores: text('scores', { mode: 'json' }).$type<number[]>(),
		/** the expert declared a conflict of interest: never shown the nomination again */
		conflict: text('conflict'),
		scoredAt: integer('scored_at'),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('nomination_reviews_pair').on(t.nominationId, t.userId), index('nomination_reviews_user_idx').on(t.userId)]
);

/** An objection during 公示: who, how to reach them, what; and how it was resolved. */
export const nominationObjections = sqliteTable('nomination_objections', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	callId: integer('call_id')
		.notNull()
		.references(() => nominationCalls.id, { onDelete: 'cascade' }),
	nominationId: integer('nomination_id').references(() => nominations.id, { onDelete: 'set null' }),
	who: text('who').notNull(),
	contact: text('contact').notNull(),
	what: text('what').notNull(),
	receivedOn: text('received_on').notNull(),
	resolution: text('resolution'),
	resolvedAt: integer('resolved_at'),
	createdAt: createdAt()
});

// ---------------------------------------------------------------------------------------------
// 组织体系回收站 (issue 19): removed units, officers and obligations, restorable for 30 days. Own block.
// ---------------------------------------------------------------------------------------------

export const ORG_BIN_KINDS = ['org_unit', 'org_officer', 'org_deadline', 'org_deadline_done'] as const;

/**
 * The organisation's own recycle bin (the pilots' bin is per pilot): a removed unit (kept in
 * `org_units` with `removed_on` for earlier figures; the entry says where it sat), a removed officer
 * or obligation (their rows, and an obligation's completions, moved whole into the payload).
 */
export const orgRecycleBin = sqliteTable(
	'org_recycle_bin',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind', { enum: ORG_BIN_KINDS }).notNull(),
		entityId: integer('entity_id').notNull(),
		/** whose edit right restores it: an officer's unit, a removed unit's parent; null: administrators only */
		scopeUnitId: integer('scope_unit_id').references(() => orgUnits.id),
		label: text('label').notNull(),
		payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		deletedBy: integer('deleted_by').references(() => users.id, { onDelete: 'set null' }),
		deletedAt: integer('deleted_at').notNull(),
		purgeAfter: integer('purge_after').notNull()
	},
	(t) => [index('org_recycle_bin_deleted_idx').on(t.deletedAt), index('org_recycle_bin_purge_idx').on(t.purgeAfter)]
);
