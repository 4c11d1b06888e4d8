/**
 * Activity cadence (DOMAIN.md "Activity cadence"; `002`): an organisation should hold at least one
 * activity every calendar quarter and, within the year, at least one on a key event, one on the
 * public's concerns, one for key groups and one helping enterprises innovate. The same classifier
 * counts the three 其中 lines of the activity statistics form (`004` 附件3).
 * Pure: `today` is passed in; invalid dates throw.
 *
 * Rules chosen where DOMAIN.md is silent (also in the README):
 * - A key date of only whitespace counts as empty (not a key event).
 * - Reasons come quarters first (in order), then categories (keyEvent, concern, keyGroup,
 *   enterprise). A missed quarter reads "2026年第二季度（04-01至06-30）未开展活动" with the
 *   quarter's dates clipped to the period; a missing category reads "全年尚无重点事件活动" (群众关切,
 *   重点人群, 助力企业创新) — "尚无" because it may still come while the period runs.
 * - A period that ends before it starts throws; activities outside the period are simply not held
 *   in it, but their dates must still be valid.
 */
import { assertDate, daysInMonth } from './dates';

export interface CadenceActivity {
	date: string;
	keyDate: string | null;
	field: string;
	kind: string;
	keyGroups: string[];
	setting: string | null;
}

export const CADENCE_CATEGORIES = ['keyEvent', 'concern', 'keyGroup', 'enterprise'] as const;
export type CadenceCategory = (typeof CADENCE_CATEGORIES)[number];

export const CADENCE_CATEGORY_LABELS: Record<CadenceCategory, string> = {
	keyEvent: '重点事件',
	concern: '群众关切',
	keyGroup: '重点人群',
	enterprise: '助力企业创新'
};

export type QuarterStatus = 'met' | 'missed' | 'open' | 'future';

export const QUARTER_STATUS_LABELS: Record<QuarterStatus, string> = {
	met: '已开展',
	missed: '未开展',
	open: '进行中',
	future: '未开始'
};

export interface CadenceQuarter {
	startDate: string;
	endDate: string;
	held: number;
	status: QuarterStatus;
}

export interface CadenceResult {
	quarters: CadenceQuarter[];
	categories: Record<CadenceCategory, number>;
	missing: CadenceCategory[];
	reasons: string[];
}

/**
 * Which of the four yearly categories an activity serves: a key event when its key date is set;
 * the public's concerns for field `health`, kind `medical_service` or key group `needy`; key groups
 * for `rural_women` or `youth`; enterprises for setting `enterprise_park`.
 */
export function activityCategories(a: CadenceActivity): Record<CadenceCategory, boolean> {
	const groups = a.keyGroups ?? [];
	return {
		keyEvent: a.keyDate != null && a.keyDate.trim() !== '',
		concern: a.field === 'health' || a.kind === 'medical_service' || groups.includes('needy'),
		keyGroup: groups.includes('rural_women') || groups.includes('youth'),
		enterprise: a.setting === 'enterprise_park'
	};
}

const QUARTER_NAMES = ['第一季度', '第二季度', '第三季度', '第四季度'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** "2026年第二季度（04-01至06-30）": the quarter's year and name, with its (clipped) dates. */
export function quarterLabel(q: { startDate: string; endDate: string }): string {
	const index = Math.floor((Number(q.startDate.slice(5, 7)) - 1) / 3);
	return `${q.startDate.slice(0, 4)}年${QUARTER_NAMES[index]}（${q.startDate.slice(5)}至${q.endDate.slice(5)}）`;
}

/** The calendar quarters overlapping the period, clipped to it, in order. */
export function quartersOf(period: { startDate: string; endDate: string }): { startDate: string; endDate: string }[] {
	const out: { startDate: string; endDate: string }[] = [];
	let year = Number(period.startDate.slice(0, 4));
	let q = Math.floor((Number(period.startDate.slice(5, 7)) - 1) / 3);
	for (;;) {
		const firstMonth = q * 3 + 1;
		const lastMonth = firstMonth + 2;
		const qStart = `${year}-${pad2(firstMonth)}-01`;
		const qEnd = `${year}-${pad2(lastMonth)}-${pad2(daysInMonth(year, lastMonth))}`;
		out.push({
			startDate: qStart < period.startDate ? period.startDate : qStart,
			endDate: qEnd > period.endDate ? period.endDate : qEnd
		});
		if (qEnd >= period.endDate) return out;
		if (++q === 4) {
			q = 0;
			year++;
		}
	}
}

/**
 * The period's quarters with the activities held in each, and the yearly categories. Only held
 * activities count: `period.startDate ≤ date ≤ min(today, period.endDate)`.
 */
export function evaluateCadence(
	activities: CadenceActivity[],
	period: { startDate: string; endDate: string },
	today: string
): CadenceResult {
	assertDate(period.startDate, 'period.startDate');
	assertDate(period.endDate, 'period.endDate');
	if (period.endDate < period.startDate) {
		throw new Error(`period ends (${period.endDate}) before it starts (${period.startDate})`);
	}
	assertDate(today, 'today');
	activities.forEach((a, i) => assertDate(a.date, `date of activity ${i + 1}`));

	const lastHeldDay = today < period.endDate ? today : period.endDate;
	const held = activities.filter((a) => a.date >= period.startDate && a.date <= lastHeldDay);

	const quarters: CadenceQuarter[] = quartersOf(period).map((q) => {
		const n = held.filter((a) => a.date >= q.startDate && a.date <= q.endDate).length;
		const status: QuarterStatus = n >= 1 ? 'met' : q.endDate < today ? 'missed' : q.startDate > today ? 'future' : 'open';
		return { ...q, held: n, status };
	});

	const categories: Record<CadenceCategory, number> = { keyEvent: 0, concern: 0, keyGroup: 0, enterprise: 0 };
	for (const a of held) {
		const c = activityCategories(a);
		for (const k of CADENCE_CATEGORIES) if (c[k]) categories[k]++;
	}
	const missing = CADENCE_CATEGORIES.filter((k) => categories[k] === 0);

	const reasons = [
		...quarters.filter((q) => q.status === 'missed').map((q) => `${quarterLabel(q)}未开展活动`),
		...missing.map((k) => `全年尚无${CADENCE_CATEGORY_LABELS[k]}活动`)
	];
	return { quarters, categories, missing, reasons };
}
