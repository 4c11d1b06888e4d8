/**
 * The offices' roster forms as Excel files, filled from a team's roster or left blank as templates:
 * `004` 附件2 科技志愿者支队基本情况表 and `002` 附件2 志愿者集体注册信息表 per team, `002` 附件1
 * 组织集体注册信息表 per pilot, and the product's own roster template.
 *
 * Each form: a title row, the 单位/填报单位 and 填报日期 line, the header, one row per distinct person
 * (a roster is stored that way), set up to print on A4 (width fitted, header repeated on every
 * page). ID numbers are not stored, so a form shows the masked ID (**************1234); the importer
 * recognises such a row as the team's stored member, so an export read back keeps every person.
 *
 * Columns where the seeds are silent (also in the README): `002` 附件2 — 序号, 姓名, 性别, 居民身份证号码,
 * 手机号码, 工作单位, 职务职称, 专业特长, 所属服务队; `002` 附件1 — 序号, 组织名称, 组织类型, 所在地区（区划代码）,
 * 成立日期, 负责人, 联系电话, 志愿者人数, 人数依据, 合作单位类型, 合作单位名称, 大美志愿注册, 注册编号.
 */
import ExcelJS from 'exceljs';
import { idCheckCharacter } from '../../domain/roster';
import { PARTNER_TYPE_LABELS, type PartnerType } from '../../domain/labels';
import { COLUMNS } from './rosters';

/** The forms a team's roster is exported as (and has a template for). */
export const TEAM_FORMS = ['004', '002'] as const;
export type TeamForm = (typeof TEAM_FORMS)[number];
/** Templates: the product's own and the two offices' forms. */
export type TemplateForm = 'product' | TeamForm;

export const FORM_TITLES: Record<TeamForm | '002-1', { attachment: string; title: string }> = {
	'004': { attachment: '004 附件2', title: '科技志愿者支队基本情况表' },
	'002': { attachment: '002 附件2', title: '志愿者集体注册信息表' },
	'002-1': { attachment: '002 附件1', title: '组织集体注册信息表' }
};

/** A member as the forms write them: phones in full (a registration needs them), the ID masked. */
export interface FormMember {
	name: string;
	gender: string | null;
	organization: string | null;
	title: string | null;
	specialty: string | null;
	phone: string | null;
	idLast4: string | null;
}

interface Column<T> {
	header: string;
	width: number;
	value: (row: T, index: number) => string | number | null;
	/** a drop-down list for the template's rows */
	choices?: readonly string[];
}

const masked = (m: FormMember) => (m.idLast4 ? '*'.repeat(14) + m.idLast4 : '');
const GENDERS = ['男', '女'] as const;

const TEAM_COLUMNS: Record<TeamForm, Column<FormMember>[]> = {
	// the seed's five columns, exactly
	'004': [
		{ header: '序号', width: 6, value: (_, i) => i + 1 },
		{ header: '志愿者\n姓名', width: 12, value: (m) => m.name },
		{ header: '性别', width: 6, value: (m) => m.gender, choices: GENDERS },
		{ header: '单位', width: 34, value: (m) => m.organization },
		{ header: '职务/职称', width: 20, value: (m) => m.title }
	],
	'002': [
		{ header: '序号', width: 6, value: (_, i) => i + 1 },
		{ header: '姓名', width: 10, value: (m) => m.name },
		{ header: '性别', width: 6, value: (m) => m.gender, choices: GENDERS },
		{ header: '居民身份证号码', width: 21, value: masked },
		{ header: '手机号码', width: 14, value: (m) => m.phone },
		{ header: '工作单位', width: 28, value: (m) => m.organization },
		{ header: '职务职称', width: 14, value: (m) => m.title },
		{ header: '专业特长', width: 18, value: (m) => m.specialty }
	]
};

const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

/** 2026-12-02 → 2026年12月2日; empty → the form's blank "    年  月  日". */
export function chineseDate(date: string | null): string {
	if (!date) return '　　　　年　　月　　日';
	const [y, m, d] = date.split('-').map(Number);
	return `${y}年${m}月${d}日`;
}

/**
 * One form on its own sheet: title (row 1), the unit and date line (row 2), the header (row 3),
 * the rows, then an optional note. Text goes in as string cells, which a spreadsheet never runs
 * as a formula.
 */
function formSheet<T>(
	wb: ExcelJS.Workbook,
	spec: { sheet: string; title: string; unitLine: string; dateLine: string; columns: Column<T>[]; rows: T[]; note?: string; landscape?: boolean; validationRows?: number }
) {
	const ws = wb.addWorksheet(spec.sheet);
	const n = spec.columns.length;
	spec.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
	ws.mergeCells(1, 1, 1, n);
	const title = ws.getCell(1, 1);
	title.value = spec.title;
	title.font = { bold: true, size: 16 };
	title.alignment = { horizontal: 'center', vertical: 'middle' };
	ws.getRow(1).height = 30;
	const split = Math.max(1, Math.ceil(n / 2));
	ws.mergeCells(2, 1, 2, split);
	ws.getCell(2, 1).value = spec.unitLine;
	if (split < n) ws.mergeCells(2, split + 1, 2, n);
	const date = ws.getCell(2, Math.min(n, split + 1));
	date.value = spec.dateLine;
	date.alignment = { horizontal: 'right' };
	const header = ws.getRow(3);
	spec.columns.forEach((c, i) => {
		const cell = header.getCell(i + 1);
		cell.value = c.header;
		cell.font = { bold: true };
		cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
		cell.border = THIN;
	});
	header.height = 32;
	spec.rows.forEach((r, index) => {
		const row = ws.getRow(4 + index);
		spec.columns.forEach((c, i) => {
			const cell = row.getCell(i + 1);
			const v = c.value(r, index);
			cell.value = v === null || v === undefined ? '' : v;
			cell.border = THIN;
			cell.alignment = { vertical: 'middle', wrapText: true };
		});
	});
	const last = 3 + spec.rows.length;
	if (spec.note) {
		ws.mergeCells(last + 1, 1, last + 1, n);
		ws.getCell(last + 1, 1).value = spec.note;
		ws.getCell(last + 1, 1).font = { size: 10 };
	}
	if (spec.validationRows) {
		// ExcelJS keeps a range's validation as one rule; the worksheet's typing leaves the collection out
		const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
		spec.columns.forEach((c, i) => {
			if (!c.choices) return;
			const col = ws.getColumn(i + 1).letter;
			validations.add(`${col}4:${col}${3 + spec.validationRows!}`, {
				type: 'list',
				allowBlank: true,
				formulae: [`"${c.choices.join(',')}"`],
				showErrorMessage: true,
				errorTitle: c.header.replace(/\s/g, ''),
				error: `请从下拉列表中选择：${c.choices.join('、')}`
			});
		});
	}
	ws.views = [{ state: 'frozen', ySplit: 3 }];
	ws.pageSetup = {
		paperSize: 9, // A4
		orientation: spec.landscape ? 'landscape' : 'portrait',
		fitToPage: true,
		fitToWidth: 1,
		fitToHeight: 0,
		horizontalCentered: true,
		printTitlesRow: '3:3',
		margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }
	};
	ws.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };
	return ws;
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
	wb.creator = '试点通';
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

const NOTE_004 = '注：此表由市级学会、区县（市）科协填写。';

/** A team's roster as one of the offices' forms, one row per distinct person. */
export async function teamWorkbook(form: TeamForm, team: { name: string }, pilot: { name: string }, members: FormMember[], today: string): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const { title } = FORM_TITLES[form];
	formSheet(wb, {
		sheet: title,
		title,
		unitLine: form === '004' ? `单位：${team.name}` : `填报单位：${pilot.name}　服务队：${team.name}`,
		dateLine: `填报日期：${chineseDate(today)}`,
		columns: TEAM_COLUMNS[form],
		rows: members,
		note: form === '004' ? NOTE_004 : undefined,
		landscape: form === '002'
	});
	return bytesOf(wb);
}

/** A team as the organisations' registration form (`002` 附件1) lists it. */
export interface FormTeam {
	name: string;
	foundedOn: string | null;
	leaderName: string | null;
	leaderPhone: string | null;
	declaredMembers: number;
	rosterSize: number | null;
	partnerType: PartnerType;
	partnerName: string | null;
	registered: boolean;
	registrationId: string | null;
}

const ORG_COLUMNS = (pilot: { name: string; divisionCode: string }): Column<FormTeam>[] => [
	{ header: '序号', width: 6, value: (_, i) => i + 1 },
	{ header: '组织名称', width: 30, value: (t) => t.name },
	{ header: '组织类型', width: 14, value: () => '科技志愿服务队' },
	{ header: '所在地区（区划代码）', width: 16, value: () => pilot.divisionCode },
	{ header: '上级组织', width: 16, value: () => pilot.name },
	{ header: '成立日期', width: 12, value: (t) => t.foundedOn ?? '' },
	{ header: '负责人', width: 10, value: (t) => t.leaderName },
	{ header: '联系电话', width: 14, value: (t) => t.leaderPhone },
	{ header: '志愿者人数', width: 10, value: (t) => t.rosterSize ?? t.declaredMembers },
	{ header: '人数依据', width: 10, value: (t) => (t.rosterSize != null ? '花名册（去重）' : '申报') },
	{ header: '合作单位类型', width: 14, value: (t) => PARTNER_TYPE_LABELS[t.partnerType] },
	{ header: '合作单位名称', width: 24, value: (t) => t.partnerName },
	{ header: '大美志愿注册', width: 10, value: (t) => (t.registered ? '已注册' : '未注册') },
	{ header: '注册编号', width: 16, value: (t) => t.registrationId }
];

/** A pilot's teams as the organisations' collective registration form (`002` 附件1). */
export async function organisationsWorkbook(pilot: { name: string; divisionCode: string }, teams: FormTeam[], today: string): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const { title } = FORM_TITLES['002-1'];
	formSheet(wb, { sheet: title, title, unitLine: `填报单位：${pilot.name}`, dateLine: `填报日期：${chineseDate(today)}`, columns: ORG_COLUMNS(pilot), rows: teams, landscape: true });
	return bytesOf(wb);
}

/** An invented person for the templates' example row: a valid ID number (checked like any other), a phone in the unassigned 199 0000 block. */
export const EXAMPLE_PERSON = (() => {
	const first17 = '41022519900101001';
	return {
		name: '张晓东',
		gender: '男',
		organization: '兰考县人民医院',
		title: '主治医师',
		specialty: '心血管内科、健康科普',
		phone: '19900000001',
		idNumber: first17 + idCheckCharacter(first17)
	};
})();

/** Rows a template offers its drop-down lists on. */
const TEMPLATE_ROWS = 1000;

/**
 * A blank form to fill in: the product's template (the header on row 1 with a note on each column)
 * or one of the offices' forms laid out as when exported; each with one example row the importer
 * takes like any other, and drop-down lists (性别). A template's example is an invented person.
 */
export async function templateWorkbook(form: TemplateForm): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ex = EXAMPLE_PERSON;
	if (form === 'product') {
		const ws = wb.addWorksheet('花名册');
		ws.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
		ws.getRow(1).font = { bold: true };
		COLUMNS.forEach((c, i) => {
			ws.getCell(1, i + 1).note = c.note;
		});
		ws.addRow([ex.name, ex.gender, ex.organization, ex.title, ex.specialty, ex.phone, ex.idNumber]);
		// the ID and the phone as text, so Excel neither rounds the one nor drops a leading 0 from the other
		ws.getColumn(6).numFmt = '@';
		ws.getColumn(7).numFmt = '@';
		(ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`B2:B${1 + TEMPLATE_ROWS}`, {
			type: 'list',
			allowBlank: true,
			formulae: ['"男,女"'],
			showErrorMessage: true,
			errorTitle: '性别',
			error: '请从下拉列表中选择：男、女'
		});
		ws.views = [{ state: 'frozen', ySplit: 1 }];
		ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
		return bytesOf(wb);
	}
	const { title } = FORM_TITLES[form];
	const member: FormMember = { ...ex, idLast4: null };
	const columns = TEAM_COLUMNS[form].map((c) => (c.header === '居民身份证号码' ? { ...c, value: () => ex.idNumber } : c));
	const ws = formSheet(wb, {
		sheet: title,
		title,
		unitLine: form === '004' ? '单位：（支队名称）' : '填报单位：（试点单位）　服务队：（服务队名称）',
		dateLine: `填报日期：${chineseDate(null)}`,
		columns,
		rows: [member],
		note: form === '004' ? `${NOTE_004}第 4 行为示例，导入前请改写或删除。` : undefined,
		landscape: form === '002',
		validationRows: TEMPLATE_ROWS
	});
	for (const [i, c] of columns.entries()) if (['居民身份证号码', '手机号码'].includes(c.header)) ws.getColumn(i + 1).numFmt = '@';
	return bytesOf(wb);
}

export const TEMPLATE_FILES: Record<TemplateForm, string> = {
	product: '服务队花名册模板.xlsx',
	'004': '科技志愿者支队基本情况表（004附件2）模板.xlsx',
	'002': '志愿者集体注册信息表（002附件2）模板.xlsx'
};
