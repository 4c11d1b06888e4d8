/**
 * The recommendation forms as the seeds print them, filled from the data and what people wrote:
 * `001` 附件2 优秀科技志愿者 / 附件3 优秀科技志愿服务队 (their fields, in their order), and for `000`'s
 * 附件2–5 (titles only in the seed) the same fields under its 十佳 titles, with a project's and a
 * station's own fields. Exported as Word (.docx) with the `docx` package and as PDF (pdf.ts, the
 * same fields in the same order); the unit prints, stamps and uploads the scan back.
 */
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { NominationCategory } from '../../domain/nominations';
import { renderPdf, type PdfOp, type PdfSpec } from '../pdf';
import type { Nomination } from './entries';

export interface FormField {
	label: string;
	value: string;
}

const TITLES: Record<NominationCategory, string> = {
	volunteer: '“十佳科技志愿者”推荐表',
	team: '“十佳科技志愿服务队”推荐表',
	project: '“十佳科技志愿服务项目”推荐表',
	station: '“十佳科技志愿服务点（社区或村）”推荐表'
};

const text = (v: unknown): string => {
	if (v === null || v === undefined || v === '') return '';
	if (Array.isArray(v)) return v.join('、');
	return String(v);
};
const hours = (v: unknown) => (v === null || v === undefined ? '' : `${v} 小时`);
const people = (v: unknown) => (v === null || v === undefined ? '' : `${v} 人`);

/** The form's title and its fields with their values, in the seed's order. */
export function formOf(n: Nomination, unitName: string, photos: number): { title: string; fields: FormField[] } {
	const f = n.figures as Record<string, unknown>;
	const d = n.details;
	const common = [
		{ label: `主要事迹（不超过1000字）`, value: n.deeds ?? '' },
		{ label: n.category === 'team' ? '开展活动的照片（2张，每张照片大小不低于1M不超过3M）' : '照片（每张照片大小不低于1M不超过3M）', value: `已上传 ${photos} 张` },
		{ label: '推荐单位（盖章）', value: unitName }
	];
	let fields: FormField[];
	if (n.category === 'volunteer') {
		fields = [
			{ label: '姓名', value: text(f.name) },
			{ label: '性别', value: text(d.gender ?? f.gender) },
			{ label: '出生年月', value: text(d.birthMonth) },
			{ label: '政治面貌', value: text(d.politics) },
			{ label: '通讯地址', value: text(d.address) },
			{ label: '联系方式', value: text(d.contact ?? f.phone) },
			{ label: '所在科技志愿服务队', value: text(f.teams) },
			{ label: '主要服务项目/活动', value: [text(f.projects), text(d.activitiesText)].filter(Boolean).join('；') },
			{ label: '何时起参加科技志愿服务活动', value: text(f.since) },
			{ label: '累计参加科技志愿服务时长', value: hours(f.hours) }
		];
	} else if (n.category === 'team') {
		fields = [
			{ label: '队伍名称', value: text(f.name) },
			{ label: '成立时间', value: text(f.foundedOn) },
			{ label: '注册科技志愿者人数', value: people(f.members) },
			{ label: '累计开展科技志愿服务时长', value: hours(f.hours) },
			{ label: '人均开展科技志愿服务时长', value: hours(f.perCapitaHours) },
			{ label: '组织负责人', value: text(f.leaderName) },
			{ label: '联系方式', value: text(d.contact ?? f.leaderPhone) },
			{ label: '经常开展的科技志愿服务活动', value: [text(f.usualActivities), text(d.activitiesText)].filter(Boolean).join('；') }
		];
	} else if (n.category === 'project') {
		fields = [
			{ label: '项目名称', value: text(f.name) },
			{ label: '实施开始时间', value: text(f.startDate) },
			{ label: '参与项目的注册科技志愿者人数', value: people(f.volunteers) },
			{ label: '累计开展活动次数', value: f.activities === undefined ? '' : `${f.activities} 次` },
			{ label: '累计服务时长', value: hours(f.hours) },
			{ label: '实施服务队', value: text(f.teams) },
			{ label: '联系方式', value: text(d.contact) }
		];
	} else {
		fields = [
			{ label: '服务点名称', value: text(f.name) },
			{ label: '地址', value: text(d.address ?? f.address) },
			{ label: '常住人口', value: people(f.residents) },
			{ label: '注册科技志愿者人数', value: people(f.volunteers) },
			{ label: '组建的科技志愿服务队', value: text(f.teams) },
			{ label: '开展的科技志愿服务活动类别', value: f.activityKinds === undefined ? '' : `${f.activityKinds} 类` },
			{ label: '联系方式', value: text(d.contact) }
		];
	}
	return { title: TITLES[n.category], fields: [...fields, ...common] };
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: border, bottom: border, left: border, right: border };

/** The filled form as a .docx: a title, then one table row per field (label | value). */
export async function docxOf(n: Nomination, unitName: string, photos: number): Promise<Buffer> {
	const { title, fields } = formOf(n, unitName, photos);
	const cell = (t: string, width: number, bold = false) =>
		new TableCell({
			borders,
			width: { size: width, type: WidthType.PERCENTAGE },
			children: t.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold, font: 'SimSun', size: 24 })] }))
		});
	const doc = new Document({
		creator: '试点通',
		title,
		sections: [
			{
				children: [
					new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: title, bold: true, font: 'SimHei', size: 32 })] }),
					new Table({
						width: { size: 100, type: WidthType.PERCENTAGE },
						rows: fields.map((f) => new TableRow({ children: [cell(f.label, 30, true), cell(f.value, 70)] }))
					}),
					new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 480 }, children: [new TextRun({ text: '年    月    日', font: 'SimSun', size: 24 })] })
				]
			}
		]
	});
	return Packer.toBuffer(doc);
}

/**
 * The filled form as a PDF for printing and stamping: the title, then each field as its label (in
 * the sans face) over its value, the unit's stamp line and the date to write by hand. Text flows, so
 * a long 主要事迹 continues on the next page.
 */
export function pdfSpecOf(n: Nomination, unitName: string, photos: number): PdfSpec {
	const { title, fields } = formOf(n, unitName, photos);
	const width = 451;
	const ops: PdfOp[] = [['font', 'sans'], ['fontSize', 18], ['text', title, { width, align: 'center' }], ['moveDown', 0.8]];
	for (const f of fields) {
		ops.push(['font', 'sans'], ['fontSize', 10.5], ['fillColor', '#444444'], ['text', f.label, { width }]);
		ops.push(['font', 'serif'], ['fontSize', 11.5], ['fillColor', '#000000'], ['text', f.value || '—', { width, lineGap: 3, indent: 0 }], ['moveDown', 0.5]);
	}
	ops.push(['moveDown', 1.5], ['font', 'serif'], ['fontSize', 11.5], ['text', '年    月    日', { width, align: 'right' }]);
	return { info: { title: `${n.candidateName} ${title}`, subject: title }, fonts: ['sans', 'serif'], margins: { top: 64, bottom: 56, left: 72, right: 72 }, ops };
}

export function pdfOf(n: Nomination, unitName: string, photos: number): Promise<Uint8Array> {
	return renderPdf(pdfSpecOf(n, unitName, photos));
}
