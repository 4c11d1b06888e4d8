/** 组织体系 as Excel (issue 19): the tree with sizes and statuses, and every unit's officers. */
import ExcelJS from 'exceljs';
import { inArray } from 'drizzle-orm';
import { db } from '../db';
import { orgOfficers } from '../db/schema';
import type { UnitRow } from './tree';
import { ORG_KIND_LABELS } from '../../domain/organisation';
import { OFFICER_ROLES, officerRoleLabel } from '../../domain/org-units';
import { PACE_STATUS_LABELS } from '../../domain/labels';

/** Text goes out as stored, as string cells (never formulas), as in the other exports. */
const text = (s: string | null | undefined) => (s == null ? '' : s);

export async function workbook(rows: UnitRow[], description: string): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = '试点通';
	const byId = new Map(rows.map((r) => [r.id, r]));
	const sheet = wb.addWorksheet('组织体系');
	sheet.columns = [
		{ header: '层级', key: 'depth', width: 6 },
		{ header: '单位', key: 'name', width: 30 },
		{ header: '类型', key: 'kind', width: 14 },
		{ header: '上级单位', key: 'parent', width: 26 },
		{ header: '行政区划', key: 'division', width: 14 },
		{ header: '成立日期', key: 'foundedOn', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
		{ header: '平台注册编号', key: 'platformId', width: 16 },
		{ header: '负责人', key: 'head', width: 10 },
		{ header: '挂靠服务队', key: 'teams', width: 10 },
		{ header: '成员（去重）', key: 'members', width: 10 },
		{ header: '首批要求', key: 'firstBatch', width: 9 },
		{ header: '年底要求', key: 'yearEnd', width: 9 },
		{ header: '人数情况', key: 'size', width: 36 },
		{ header: '活动频次', key: 'cadence', width: 50 },
		{ header: '报送任务', key: 'deadlines', width: 50 },
		{ header: '状态', key: 'status', width: 10 }
	];
	for (const r of rows) {
		sheet.addRow({
			depth: r.depth + 1,
			name: text(r.name),
			kind: ORG_KIND_LABELS[r.kind],
			parent: text(r.parentId !== null ? byId.get(r.parentId)?.name : ''),
			division: text(r.divisionName),
			foundedOn: r.foundedOn ? new Date(`${r.foundedOn}T00:00:00Z`) : null,
			platformId: text(r.platformId),
			head: text(r.head),
			teams: r.teams,
			members: r.members,
			firstBatch: r.requirement.firstBatch,
			yearEnd: r.requirement.yearEnd,
			size: r.size.reason,
			cadence: r.cadenceState.reasons.length ? r.cadenceState.reasons.join('；') : '达到要求',
			deadlines: r.deadlines.map((d) => d.reason).join('；'),
			status: PACE_STATUS_LABELS[r.status]
		});
	}
	sheet.getRow(1).font = { bold: true };
	sheet.views = [{ state: 'frozen', ySplit: 1 }];

	const officers = rows.length ? await db.select().from(orgOfficers).where(inArray(orgOfficers.unitId, rows.map((r) => r.id))) : [];
	officers.sort((a, b) => rows.indexOf(byId.get(a.unitId)!) - rows.indexOf(byId.get(b.unitId)!) || OFFICER_ROLES.indexOf(a.role) - OFFICER_ROLES.indexOf(b.role) || a.id - b.id);
	const os = wb.addWorksheet('负责人');
	os.columns = [
		{ header: '单位', key: 'unit', width: 30 },
		{ header: '职务', key: 'role', width: 12 },
		{ header: '姓名', key: 'name', width: 10 },
		{ header: '单位及职务', key: 'workUnit', width: 30 },
		{ header: '联系电话', key: 'phone', width: 16 }
	];
	for (const o of officers) {
		const u = byId.get(o.unitId)!;
		os.addRow({ unit: text(u.name), role: officerRoleLabel(o.role, u.kind), name: text(o.name), workUnit: text(o.workUnit), phone: text(o.phone) });
	}
	os.getRow(1).font = { bold: true };
	os.views = [{ state: 'frozen', ySplit: 1 }];

	const about = wb.addWorksheet('说明');
	about.addRow(['导出内容', description]);
	about.getColumn(1).width = 12;
	about.getColumn(2).width = 80;
	return new Uint8Array(await wb.xlsx.writeBuffer());
}
