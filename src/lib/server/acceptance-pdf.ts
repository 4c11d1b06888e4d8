/**
 * The acceptance record (验收记录) as a PDF for signing and filing: the same object the printed page
 * renders (`programme.acceptanceRecordOf`), drawn through the one PDF module. Text flows from the top
 * of the page, so a long list of unverified items continues on the next page.
 */
import { chineseDate } from '../domain/certificates';
import { todayIn } from './clock';
import { renderPdf, type PdfOp, type PdfSpec } from './pdf';
import type { AcceptanceRecord } from './programme';

const BODY = 10.5;

export function acceptancePdfSpec(record: AcceptanceRecord): PdfSpec {
	const { pilot, targets, shortfalls, unverified, decision, publicity, culture } = record;
	const width = 451;
	const heading = (text: string): PdfOp[] => [['moveDown', 0.8], ['font', 'sans'], ['fontSize', 13], ['text', text], ['font', 'serif'], ['fontSize', BODY], ['moveDown', 0.2]];
	const line = (text: string): PdfOp => ['text', text, { width, lineGap: 4 }];
	const ops: PdfOp[] = [
		['font', 'sans'],
		['fontSize', 20],
		['text', `${pilot.name} 试点验收记录`, { width, align: 'center' }],
		['moveDown', 0.4],
		['font', 'serif'],
		['fontSize', BODY],
		['text', `${pilot.roundName} · ${pilot.level}试点 · 试点周期 ${pilot.startDate ?? '—'} 至 ${pilot.endDate ?? '—'} · 当前阶段：${pilot.lifecycleLabel}`, { width, align: 'center' }],
		['text', `数据截至 ${chineseDate(record.asOf)}`, { width, align: 'center' }],
		...heading('一、任务完成情况（填报数 / 已核实数）'),
		...targets.map((t) => line(`${t.label}：目标 ${t.target}，填报 ${t.claimed}，已核实 ${t.verified}——${t.metVerified ? '按核实数已达标' : t.metClaimed ? '按填报数达标，按核实数未达标' : '未达标'}`)),
		line(shortfalls.length ? `按已核实数仍有 ${shortfalls.length} 项任务未完成。` : '按已核实数各项任务均已完成。'),
		...heading('二、尚未核实的事项'),
		...(unverified.length ? unverified.flatMap((g) => [line(`${g.label}（${g.items.length}）：${g.items.map((i) => `${i.name}（${i.state}）`).join('；')}`)]) : [line('无。')]),
		...heading('三、宣传与站点文化'),
		line(`先进典型 ${publicity.cases.total} 个（已报送 ${publicity.cases.reported}，采用 ${publicity.cases.adopted}）；媒体报道 ${publicity.media.total} 篇（已报送 ${publicity.media.reported}，采用 ${publicity.media.adopted}）。`),
		line(`站点文化作品 ${culture.total} 件（文艺作品 ${culture.artwork}、文创产品 ${culture.creative_product}、公益广告 ${culture.psa}），来自 ${culture.stations} 个站点。`),
		...heading('四、经验总结'),
		line(record.closingSummary?.trim() || '尚未提交。'),
		...heading('五、验收结论'),
		line(decision ? `${decision.label}（${decision.by ?? '—'}，${chineseDate(todayIn(new Date(decision.at)))}）` : '尚未作出验收结论。'),
		...(decision?.reason ? [line(`理由：${decision.reason}`)] : []),
		['moveDown', 2],
		line('验收组成员（签字）：'),
		['moveDown', 2.5],
		line('省科协（盖章）：                                        年    月    日')
	];
	return { info: { title: `${pilot.name} 试点验收记录`, subject: '科技志愿服务体系建设试点验收记录' }, fonts: ['sans', 'serif'], margins: { top: 64, bottom: 56, left: 72, right: 72 }, ops };
}

export function acceptancePdf(record: AcceptanceRecord): Promise<Uint8Array> {
	return renderPdf(acceptancePdfSpec(record));
}
