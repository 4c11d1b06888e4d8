/**
 * Excel exports the offices take away: the pilots table as on screen, a pilot's item lists, and
 * the activity statistics form (科技志愿服务活动情况统计表, 004 附件3) for one pilot, one city or a
 * round. Chinese sheet names and headers; numbers as numbers, dates as dates; any text a
 * spreadsheet would run as a formula is escaped.
 */
import ExcelJS from 'exceljs';
import { and, eq, inArray } from 'drizzle-orm';
import { db } from './db';
import { activities, teams } from './db/schema';
import type { PilotRow } from './views/pilot-row';
import type { PilotProgress } from './queries/pilots';
import * as pilotTeams from './pilots/teams';
import * as pilotProjects from './pilots/projects';
import * as pilotActivities from './pilots/activities';
import * as pilotStations from './pilots/stations';
import * as pilotMechanisms from './pilots/mechanisms';
import type { LoadedPilot } from './pilots/pilot';
import {
	ACTIVITY_KIND_LABELS,
	ACTIVITY_KINDS,
	DIMENSION_LABELS,
	FACILITY_TYPE_LABELS,
	FIELD_LABELS,
	LEVEL_LABELS,
	LIFECYCLE_LABELS,
	MECHANISM_STATUS_LABELS,
	PACE_STATUS_LABELS,
	PARTNER_TYPE_LABELS
} from '../domain/labels';
import { chooseHighlights, combineExtras, STATISTICS_BLANKS, sumMonthlyExtras, tallyActivities, type ActivityTally, type PeriodExtras } from '../domain/statistics';
import * as reports from './reports';

export const STATISTICS_TITLE = '科技志愿服务活动情况统计表';

const asDate = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);
/**
 * Text goes out exactly as stored, as a string cell: in xlsx a string cell (t="s") is never a
 * formula, whatever it starts with, so `=HYPERLINK(…)` or `-2+3` shows as typed and does not run.
 * (An apostrophe in front, as CSV needs, would be visible here and change the data.)
 */
const text = (s: string | null | undefined) => (s == null ? '' : s);

function styleHeader(sheet: ExcelJS.Worksheet) {
	sheet.getRow(1).font = { bold: true };
	sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
	workbook.creator = '试点通';
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The dashboard's table, with the filters that produced it written above the header. */
export async function pilotsWorkbook(rows: PilotRow[], description: string): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('试点进度');
	sheet.columns = [
		{ header: '试点单位', key: 'name', width: 16 },
		{ header: '级别', key: 'level', width: 6 },
		{ header: '所在市', key: 'city', width: 10 },
		{ header: '区划代码', key: 'code', width: 10 },
		{ header: '阶段', key: 'lifecycle', width: 8 },
		{ header: '立项日期', key: 'start', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
		{ header: '周期结束', key: 'end', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
		{ header: '剩余天数', key: 'daysLeft', width: 8 },
		...(['teams', 'projects', 'activities', 'stations', 'mechanisms'] as const).flatMap((d) => [
			{ header: `${DIMENSION_LABELS[d]}`, key: `${d}Actual`, width: 8 },
			{ header: `${DIMENSION_LABELS[d]}目标`, key: `${d}Target`, width: 8 }
		]),
		{ header: '总体完成度', key: 'overall', width: 10, style: { numFmt: '0%' } },
		{ header: '按进度应达', key: 'expected', width: 10, style: { numFmt: '0%' } },
		{ header: '状态', key: 'status', width: 10 },
		{ header: '原因', key: 'reasons', width: 60 }
	];
	for (const p of rows) {
		const dims = Object.fromEntries(p.dimensions.flatMap((d) => [[`${d.key}Actual`, d.actual], [`${d.key}Target`, d.target]]));
		sheet.addRow({
			name: text(p.name),
			level: LEVEL_LABELS[p.level],
			city: text(p.cityName),
			code: p.divisionCode,
			lifecycle: LIFECYCLE_LABELS[p.lifecycle],
			start: asDate(p.startDate),
			end: asDate(p.endDate),
			daysLeft: p.daysLeft,
			...dims,
			overall: p.overall,
			expected: p.expected,
			status: p.status ? PACE_STATUS_LABELS[p.status] : '',
			reasons: text(p.reasons.join('；'))
		});
	}
	styleHeader(sheet);
	const about = wb.addWorksheet('说明');
	about.addRow(['导出内容', description]);
	about.getColumn(1).width = 12;
	about.getColumn(2).width = 80;
	return bytesOf(wb);
}

/** One sheet per dimension, each item with whether it counts and why not. */
export async function itemsWorkbook(pilot: LoadedPilot): Promise<Uint8Array> {
	const [t, p, a, s, m] = await Promise.all([pilotTeams.list(pilot), pilotProjects.list(pilot), pilotActivities.list(pilot), pilotStations.list(pilot), pilotMechanisms.list(pilot)]);
	const wb = new ExcelJS.Workbook();
	const counted = (c: { counted: boolean }) => (c.counted ? '计入' : '未计入');
	const sheet = (name: string, columns: Partial<ExcelJS.Column>[], rows: Record<string, unknown>[]) => {
		const ws = wb.addWorksheet(name);
		ws.columns = columns;
		rows.forEach((r) => ws.addRow(r));
		styleHeader(ws);
	};
	sheet('服务队', [{ header: '名称', key: 'name', width: 30 }, { header: '队员', key: 'members', width: 8 }, { header: '大美志愿', key: 'registered', width: 10 }, { header: '注册编号', key: 'rid', width: 16 }, { header: '合作单位类型', key: 'partner', width: 14 }, { header: '是否计入', key: 'counted', width: 8 }, { header: '未计入原因', key: 'reasons', width: 30 }],
		t.map((x) => ({ name: text(x.name), members: x.members, registered: x.registered ? '已注册' : '未注册', rid: text(x.registrationId), partner: PARTNER_TYPE_LABELS[x.partnerType], counted: counted(x), reasons: x.reasons.join('；') })));
	sheet('项目', [{ header: '名称', key: 'name', width: 30 }, { header: '领域', key: 'field', width: 10 }, { header: '是否计入', key: 'counted', width: 8 }, { header: '未计入原因', key: 'reasons', width: 30 }],
		p.map((x) => ({ name: text(x.name), field: FIELD_LABELS[x.field], counted: counted(x), reasons: x.reasons.join('；') })));
	sheet('活动', [{ header: '日期', key: 'date', width: 12, style: { numFmt: 'yyyy-mm-dd' } }, { header: '名称', key: 'name', width: 30 }, { header: '类型', key: 'kind', width: 12 }, { header: '领域', key: 'field', width: 10 }, { header: '志愿者人次', key: 'v', width: 10 }, { header: '专家人次', key: 'e', width: 10 }, { header: '服务人次', key: 's', width: 10 }, { header: '服务时长', key: 'h', width: 10 }, { header: '是否计入', key: 'counted', width: 8 }, { header: '未计入原因', key: 'reasons', width: 24 }],
		a.map((x) => ({ date: asDate(x.date), name: text(x.title), kind: ACTIVITY_KIND_LABELS[x.kind], field: FIELD_LABELS[x.field], v: x.volunteers, e: x.experts, s: x.served, h: x.serviceHours, counted: counted(x), reasons: x.reasons.join('；') })));
	sheet('站点', [{ header: '名称', key: 'name', width: 30 }, { header: '设施类型', key: 'type', width: 16 }, { header: '地址', key: 'address', width: 30 }, { header: '是否计入', key: 'counted', width: 8 }, { header: '未计入原因', key: 'reasons', width: 30 }],
		s.map((x) => ({ name: text(x.name), type: FACILITY_TYPE_LABELS[x.facilityType], address: text(x.address), counted: counted(x), reasons: x.reasons.join('；') })));
	sheet('制度机制', [{ header: '制度', key: 'name', width: 26 }, { header: '建立情况', key: 'status', width: 10 }, { header: '制度文件', key: 'document', width: 36 }, { header: '是否计入', key: 'counted', width: 8 }, { header: '未计入原因', key: 'reasons', width: 24 }],
		m.map((x) => ({ name: x.name, status: MECHANISM_STATUS_LABELS[x.status], document: text(x.document), counted: counted(x), reasons: x.reasons.join('；') })));
	return bytesOf(wb);
}

/** One pilot, or each pilot of a city or round, as the statistics form needs it. */
export interface StatisticsPilot {
	id: number;
	name: string;
	cycle: { startDate: string; endDate: string } | null;
	counted: { items: { activities: readonly { id: string; counted: boolean }[] } } | null;
}

export interface StatisticsHighlight {
	pilotName: string;
	title: string;
	date: string;
	place: string | null;
	experts: number;
	served: number;
	content: string | null;
	effect: string | null;
}

export interface ActivityStatistics {
	teams: number;
	members: number;
	/** the first and last day the figures cover (the earliest cycle start to the latest day held), null without a running pilot */
	period: { startDate: string; endDate: string } | null;
	tally: ActivityTally;
	extras: PeriodExtras;
	highlights: StatisticsHighlight[];
	/** marked highlights in the period beyond the 2 listed */
	moreHighlights: number;
	pilots: number;
}

/** A pilot's figures run from its cycle's start to today or the cycle's end, whichever is first. */
const periodOf = (cycle: { startDate: string; endDate: string }, today: string) => ({ startDate: cycle.startDate, endDate: cycle.endDate < today ? cycle.endDate : today });

/**
 * The statistics form's figures for some pilots: teams and members as recorded; activities held
 * inside each pilot's cycle up to today (the ones that count), tallied by kind and by the cadence
 * classifier; the figures stated with the 月报 of those months; and the 2 most recent highlights.
 */
export async function activityStatistics(pilots: readonly StatisticsPilot[], today: string): Promise<ActivityStatistics> {
	const ids = pilots.map((p) => p.id);
	const stats: ActivityStatistics = { teams: 0, members: 0, period: null, tally: tallyActivities([]), extras: combineExtras([]), highlights: [], moreHighlights: 0, pilots: pilots.length };
	if (!ids.length) return stats;
	const teamRows = await db.select({ members: teams.rosterSize, declared: teams.declaredMembers }).from(teams).where(inArray(teams.pilotId, ids));
	stats.teams = teamRows.length;
	stats.members = teamRows.reduce((sum, t) => sum + (t.members ?? t.declared), 0);
	const countedIds = new Set(pilots.flatMap((p) => (p.counted?.items.activities ?? []).filter((a) => a.counted).map((a) => Number(a.id))));
	const rows = countedIds.size ? await db.select().from(activities).where(and(inArray(activities.pilotId, ids), inArray(activities.id, [...countedIds]))) : [];
	// `setting` (服务场景) arrives with another change; the three 其中 lines do not depend on it
	stats.tally = tallyActivities(rows.map((a) => ({ ...a, setting: ((a as { setting?: string | null }).setting ?? null) })));
	const running = pilots.filter((p): p is StatisticsPilot & { cycle: NonNullable<StatisticsPilot['cycle']> } => !!p.cycle && p.cycle.startDate <= today);
	if (running.length) {
		const periods = running.map((p) => periodOf(p.cycle, today));
		stats.period = { startDate: periods.map((p) => p.startDate).sort()[0], endDate: periods.map((p) => p.endDate).sort().at(-1)! };
		const reported = await reports.extrasOf(running.map((p) => p.id));
		stats.extras = combineExtras(running.map((p, i) => sumMonthlyExtras(reported.get(p.id) ?? [], periods[i])));
		const nameOf = new Map(pilots.map((p) => [p.id, p.name]));
		const { chosen, more } = chooseHighlights(rows, stats.period);
		stats.highlights = chosen.map((a) => ({ pilotName: nameOf.get(a.pilotId) ?? '', title: a.title, date: a.date, place: a.place, experts: a.experts, served: a.served, content: a.description, effect: a.highlightEffect }));
		stats.moreHighlights = more;
	}
	return stats;
}

const chineseDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** One highlight as the form asks for it: name, time, place, experts and audience, content, effect. */
function highlightText(h: StatisticsHighlight, n: number, withPilot: boolean): string {
	const clause = (t: string | null) => (t ? t.trim().replace(/[。；;.\s]+$/u, '') : '未填写');
	return [
		`${n}. ${withPilot ? `【${h.pilotName}】` : ''}活动名称：${h.title}`,
		`时间：${chineseDate(h.date)}`,
		`地点：${clause(h.place)}`,
		`参与服务专家 ${h.experts} 人次，受众 ${h.served} 人次`,
		`服务内容：${clause(h.content)}`,
		`服务效果：${clause(h.effect)}`
	].join('；') + '。';
}

/**
 * 附件3 laid out as the office's form, one blank per line so each can be found and checked: the
 * title in row 1 (blank 1), 填报单位 in C2 (blank 2) and 填报日期 in E2 (blank 3); from row 4 on,
 * blank n sits in row n, its figure in column D (numbers as numbers, 是/否 as text). The numbering
 * is `STATISTICS_BLANKS` (domain/statistics.ts), which also says which of the form's 34 places are
 * not this product's.
 */
export async function statisticsWorkbook(scope: string, today: string, s: ActivityStatistics): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('活动情况统计表', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
	sheet.columns = [
		{ key: 'no', width: 6 },
		{ key: 'section', width: 12 },
		{ key: 'item', width: 40 },
		{ key: 'value', width: 48 },
		{ key: 'unit', width: 14 }
	];
	sheet.mergeCells('A1:E1');
	const title = sheet.getCell('A1');
	title.value = STATISTICS_TITLE;
	title.font = { bold: true, size: 16 };
	title.alignment = { horizontal: 'center' };
	sheet.mergeCells('A2:B2');
	sheet.getCell('A2').value = '填报单位（公章）';
	sheet.getCell('C2').value = text(scope);
	sheet.getCell('D2').value = '填报日期';
	sheet.getCell('D2').alignment = { horizontal: 'right' };
	sheet.getCell('E2').value = asDate(today);
	sheet.getCell('E2').numFmt = 'yyyy"年"m"月"d"日"';
	const header = sheet.getRow(3);
	header.values = ['序号', '栏目', '项目', '填报内容', '单位'];
	header.font = { bold: true };
	sheet.views = [{ state: 'frozen', ySplit: 3 }];

	const t = s.tally;
	const e = s.extras;
	const yesNo = (b: boolean) => (b ? '是' : '否');
	const start = s.period?.startDate;
	const values: Record<number, string | number> = {
		4: s.teams,
		5: s.members,
		6: start ? `${Number(start.slice(0, 4))}年${Number(start.slice(5, 7))}月` : '（无立项试点）',
		7: t.activities,
		...Object.fromEntries(ACTIVITY_KINDS.map((k, i) => [8 + i, t.byKind[k]])),
		15: t.keyEvent,
		16: t.concern,
		17: t.keyGroup,
		18: t.experts,
		19: t.served,
		20: s.highlights.length ? s.highlights.map((h, i) => highlightText(h, i + 1, s.pilots > 1)).join('\n') : '本期未标记亮点活动',
		21: e.mobileMuseumTours,
		22: yesNo(e.mobileMuseumCovered),
		23: e.caravanTours,
		24: yesNo(e.caravanCovered),
		25: e.ruralTrainings,
		26: e.ruralTrainees,
		27: e.farmerContest,
		28: e.provincialContest,
		29: e.infoOfficers,
		30: e.articlesShared,
		31: e.articlesPerOfficer
	};
	for (const b of STATISTICS_BLANKS) {
		if (b.no < 4) continue;
		const row = sheet.getRow(b.no);
		row.values = [b.no, b.section, b.label, values[b.no], 'unit' in b ? b.unit : ''];
		row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
		if (b.no === 31) row.getCell(4).numFmt = '0.0';
	}

	const about = wb.addWorksheet('说明');
	about.getColumn(1).width = 14;
	about.getColumn(2).width = 90;
	const notes: [string, string][] = [
		['统计范围', text(scope)],
		['统计期间', s.period ? `${s.period.startDate} 至 ${s.period.endDate}（各试点自立项日起至今天或周期结束）` : '无已立项的试点'],
		['活动', '计入试点周期内、已开展的活动；“其中”三项按活动的关键时间节点、领域/类型/重点人群判断（与季度节奏检查同一规则），一项活动可同时计入多项'],
		['亮点活动', s.moreHighlights ? `期间共标记 ${s.highlights.length + s.moreHighlights} 项亮点活动，表中列最近的 ${s.highlights.length} 项` : '期间标记的亮点活动，最近的至多 2 项'],
		['月报数据', `服务阵地、科技惠民、网络动员各项取自期间各月月报（共 ${e.months} 份，含待审核的；已退回修改的不计入）：次数、人次、文章数逐月相加；“是否基本覆盖”任一月为是即为是；信息员人数取最近一个月的月报（多个试点相加）；平均每人 = 文章数 ÷ 信息员人数，四舍五入保留一位小数`]
	];
	notes.forEach((n) => about.addRow(n));
	about.eachRow((r) => (r.getCell(2).alignment = { wrapText: true, vertical: 'top' }));
	return bytesOf(wb);
}
