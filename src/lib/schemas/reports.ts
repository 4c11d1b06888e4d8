/** 月报 forms: what a pilot writes when it submits, and what the province decides. */
import { z } from 'zod';
import { choice, count, optionalText, recordId, text } from './common';
import { EXTRA_LABELS, type MonthlyExtras } from '../domain/statistics';
import { ID_PATTERN } from '../ids';
import { isValidMonth } from '../domain/reporting';

const version = z
	.string()
	.trim()
	.refine((s) => s === '' || ID_PATTERN.test(s), '版本号无效')
	.optional()
	.transform((s) => (s ? Number(s) : null));

/** 是/否 as a select posts it. */
const yesNo = (label: string) => choice(label, ['yes', 'no']).transform((v) => v === 'yes');
const extraCount = (key: keyof MonthlyExtras) => count(`${EXTRA_LABELS[key].label}（${EXTRA_LABELS[key].unit}）`);

/** The statistics form's figures a unit states with each report (004 附件3; see domain/statistics.ts). */
export const reportExtrasSchema = {
	mobileMuseumTours: extraCount('mobileMuseumTours'),
	mobileMuseumCovered: yesNo('流动科技馆是否基本覆盖全县'),
	caravanTours: extraCount('caravanTours'),
	caravanCovered: yesNo('科普大篷车是否基本覆盖全县'),
	ruralTrainings: extraCount('ruralTrainings'),
	ruralTrainees: extraCount('ruralTrainees'),
	farmerContest: extraCount('farmerContest'),
	provincialContest: extraCount('provincialContest'),
	infoOfficers: extraCount('infoOfficers'),
	articlesShared: extraCount('articlesShared')
};

export const reportSchema = z
	.object({
		month: z.string({ error: '请选择报送月份' }).trim().refine(isValidMonth, '请选择报送月份'),
		narrative: text('本月工作情况', 2000, { multiline: true }),
		highlights: optionalText('亮点与问题', 1000, { multiline: true }),
		...reportExtrasSchema,
		version
	})
	.superRefine((r, ctx) => {
		// people trained where no training was held: one of the two figures is wrong
		if (r.ruralTrainings === 0 && r.ruralTrainees > 0) ctx.addIssue({ code: 'custom', path: ['ruralTrainees'], message: '本月未开展农村重点人群科学素质培训（0 次），培训人次应为 0；如有培训，请填写培训次数' });
	});

/** Stored figures as the form shows them (numbers as text, 是/否 as the select's values). */
export function extrasFormValues(e: MonthlyExtras): Record<string, string> {
	return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)]));
}

export const reportReviewSchema = z.object({
	reportId: recordId('未找到该月报'),
	version: recordId('版本号无效'),
	decision: choice('审核结果', ['accept', 'return']),
	comment: optionalText('审核意见', 500, { multiline: true })
});
