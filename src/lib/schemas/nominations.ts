/** Forms of the nominations area (典型事迹征集): calls, quotas, nominations, review and 公示. */
import { isValidMonth } from '../domain/reporting';
import { z } from 'zod';
import { checkbox, choice, count, date, optionalId, optionalText, recordId, text } from './common';
import { isValidDate } from '../domain/dates';
import { NOMINATION_CATEGORIES } from '../domain/nominations';
import { fractionFromPercent, PERCENT_PATTERN } from '../domain/percent';

const percent = (label: string) =>
	z
		.string({ error: `请填写${label}` })
		.trim()
		.refine((s) => PERCENT_PATTERN.test(s), `${label}须为 0–100 之间的百分数，如 10 或 10%`)
		.transform((s) => fractionFromPercent(s)!);

/** "事迹突出 40" per line: a criterion and its weight. */
const criteria = z
	.string({ error: '请填写评审指标' })
	.transform((s) => s.normalize('NFC').trim())
	.pipe(
		z
			.string()
			.min(1, '请填写评审指标')
			.max(500, '评审指标最多 500 个字')
			.refine((s) => s.split(/\r?\n/).filter((l) => l.trim()).every((l) => /^\s*\S.{0,29}?\s+\d{1,3}\s*$/.test(l)), '每行一个指标：名称、空格、权重（整数），如“事迹突出 40”')
			.transform((s) =>
				s
					.split(/\r?\n/)
					.filter((l) => l.trim())
					.map((l) => {
						const m = /^\s*(.+?)\s+(\d{1,3})\s*$/.exec(l)!;
						return { name: m[1], weight: Number(m[2]) };
					})
			)
			.refine((list) => list.some((c) => c.weight > 0), '指标权重之和须大于 0')
			.refine((list) => list.length <= 8, '最多 8 个指标')
	);

export const criteriaText = (list: { name: string; weight: number }[]) => list.map((c) => `${c.name} ${c.weight}`).join('\n');

export const callSchema = z
	.object({
		name: text('征集名称', 80),
		year: count('年度', { min: 2000, max: 2100 }),
		cutoffDate: date('数据截止日期'),
		deadline: date('报送截止日期'),
		volunteerSelect: count('科技志愿者遴选数', { max: 500 }),
		volunteerPlaces: count('科技志愿者推荐名额', { max: 5000 }),
		teamSelect: count('服务队遴选数', { max: 500 }),
		teamPlaces: count('服务队推荐名额', { max: 5000 }),
		projectSelect: count('项目遴选数', { max: 500 }),
		projectPlaces: count('项目推荐名额', { max: 5000 }),
		stationSelect: count('服务点遴选数', { max: 500 }),
		stationPlaces: count('服务点推荐名额', { max: 5000 }),
		quotaMinimum: count('每单位最少名额', { max: 100 }),
		teamMinVolunteers: count('服务队最少注册志愿者', { max: 100000 }),
		teamMinVolunteersOutstanding: count('表现特别突出的服务队最少注册志愿者', { max: 100000 }),
		projectMinVolunteers: count('项目最少注册志愿者', { max: 100000 }),
		projectMinYears: count('项目最短实施年数', { max: 50 }),
		stationMinShare: percent('服务点志愿者最低占比'),
		stationMinKinds: count('服务点最少活动类别', { max: 50 }),
		stationMinTeams: count('服务点最少服务队', { max: 50 }),
		criteria,
		hideUnitFromReviewers: checkbox,
		unitIds: z.array(recordId('推荐单位选项无效')).max(200).default([]),
		version: z.coerce.number().int().optional()
	})
	.superRefine((v, ctx) => {
		if (v.deadline < v.cutoffDate) ctx.addIssue({ code: 'custom', path: ['deadline'], message: '报送截止日期不能早于数据截止日期' });
		if (v.unitIds.length === 0) ctx.addIssue({ code: 'custom', path: ['unitIds'], message: '请至少选择一个推荐单位' });
		for (const c of NOMINATION_CATEGORIES) {
			const sel = v[`${c}Select`];
			const places = v[`${c}Places`];
			if (places > 0 && places < sel) ctx.addIssue({ code: 'custom', path: [`${c}Places`], message: '推荐名额不能少于遴选数' });
		}
		if (NOMINATION_CATEGORIES.every((c) => v[`${c}Select`] === 0)) ctx.addIssue({ code: 'custom', path: ['volunteerSelect'], message: '至少一个类别的遴选数须大于 0' });
	});
export type CallInput = z.output<typeof callSchema>;
export const CALL_ARRAY_KEYS = ['unitIds'] as const;

export const chooseSchema = z.object({
	unitId: recordId('未找到该推荐单位'),
	categories: z.array(choice('类别', NOMINATION_CATEGORIES)).max(4).default([])
});
export const CHOOSE_ARRAY_KEYS = ['categories'] as const;

export const adjustSchema = z.object({
	quotaId: recordId('未找到该名额'),
	quota: count('调整后名额', { max: 1000 }),
	reason: text('调整理由', 200)
});

export const stageSchema = z.object({
	stage: choice('阶段', ['open', 'review', 'publicity', 'published'] as const),
	// needed only when moving to 公示; the server says so at the field
	publicityStart: z
		.string()
		.trim()
		.optional()
		.default('')
		.refine((s) => s === '' || isValidDate(s), '公示开始日期不是有效日期（格式 YYYY-MM-DD）')
});

export const nominateSchema = z.object({
	category: choice('类别', NOMINATION_CATEGORIES),
	candidate: text('推荐对象', 120)
});

/** What only people can write on the forms (000 附件2–5, 001 附件2/3); every field optional until submit. */
export const nominationSchema = z.object({
	gender: optionalText('性别', 4).refine((g) => g === null || g === '男' || g === '女', '请选择性别'),
	birthMonth: optionalText('出生年月', 10).refine((m) => m === null || (isValidMonth(m) && m >= '1900-01'), '出生年月请按“1985-06”填写'),
	politics: optionalText('政治面貌', 20),
	address: optionalText('通讯地址', 100),
	contact: optionalText('联系方式', 40),
	activitiesText: optionalText('主要服务项目/活动', 200, { multiline: true }),
	deeds: optionalText('主要事迹', 1000, { multiline: true }),
	noBadRecord: checkbox,
	outstanding: checkbox,
	exceptionReason: optionalText('破格推荐理由', 500, { multiline: true }),
	version: z.coerce.number({ error: '版本号无效' }).int().positive()
});
export type NominationInput = z.output<typeof nominationSchema>;

export const fileIdSchema = z.object({ fileId: recordId('未找到该文件') });

export const assignSchema = z.object({
	reviewerId: recordId('请选择评审专家'),
	nominationIds: z.array(recordId('推荐对象选项无效')).max(500).default([])
});
export const ASSIGN_ARRAY_KEYS = ['nominationIds'] as const;

export const scoreSchema = z.object({
	nominationId: recordId('未找到该推荐对象'),
	scores: z.array(count('分数', { max: 100 })).max(8).default([])
});
export const SCORE_ARRAY_KEYS = ['scores'] as const;

/** One criterion's score as typed: a whole number from 0 to 100. */
export const isScore = (typed: unknown): boolean => typeof typed === 'string' && /^\d{1,3}$/.test(typed.trim()) && Number(typed) <= 100;

/**
 * Each criterion's problem by its name, all at once ("事迹突出：分数不能大于 100；示范带动：请填写分数"):
 * the scores share one field name, so the message says which one is wrong.
 */
export function scoreCheck(criteria: readonly { name: string }[]) {
	return (values: Record<string, unknown>): Record<string, string> => {
		const typed = Array.isArray(values.scores) ? values.scores : [values.scores];
		const problems = criteria.flatMap((c, i) => {
			const v = typed[i];
			if (v === undefined || v === null || String(v).trim() === '') return [`${c.name}：请填写分数`];
			if (!isScore(v)) return [`${c.name}：${/^\d+$/.test(String(v).trim()) ? '分数不能大于 100' : '分数须为 0–100 的整数'}`];
			return [];
		});
		return problems.length ? { scores: problems.join('；') } : {};
	};
}

export const conflictSchema = z.object({
	nominationId: recordId('未找到该推荐对象'),
	conflict: text('回避原因', 200)
});

export const decideSchema = z.object({
	selectedIds: z.array(recordId('推荐对象选项无效')).max(1000).default([])
});
export const DECIDE_ARRAY_KEYS = ['selectedIds'] as const;

export const objectionSchema = z.object({
	nominationId: optionalId,
	who: text('异议人', 40),
	contact: text('联系方式', 60),
	what: text('异议内容', 1000, { multiline: true }),
	receivedOn: date('收到日期')
});

export const resolveSchema = z.object({
	objectionId: recordId('未找到该异议'),
	resolution: text('处理结果', 500, { multiline: true })
});
