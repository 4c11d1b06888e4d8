/**
 * 月报: which months a pilot owes a report for, by when, and how complete its reporting is —
 * the reporting rate DHIS2 shows, in the office's words (应报, 按时, 逾期, 缺报).
 *
 * Rules chosen where DOMAIN.md is silent:
 * - A pilot reports on every calendar month that overlaps its cycle, the partial first and last
 *   months included. A month's report can be submitted once the month has ended.
 * - It is due on the REPORT_DUE_DAY of the following month ("each month's first days"); submitted
 *   on or before that day it is on time, after it late.
 * - Timeliness is judged by the first submission: returning a report for changes must not turn
 *   an on-time report into a late one.
 * - A month whose due day has not passed and that has no report yet is "open", not missing; it
 *   is not counted as due until its due day has passed, so the rate never drops on the 1st.
 */
import { assertDate, daysInMonth, digitsAt } from './dates';
import type { CycleRange } from './counting';
import type { PilotLifecycle } from './labels';

export const REPORT_DUE_DAY = 5;

export type ReportMonthState = 'on_time' | 'late' | 'missing' | 'open';

export const REPORT_MONTH_STATE_LABELS: Record<ReportMonthState, string> = {
	on_time: '按时报送',
	late: '逾期报送',
	missing: '缺报',
	open: '待报送'
};

export const REPORT_STATUSES = ['submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
	submitted: '待审核',
	returned: '已退回',
	accepted: '已通过'
};

/** A month in strict YYYY-MM form (read without a regular expression, see `digitsAt`). */
export function isValidMonth(value: unknown): value is string {
	if (typeof value !== 'string' || value.length !== 7 || value.charCodeAt(4) !== 45 || digitsAt(value, 0, 4) < 0) return false;
	const m = digitsAt(value, 5, 7);
	return m >= 1 && m <= 12;
}

function assertMonth(value: unknown, what = 'month'): asserts value is string {
	if (!isValidMonth(value)) throw new Error(`${what} is not a month (YYYY-MM): ${JSON.stringify(value)}`);
}

export function monthOf(date: string): string {
	assertDate(date);
	return date.slice(0, 7);
}

export function nextMonth(month: string): string {
	assertMonth(month);
	const y = digitsAt(month, 0, 4);
	const m = digitsAt(month, 5, 7);
	return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${month.slice(0, 5)}${m < 9 ? '0' : ''}${m + 1}`;
}

export function firstDayOf(month: string): string {
	assertMonth(month);
	return `${month}-01`;
}

export function lastDayOf(month: string): string {
	assertMonth(month);
	return `${month}-${daysInMonth(digitsAt(month, 0, 4), digitsAt(month, 5, 7))}`;
}

/** The day a month's report is due: the REPORT_DUE_DAY of the next month. */
export function reportDueDate(month: string): string {
	return `${nextMonth(month)}-${String(REPORT_DUE_DAY).padStart(2, '0')}`;
}

/** "2026年3月" */
export function monthLabel(month: string): string {
	assertMonth(month);
	return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** Months overlapping the cycle that have ended before `today`, oldest first. */
export function reportableMonths(cycle: CycleRange, today: string): string[] {
	assertDate(cycle.startDate, 'cycle.startDate');
	assertDate(cycle.endDate, 'cycle.endDate');
	assertDate(today, 'today');
	const months: string[] = [];
	const last = monthOf(cycle.endDate);
	for (let m = monthOf(cycle.startDate); m <= last && lastDayOf(m) < today; m = nextMonth(m)) months.push(m);
	return months;
}

export interface SubmittedMonth {
	month: string;
	/** Beijing date of the first submission */
	firstSubmittedOn: string;
}

export function monthState(month: string, report: SubmittedMonth | undefined, today: string): ReportMonthState {
	const due = reportDueDate(month);
	if (report) return report.firstSubmittedOn <= due ? 'on_time' : 'late';
	return today > due ? 'missing' : 'open';
}

export interface ReportingCompleteness {
	/** months past their due day, or already reported */
	due: number;
	onTime: number;
	late: number;
	missing: number;
	/** ended months still inside their reporting window, not yet reported */
	open: number;
	/** (on time + late) / due, null when nothing is due yet */
	rate: number | null;
	/** on time / due */
	onTimeRate: number | null;
	months: { month: string; state: ReportMonthState; dueDate: string }[];
}

export function reportingCompleteness(cycle: CycleRange, reports: readonly SubmittedMonth[], today: string): ReportingCompleteness {
	const byMonth = new Map(reports.map((r) => [r.month, r]));
	const months = reportableMonths(cycle, today).map((month) => ({
		month,
		state: monthState(month, byMonth.get(month), today),
		dueDate: reportDueDate(month)
	}));
	const n = (s: ReportMonthState) => months.filter((m) => m.state === s).length;
	const onTime = n('on_time');
	const late = n('late');
	const missing = n('missing');
	const due = onTime + late + missing;
	return {
		due,
		onTime,
		late,
		missing,
		open: n('open'),
		rate: due ? (onTime + late) / due : null,
		onTimeRate: due ? onTime / due : null,
		months
	};
}

export type CompletenessFigures = Omit<ReportingCompleteness, 'months'>;

/** Totals over many pilots: the rates are of the summed counts, not a mean of rates. */
export function sumCompleteness(list: readonly ReportingCompleteness[]): CompletenessFigures {
	const sum = (k: 'due' | 'onTime' | 'late' | 'missing' | 'open') => list.reduce((s, c) => s + c[k], 0);
	const due = sum('due');
	const onTime = sum('onTime');
	const late = sum('late');
	return {
		due,
		onTime,
		late,
		missing: sum('missing'),
		open: sum('open'),
		rate: due ? (onTime + late) / due : null,
		onTimeRate: due ? onTime / due : null
	};
}

/** Pilots that owe monthly reports: approved ones, and those past their cycle for the months they ran. */
const REPORTING_LIFECYCLES: readonly PilotLifecycle[] = ['approved', 'closing', 'accepted', 'not_accepted'];

export function owesReports(lifecycle: PilotLifecycle): boolean {
	return REPORTING_LIFECYCLES.includes(lifecycle);
}

/** May the pilot send (or resend) a report today? Only while it is running or closing. */
export function canSubmitReports(lifecycle: PilotLifecycle): boolean {
	return lifecycle === 'approved' || lifecycle === 'closing';
}

/**
 * Months the pilot's editors can write now, oldest first: never sent, or returned for changes.
 * Only while the pilot runs (approved or closing).
 */
export function monthsToWrite(
	pilot: { cycle: CycleRange | null; lifecycle: PilotLifecycle },
	reports: readonly { month: string; status: ReportStatus }[],
	today: string
): { month: string; dueDate: string; returned: boolean; overdue: boolean }[] {
	if (!pilot.cycle || !canSubmitReports(pilot.lifecycle)) return [];
	const status = new Map(reports.map((r) => [r.month, r.status]));
	return reportableMonths(pilot.cycle, today)
		.filter((m) => !status.has(m) || status.get(m) === 'returned')
		.map((month) => ({ month, dueDate: reportDueDate(month), returned: status.get(month) === 'returned', overdue: today > reportDueDate(month) }));
}
