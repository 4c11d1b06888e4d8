/**
 * The activity statistics form (科技志愿服务活动情况统计表, `004` 附件3): its blanks, the figures
 * the product does not count itself (recorded with each 月报 and summed over a period), and the
 * choice of the 1–2 亮点活动 it lists. Pure: no clock, no I/O.
 *
 * Rules chosen where DOMAIN.md is silent (also in the README):
 * - A report counts for the period when its month overlaps it (`startDate`'s month to `endDate`'s
 *   month), whatever its review status: a returned report still holds the unit's latest figures.
 * - Times, trainings, 人次 and articles are flows: summed over the months. 科普中国信息员 is a
 *   team's size, a stock: the latest month's figure, not the sum of every month's.
 * - "是否在全县基本覆盖" is 是 when any month in the period says 是.
 * - 平均每人 = articles / 信息员, rounded half up to one decimal; 0 when there is no 信息员.
 * - Highlights: the marked activities held in the period, most recent first (date, then id); the
 *   form lists at most 2 and says how many more there were.
 */
import { assertDate } from './dates';
import { activityCategories, type CadenceActivity } from './cadence';
import { ACTIVITY_KINDS, type ActivityKind } from './labels';

/** What a unit states each month besides the activities the system counts. */
export interface MonthlyExtras {
	/** 流动科技馆巡展（次） */
	mobileMuseumTours: number;
	/** 流动科技馆是否在全县基本覆盖 */
	mobileMuseumCovered: boolean;
	/** 科普大篷车巡展（次） */
	caravanTours: number;
	caravanCovered: boolean;
	/** 农村重点人群科学素质培训培育（次 / 人次） */
	ruralTrainings: number;
	ruralTrainees: number;
	/** 全国农民科学素质网络知识竞赛（人次） */
	farmerContest: number;
	/** 全省科学素质网络大赛（人次） */
	provincialContest: number;
	/** 科普中国信息员（人）: the team's size at the month's end */
	infoOfficers: number;
	/** 分享"科普中国"文章（篇） */
	articlesShared: number;
}

export const EXTRA_COUNTS = [
	'mobileMuseumTours',
	'caravanTours',
	'ruralTrainings',
	'ruralTrainees',
	'farmerContest',
	'provincialContest',
	'infoOfficers',
	'articlesShared'
] as const;
export const EXTRA_FLAGS = ['mobileMuseumCovered', 'caravanCovered'] as const;

/** The form's words for each figure, with its unit (the 月报 form, its review and the export use them). */
export const EXTRA_LABELS: Record<keyof MonthlyExtras, { label: string; unit: string }> = {
	mobileMuseumTours: { label: '流动科技馆巡展', unit: '次' },
	mobileMuseumCovered: { label: '流动科技馆是否在全县基本覆盖', unit: '' },
	caravanTours: { label: '科普大篷车巡展', unit: '次' },
	caravanCovered: { label: '科普大篷车是否在全县基本覆盖', unit: '' },
	ruralTrainings: { label: '农村重点人群科学素质培训培育', unit: '次' },
	ruralTrainees: { label: '农村重点人群科学素质培训', unit: '人次' },
	farmerContest: { label: '参加全国农民科学素质网络知识竞赛', unit: '人次' },
	provincialContest: { label: '参加全省科学素质网络大赛', unit: '人次' },
	infoOfficers: { label: '科普中国信息员', unit: '人' },
	articlesShared: { label: '分享“科普中国”文章', unit: '篇' }
};

export const NO_EXTRAS: MonthlyExtras = {
	mobileMuseumTours: 0,
	mobileMuseumCovered: false,
	caravanTours: 0,
	caravanCovered: false,
	ruralTrainings: 0,
	ruralTrainees: 0,
	farmerContest: 0,
	provincialContest: 0,
	infoOfficers: 0,
	articlesShared: 0
};

export interface PeriodExtras extends MonthlyExtras {
	/** 平均每人分享（篇）, one decimal */
	articlesPerOfficer: number;
	/** how many monthly reports with these figures the period holds */
	months: number;
}

export interface ReportExtras {
	/** 'YYYY-MM' */
	month: string;
	/** null for a report sent before the figures were asked */
	extras: MonthlyExtras | null;
}

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

function assertCount(value: number, what: string) {
	if (!Number.isInteger(value) || value < 0) throw new Error(`${what} must be a whole number ≥ 0: ${value}`);
}

/** articles / officers, rounded half up to one decimal; 0 without officers. Exact on whole numbers. */
export function perPerson(articles: number, people: number): number {
	assertCount(articles, 'articles');
	assertCount(people, 'people');
	if (people === 0) return 0;
	return Math.floor((articles * 20 + people) / (2 * people)) / 10;
}

/**
 * One pilot's monthly figures summed over a period: flows added up, coverage 是 if any month says
 * so, 信息员 from the latest month that has figures. Reports outside the period are left out.
 */
export function sumMonthlyExtras(reports: readonly ReportExtras[], period: { startDate: string; endDate: string }): PeriodExtras {
	assertDate(period.startDate);
	assertDate(period.endDate);
	if (period.endDate < period.startDate) throw new Error(`period ends before it starts: ${period.startDate}…${period.endDate}`);
	const from = period.startDate.slice(0, 7);
	const to = period.endDate.slice(0, 7);
	const total: PeriodExtras = { ...NO_EXTRAS, articlesPerOfficer: 0, months: 0 };
	let latest = '';
	const seen = new Set<string>();
	for (const r of reports) {
		if (!MONTH_RE.test(r.month)) throw new Error(`not a month (YYYY-MM): ${JSON.stringify(r.month)}`);
		if (seen.has(r.month)) throw new Error(`two reports for ${r.month}`);
		seen.add(r.month);
		if (!r.extras || r.month < from || r.month > to) continue;
		const e = r.extras;
		for (const k of EXTRA_COUNTS) assertCount(e[k], k);
		total.months++;
		for (const k of EXTRA_COUNTS) if (k !== 'infoOfficers') total[k] += e[k];
		for (const k of EXTRA_FLAGS) total[k] ||= e[k];
		if (r.month > latest) {
			latest = r.month;
			total.infoOfficers = e.infoOfficers;
		}
	}
	total.articlesPerOfficer = perPerson(total.articlesShared, total.infoOfficers);
	return total;
}

/** Several pilots' period figures together (a city, the round): everything added, coverage if any. */
export function combineExtras(parts: readonly PeriodExtras[]): PeriodExtras {
	const total: PeriodExtras = { ...NO_EXTRAS, articlesPerOfficer: 0, months: 0 };
	for (const p of parts) {
		for (const k of EXTRA_COUNTS) total[k] += p[k];
		for (const k of EXTRA_FLAGS) total[k] ||= p[k];
		total.months += p.months;
	}
	total.articlesPerOfficer = perPerson(total.articlesShared, total.infoOfficers);
	return total;
}

export interface HighlightCandidate {
	id: number;
	date: string;
	highlight: boolean;
}

export const MAX_HIGHLIGHTS = 2;

/**
 * The 亮点活动 the form lists: activities marked as highlights and held in the period
 * (`startDate ≤ date ≤ endDate`), the most recent first (date, then the later id), at most 2.
 * `more` is how many marked ones in the period were left out.
 */
export function chooseHighlights<T extends HighlightCandidate>(activities: readonly T[], period: { startDate: string; endDate: string }): { chosen: T[]; marked: number; more: number } {
	assertDate(period.startDate);
	assertDate(period.endDate);
	const marked = activities
		.filter((a) => {
			assertDate(a.date);
			return a.highlight && a.date >= period.startDate && a.date <= period.endDate;
		})
		.sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1));
	const chosen = marked.slice(0, MAX_HIGHLIGHTS);
	return { chosen, marked: marked.length, more: marked.length - chosen.length };
}

export interface TalliedActivity extends CadenceActivity {
	kind: ActivityKind;
	experts: number;
	served: number;
}

export interface ActivityTally {
	activities: number;
	byKind: Record<ActivityKind, number>;
	/** the three 其中 lines, by `activityCategories` (DOMAIN.md "Activity cadence") */
	keyEvent: number;
	concern: number;
	keyGroup: number;
	experts: number;
	served: number;
}

/** The 志愿活动 paragraph's figures for activities that count (the caller picks them). */
export function tallyActivities(activities: readonly TalliedActivity[]): ActivityTally {
	const tally: ActivityTally = { activities: 0, byKind: Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, 0])) as Record<ActivityKind, number>, keyEvent: 0, concern: 0, keyGroup: 0, experts: 0, served: 0 };
	for (const a of activities) {
		if (!(a.kind in tally.byKind)) throw new Error(`unknown activity kind: ${a.kind}`);
		assertCount(a.experts, 'experts');
		assertCount(a.served, 'served');
		const c = activityCategories(a);
		tally.activities++;
		tally.byKind[a.kind]++;
		if (c.keyEvent) tally.keyEvent++;
		if (c.concern) tally.concern++;
		if (c.keyGroup) tally.keyGroup++;
		tally.experts += a.experts;
		tally.served += a.served;
	}
	return tally;
}

/**
 * The blanks of `004` 附件3, in the form's order, numbered as the export numbers them. The form has
 * 34 places to write in; 31 are this product's: the 科普湖南 pair (文章, 平均每人) belongs to the Hunan
 * office that wrote the seed and has no Henan counterpart, and "已建立（）人的科技志愿支队" is the same
 * figure as 人数（）人 for one unit, so the export writes it once (blank 5).
 */
export const STATISTICS_BLANKS = [
	{ no: 1, section: '表头', label: '表名' },
	{ no: 2, section: '表头', label: '填报单位（公章）' },
	{ no: 3, section: '表头', label: '填报日期' },
	{ no: 4, section: '志愿队伍', label: '已建立科技志愿者队', unit: '支' },
	{ no: 5, section: '志愿队伍', label: '人数', unit: '人' },
	{ no: 6, section: '志愿活动', label: '（）月以来' },
	{ no: 7, section: '志愿活动', label: '共组织科技志愿服务活动', unit: '次' },
	{ no: 8, section: '志愿活动', label: '其中：科普报告', unit: '次' },
	{ no: 9, section: '志愿活动', label: '其中：科技培训', unit: '次' },
	{ no: 10, section: '志愿活动', label: '其中：技术咨询', unit: '次' },
	{ no: 11, section: '志愿活动', label: '其中：农技服务', unit: '次' },
	{ no: 12, section: '志愿活动', label: '其中：医疗服务', unit: '次' },
	{ no: 13, section: '志愿活动', label: '其中：青少年科技教育', unit: '次' },
	{ no: 14, section: '志愿活动', label: '其中：其他', unit: '次' },
	{ no: 15, section: '志愿活动', label: '结合全国科普日等重点活动开展服务', unit: '次' },
	{ no: 16, section: '志愿活动', label: '结合卫生健康等群众关切开展服务', unit: '次' },
	{ no: 17, section: '志愿活动', label: '结合农村妇女、青少年等重点人群开展服务', unit: '次' },
	{ no: 18, section: '志愿活动', label: '参与服务的专家', unit: '人次' },
	{ no: 19, section: '志愿活动', label: '接受服务的群众', unit: '人次' },
	{ no: 20, section: '志愿活动', label: '亮点活动（1-2项）' },
	{ no: 21, section: '服务阵地', label: '流动科技馆巡展', unit: '次' },
	{ no: 22, section: '服务阵地', label: '流动科技馆是否在全县基本覆盖', unit: '是/否' },
	{ no: 23, section: '服务阵地', label: '科普大篷车巡展', unit: '次' },
	{ no: 24, section: '服务阵地', label: '科普大篷车是否在全县基本覆盖', unit: '是/否' },
	{ no: 25, section: '科技惠民（农）', label: '开展农村重点人群科学素质培训培育', unit: '次' },
	{ no: 26, section: '科技惠民（农）', label: '培训', unit: '人次' },
	{ no: 27, section: '科技惠民（农）', label: '组织参加全国农民科学素质网络知识竞赛', unit: '人次' },
	{ no: 28, section: '科技惠民（农）', label: '组织参加全省科学素质网络大赛', unit: '人次' },
	{ no: 29, section: '网络动员', label: '科普中国信息员队伍', unit: '人' },
	{ no: 30, section: '网络动员', label: '共分享“科普中国”文章', unit: '篇' },
	{ no: 31, section: '网络动员', label: '平均每人分享', unit: '篇' }
] as const satisfies readonly { no: number; section: string; label: string; unit?: string }[];
