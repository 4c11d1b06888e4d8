/** 月报 forms: what a pilot writes when it submits, and what the province decides. */
import { z } from 'zod';
import { choice, optionalText, text } from './common';
import { isValidMonth } from '../domain/reporting';

const version = z
	.string()
	.trim()
	.refine((s) => s === '' || /^[1-9]\d{0,9}$/.test(s), '版本号无效')
	.optional()
	.transform((s) => (s ? Number(s) : null));

export const reportSchema = z.object({
	month: z.string({ error: '请选择报送月份' }).trim().refine(isValidMonth, '请选择报送月份'),
	narrative: text('本月工作情况', 2000, { multiline: true }),
	highlights: optionalText('亮点与问题', 1000, { multiline: true }),
	version
});

export const reportReviewSchema = z.object({
	reportId: z.string({ error: '未找到该月报' }).regex(/^[1-9]\d{0,9}$/, '未找到该月报').transform(Number),
	version: z.string({ error: '版本号无效' }).regex(/^[1-9]\d{0,9}$/, '版本号无效').transform(Number),
	decision: choice('审核结果', ['accept', 'return']),
	comment: optionalText('审核意见', 500, { multiline: true })
});
