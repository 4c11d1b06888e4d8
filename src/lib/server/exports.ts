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

export interface ActivityStatistics {
	teams: number;
	members: number;
	activities: number;
	byKind: Record<string, number>;
	onKeyDates: number;
	onHealth: number;
	forKeyGroups: number;
	experts: number;
	served: number;
}

/**
 * The statistics form's figures for some pilots: teams and members as recorded, and activities
 * held inside each pilot's cycle up to today (the ones that count).
 */
export async function activityStatistics(pilots: PilotProgress[]): Promise<ActivityStatistics> {
	const ids = pilots.map((p) => p.id);
	const stats: ActivityStatistics = { teams: 0, members: 0, activities: 0, byKind: Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, 0])), onKeyDates: 0, onHealth: 0, forKeyGroups: 0, experts: 0, served: 0 };
	if (!ids.length) return stats;
	const teamRows = await db.select({ members: teams.rosterSize, declared: teams.declaredMembers }).from(teams).where(inArray(teams.pilotId, ids));
	stats.teams = teamRows.length;
	stats.members = teamRows.reduce((sum, t) => sum + (t.members ?? t.declared), 0);
	const countedIds = new Set(pilots.flatMap((p) => (p.counted?.items.activities ?? []).filter((a) => a.counted).map((a) => Number(a.id))));
	const rows = countedIds.size ? await db.select().from(activities).where(and(inArray(activities.pilotId, ids), inArray(activities.id, [...countedIds]))) : [];
	for (const a of rows) {
		stats.activities++;
		stats.byKind[a.kind]++;
		if (a.keyDate) stats.onKeyDates++;
		if (a.field === 'health') stats.onHealth++;
		if (a.keyGroups.length) stats.forKeyGroups++;
		stats.experts += a.experts;
		stats.served += a.served;
	}
	return stats;
}

/** 附件3 laid out as the office's form: one figure per line, numbers in their own column. */
export async function statisticsWorkbook(scope: string, today: string, s: ActivityStatistics): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('活动情况统计表');
	sheet.columns = [
		{ header: '栏目', key: 'section', width: 10 },
		{ header: '项目', key: 'item', width: 40 },
		{ header: '数值', key: 'value', width: 12 },
		{ header: '单位', key: 'unit', width: 8 }
	];
	const row = (section: string, item: string, value: number, unit: string) => sheet.addRow({ section, item, value, unit });
	row('志愿队伍', '已建立科技志愿服务队', s.teams, '支');
	row('志愿队伍', '队员人数', s.members, '人');
	row('志愿活动', '组织科技志愿服务活动', s.activities, '次');
	for (const k of ACTIVITY_KINDS) row('志愿活动', `其中：${ACTIVITY_KIND_LABELS[k]}`, s.byKind[k], '次');
	row('志愿活动', '结合全国科普日等重点活动开展服务', s.onKeyDates, '次');
	row('志愿活动', '结合卫生健康等群众关切开展服务', s.onHealth, '次');
	row('志愿活动', '结合农村妇女、青少年等重点人群开展服务', s.forKeyGroups, '次');
	row('志愿活动', '参与服务的专家', s.experts, '人次');
	row('志愿活动', '接受服务的群众', s.served, '人次');
	styleHeader(sheet);
	sheet.addRow([]);
	sheet.addRow(['填报单位', text(scope)]);
	sheet.addRow(['填报日期', asDate(today)]).getCell(2).numFmt = 'yyyy-mm-dd';
	return bytesOf(wb);
}
