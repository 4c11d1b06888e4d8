/** 月报 forms: what a pilot writes when it submits, and what the province decides. */
import { z } from 'zod';
import { choice, optionalText, recordId, text } from './common';
import { ID_PATTERN } from '../ids';
import { isValidMonth } from '../domain/reporting';

const version = z
	.string()
	.trim()
	.refine((s) => s === '' || ID_PATTERN.test(s), '版本号无效')
	.optional()
	.transform((s) => (s ? Number(s) : null));

export const reportSchema = z.object({
	month: z.string({ error: '请选择报送月份' }).trim().refine(isValidMonth, '请选择报送月份'),
	narrative: text('本月工作情况', 2000, { multiline: true }),
	highlights: optionalText('亮点与问题', 1000, { multiline: true }),
	version
});

export const reportReviewSchema = z.object({
	reportId: recordId('未找到该月报'),
	version: recordId('版本号无效'),
	decision: choice('审核结果', ['accept', 'return']),
	comment: optionalText('审核意见', 500, { multiline: true })
});
