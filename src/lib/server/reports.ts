/**
 * 月报: a running pilot reports each month's work; the province accepts it or returns it with a
 * comment; a returned report is resubmitted. The figures are counted from the pilot's own data at
 * submission, so nobody retypes what the system already knows. Every step is one audited write.
 */
import { and, asc, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { db } from './db';
import { amongIds, selectRows } from './db/json-rows';
import { activities, monthlyReports, pilots, users } from './db/schema';
import { write, type Actor } from './audit';
import { now } from './clock';
import { ConflictError, VersionMissingError, FieldError, NotFoundError } from './errors';
import type { LoadedPilot } from './pilots/pilot';
import type { Dimension } from '../domain/progress';
import { DIMENSIONS, type PilotLifecycle } from '../domain/labels';
import {
	firstDayOf,
	lastDayOf,
	reportDueDate,
	reportableMonths,
	reportingCompleteness,
	sumCompleteness,
	type ReportingCompleteness,
	type ReportStatus
} from '../domain/reporting';
import type { CycleRange } from '../domain/counting';
import { canSubmitReports, monthsToWrite, owesReports } from '../domain/reporting';
import { EXTRA_COUNTS, EXTRA_FLAGS, NO_EXTRAS, type MonthlyExtras, type ReportExtras } from '../domain/statistics';

import * as orgReport from './organisation/report';
import type { OrganisationMonth } from '../domain/org-report';
import { compareChinese } from '../domain/text';

export { monthsToWrite, owesReports };

/** What a report states about its month, and where the pilot stood when it was sent. */
export interface MonthlyFigures {
	activities: number;
	volunteers: number;
	experts: number;
	served: number;
	serviceHours: number;
	onKeyDates: number;
	forKeyGroups: number;
	/** counted toward each target, as of the submission */
	cumulative: Record<Dimension, number>;
	targets: Record<Dimension, number>;
	/** 队伍组建及注册情况 (issue 19; absent from reports sent before it was counted) */
	organisation?: OrganisationMonth;
}

/** The month's activities held inside the cycle (the ones that count), summed in one query. */
export async function monthlyFigures(pilot: LoadedPilot, month: string, today: string): Promise<MonthlyFigures> {
	if (!pilot.cycle || !pilot.counted) throw new FieldError('month', '试点尚未立项，无需报送月报');
	const from = [firstDayOf(month), pilot.cycle.startDate].sort().at(-1)!;
	const to = [lastDayOf(month), pilot.cycle.endDate, today].sort()[0];
	const [row] = await db
		.select({
			activities: sql<number>`count(*)`,
			volunteers: sql<number>`coalesce(sum(${activities.volunteers}), 0)`,
			experts: sql<number>`coalesce(sum(${activities.experts}), 0)`,
			served: sql<number>`coalesce(sum(${activities.served}), 0)`,
			serviceHours: sql<number>`coalesce(sum(${activities.serviceHours}), 0)`,
			onKeyDates: sql<number>`coalesce(sum(${activities.keyDate} is not null), 0)`,
			forKeyGroups: sql<number>`coalesce(sum(${activities.keyGroups} <> '[]'), 0)`
		})
		.from(activities)
		.where(and(eq(activities.pilotId, pilot.id), sql`${activities.date} between ${from} and ${to}`));
	const counted = pilot.counted.actual;
	return {
		activities: Number(row.activities),
		volunteers: Number(row.volunteers),
		experts: Number(row.experts),
		served: Number(row.served),
		serviceHours: Math.round(Number(row.serviceHours) * 10) / 10,
		onKeyDates: Number(row.onKeyDates),
		forKeyGroups: Number(row.forKeyGroups),
		cumulative: Object.fromEntries(DIMENSIONS.map((d) => [d, counted[d]])) as Record<Dimension, number>,
		targets: Object.fromEntries(DIMENSIONS.map((d) => [d, pilot.targets[d]])) as Record<Dimension, number>,
		organisation: await orgReport.monthOf(pilot, month)
	};
}

const submitters = alias(users, 'submitters');
const reviewers = alias(users, 'reviewers');

export async function reportsOf(pilotId: number) {
	const rows = await db
		.select({
			r: monthlyReports,
			submitter: submitters.displayName,
			reviewer: reviewers.displayName
		})
		.from(monthlyReports)
		.leftJoin(submitters, eq(submitters.id, monthlyReports.submittedBy))
		.leftJoin(reviewers, eq(reviewers.id, monthlyReports.reviewedBy))
		.where(eq(monthlyReports.pilotId, pilotId))
		.orderBy(desc(monthlyReports.month));
	return rows.map(({ r, submitter, reviewer }) => ({
		id: r.id,
		month: r.month,
		status: r.status as ReportStatus,
		figures: r.figures as MonthlyFigures,
		narrative: r.narrative,
		highlights: r.highlights,
		extras: r.extras ?? null,
		firstSubmittedOn: r.firstSubmittedOn,
		submittedAt: r.submittedAt,
		submitter,
		reviewedAt: r.reviewedAt,
		reviewer,
		reviewComment: r.reviewComment,
		version: r.version
	}));
}

export type MonthlyReport = Awaited<ReturnType<typeof reportsOf>>[number];

export interface ReportInput {
	month: string;
	narrative: string;
	highlights: string | null;
	/** the statistics form's figures the unit states (004 附件3) */
	extras: MonthlyExtras;
	/** the version the editor saw, when resubmitting a returned report */
	version: number | null;
}

/** The stated figures out of a parsed form (or anything carrying them), in their fixed order. */
export function extrasFrom(input: MonthlyExtras): MonthlyExtras {
	return {
		...(Object.fromEntries(EXTRA_COUNTS.map((k) => [k, input[k]])) as Pick<MonthlyExtras, (typeof EXTRA_COUNTS)[number]>),
		...(Object.fromEntries(EXTRA_FLAGS.map((k) => [k, input[k]])) as Pick<MonthlyExtras, (typeof EXTRA_FLAGS)[number]>)
	};
}

/** Each pilot's reports with their stated figures, for summing over a period; not those returned for correction. */
export async function extrasOf(pilotIds: readonly number[]): Promise<Map<number, ReportExtras[]>> {
	const result = new Map<number, ReportExtras[]>(pilotIds.map((id) => [id, []]));
	if (!pilotIds.length) return result;
	const rows = await db
		.select({ pilotId: monthlyReports.pilotId, month: monthlyReports.month, extras: monthlyReports.extras })
		.from(monthlyReports)
		// a report returned for correction states figures the province has not accepted
		.where(and(inArray(monthlyReports.pilotId, [...pilotIds]), ne(monthlyReports.status, 'returned')));
	for (const r of rows) result.get(r.pilotId)?.push({ month: r.month, extras: r.extras ?? null });
	return result;
}

/**
 * What a new report's form starts from: nothing done, and the 信息员 team as last reported before
 * `month` (a March filled in late starts from February's team, not from October's).
 */
export async function extrasToStart(pilotId: number, month: string): Promise<MonthlyExtras> {
	const [last] = await db
		.select({ extras: monthlyReports.extras })
		.from(monthlyReports)
		.where(and(eq(monthlyReports.pilotId, pilotId), lt(monthlyReports.month, month), sql`${monthlyReports.extras} is not null`))
		.orderBy(desc(monthlyReports.month))
		.limit(1);
	return { ...NO_EXTRAS, infoOfficers: last?.extras?.infoOfficers ?? 0 };
}

export async function submitReport(actor: Actor, pilot: LoadedPilot, input: ReportInput, today: string) {
	if (!pilot.cycle || !canSubmitReports(pilot.lifecycle)) throw new FieldError('month', '本试点当前不在试点周期内，无需报送月报');
	if (!reportableMonths(pilot.cycle, today).includes(input.month)) {
		throw new FieldError('month', '只能报送试点周期内、已经结束的月份');
	}
	const figures = await monthlyFigures(pilot, input.month, today);
	const extras = extrasFrom(input.extras);
	return write(actor, async (tx, record) => {
		const [existing] = await tx
			.select()
			.from(monthlyReports)
			.where(and(eq(monthlyReports.pilotId, pilot.id), eq(monthlyReports.month, input.month)));
		const at = now();
		if (!existing) {
			const [row] = await tx
				.insert(monthlyReports)
				.values({
					pilotId: pilot.id,
					month: input.month,
					status: 'submitted',
					figures,
					narrative: input.narrative,
					highlights: input.highlights,
					extras,
					firstSubmittedOn: today,
					submittedAt: at,
					submittedBy: actor.userId,
					createdAt: at,
					updatedAt: at
				})
				.returning({ id: monthlyReports.id });
			await record({ action: 'report.submit', entityType: 'report', entityId: row.id, pilotId: pilot.id, after: { month: input.month, narrative: input.narrative, highlights: input.highlights, figures, extras } });
			return row.id;
		}
		if (existing.status !== 'returned') throw new ConflictError('该月月报已报送，无需重复报送');
		if (input.version === null) throw new VersionMissingError();
		if (input.version !== existing.version) throw new ConflictError();
		await tx
			.update(monthlyReports)
			.set({ status: 'submitted', figures, narrative: input.narrative, highlights: input.highlights, extras, submittedAt: at, submittedBy: actor.userId, updatedAt: at, version: existing.version + 1 })
			.where(and(eq(monthlyReports.id, existing.id), eq(monthlyReports.version, existing.version)));
		await record({
			action: 'report.resubmit',
			entityType: 'report',
			entityId: existing.id,
			pilotId: pilot.id,
			before: { narrative: existing.narrative, highlights: existing.highlights, status: existing.status, extras: existing.extras },
			after: { narrative: input.narrative, highlights: input.highlights, status: 'submitted', figures, extras }
		});
		return existing.id;
	});
}

export interface ReviewInput {
	reportId: number;
	decision: 'accept' | 'return';
	comment: string | null;
	version: number;
}

export async function reviewReport(actor: Actor, pilotId: number, input: ReviewInput) {
	if (input.decision === 'return' && !input.comment) throw new FieldError('comment', '退回时请写明需要修改的地方');
	return write(actor, async (tx, record) => {
		const [row] = await tx
			.select()
			.from(monthlyReports)
			.where(and(eq(monthlyReports.id, input.reportId), eq(monthlyReports.pilotId, pilotId)));
		if (!row) throw new NotFoundError();
		if (row.status !== 'submitted' || row.version !== input.version) {
			throw new ConflictError('这份月报已被他人审核或已重新报送，请刷新页面查看最新内容。');
		}
		const status: ReportStatus = input.decision === 'accept' ? 'accepted' : 'returned';
		await tx
			.update(monthlyReports)
			.set({ status, reviewedAt: now(), reviewedBy: actor.userId, reviewComment: input.comment, updatedAt: now(), version: row.version + 1 })
			.where(eq(monthlyReports.id, row.id));
		await record({
			action: input.decision === 'accept' ? 'report.accept' : 'report.return',
			entityType: 'report',
			entityId: row.id,
			pilotId,
			before: { status: row.status },
			after: { status, comment: input.comment }
		});
	});
}

export interface ReportingPilot {
	id: number;
	lifecycle: PilotLifecycle;
	cycle: CycleRange | null;
}

/** Each reporting pilot's completeness, from one query over all their reports. */
export async function completenessOf(list: readonly ReportingPilot[], today: string): Promise<Map<number, ReportingCompleteness>> {
	const reporting = list.filter((p): p is ReportingPilot & { cycle: CycleRange } => !!p.cycle && owesReports(p.lifecycle));
	const result = new Map<number, ReportingCompleteness>();
	if (!reporting.length) return result;
	// a round's reports are thousands of rows: one JSON array (see selectRows)
	const rows = await selectRows(
		{ pilotId: monthlyReports.pilotId, month: monthlyReports.month, firstSubmittedOn: monthlyReports.firstSubmittedOn },
		monthlyReports,
		sql`${monthlyReports.pilotId} ${amongIds(reporting.map((p) => p.id))}`
	);
	const byPilot = new Map<number, typeof rows>(reporting.map((p) => [p.id, []]));
	for (const r of rows) byPilot.get(r.pilotId)!.push(r);
	for (const p of reporting) result.set(p.id, reportingCompleteness(p.cycle, byPilot.get(p.id)!, today));
	return result;
}

/** Reports waiting for the province, oldest first. */
export async function reportsAwaitingReview(pilotIds: readonly number[]) {
	if (!pilotIds.length) return [];
	return db
		.select({ id: monthlyReports.id, pilotId: monthlyReports.pilotId, pilotName: pilots.name, month: monthlyReports.month, submittedAt: monthlyReports.submittedAt, submitter: users.displayName })
		.from(monthlyReports)
		.innerJoin(pilots, eq(pilots.id, monthlyReports.pilotId))
		.leftJoin(users, eq(users.id, monthlyReports.submittedBy))
		.where(and(eq(monthlyReports.status, 'submitted'), inArray(monthlyReports.pilotId, [...pilotIds])))
		.orderBy(asc(monthlyReports.submittedAt));
}

/** The dashboard's 月报 panel: totals, each pilot's figures (most missing first) and the review queue. */
export async function reportingOverview(rows: readonly { id: number; name: string; lifecycle: PilotLifecycle; startDate: string | null; endDate: string | null }[], today: string) {
	const completeness = await completenessOf(
		rows.map((p) => ({ id: p.id, lifecycle: p.lifecycle, cycle: p.startDate && p.endDate ? { startDate: p.startDate, endDate: p.endDate } : null })),
		today
	);
	const pilots = rows
		.filter((p) => completeness.has(p.id))
		.map((p) => {
			const { months: _months, ...figures } = completeness.get(p.id)!;
			return { id: p.id, name: p.name, ...figures };
		})
		.sort((a, b) => b.missing - a.missing || b.late - a.late || compareChinese(a.name, b.name));
	return {
		total: sumCompleteness([...completeness.values()]),
		pilots,
		awaiting: await reportsAwaitingReview(pilots.map((p) => p.id))
	};
}
