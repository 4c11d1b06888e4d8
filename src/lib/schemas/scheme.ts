/**
 * What the rest of the pilot scheme records (issue 21): publicity (五（三）) and station culture
 * (四（三））. One definition serves the form actions and the browser.
 */
import { z } from 'zod';
import { PUBLICITY_KINDS } from '../domain/publicity';
import { CULTURE_KINDS } from '../domain/culture';
import { choice, date, optionalText, recordId, text } from './common';

const version = z.coerce.number({ error: '版本号无效' }).int('版本号无效').positive('版本号无效').optional();

/** A web address people can open: http or https only (no javascript:, no file:). */
const link = z
	.string()
	.trim()
	.max(500, '链接最多 500 个字符')
	.refine((s) => s === '' || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(s), '链接须以 http:// 或 https:// 开头')
	.optional()
	.transform((s) => (s ? s : null));

export const publicitySchema = z.object({
	kind: choice('类别', PUBLICITY_KINDS),
	title: text('标题', 100),
	date: date('日期'),
	outlet: optionalText('刊发媒体', 60),
	link,
	note: optionalText('简介', 2000, { multiline: true }),
	version
});
export type PublicityInput = z.output<typeof publicitySchema>;

/** The province's acknowledgement of a sent item. */
export const acknowledgeSchema = z.object({
	id: recordId('未找到该记录'),
	to: choice('确认结果', ['received', 'adopted'] as const)
});

export const cultureSchema = z.object({
	stationId: recordId('请选择站点'),
	kind: choice('作品类别', CULTURE_KINDS),
	title: text('作品名称', 100),
	date: date('日期'),
	link,
	note: optionalText('说明', 1000, { multiline: true }),
	version
});
export type CultureInput = z.output<typeof cultureSchema>;
