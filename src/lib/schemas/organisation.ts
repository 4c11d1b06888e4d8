/** The forms of the volunteer organisation (issue 19): units, officers, obligations, 督办. */
import { z } from 'zod';
import { ORG_KINDS } from '../domain/organisation';
import { OFFICER_ROLES, type OfficerRole } from '../domain/org-units';
import { choice, date, optionalId, optionalText, recordId, text } from './common';

const version = z.coerce.number({ error: '版本号无效' }).int('版本号无效').positive('版本号无效').optional();
const optionalDate = (label: string) => z.union([date(label), z.literal('').transform(() => null)]).optional().transform((v) => v ?? null);
const divisionCode = z
	.string()
	.trim()
	.refine((s) => s === '' || /^\d{6}$/.test(s), '请选择有效的行政区划')
	.optional()
	.transform((s) => (s ? s : null));

const unitFields = {
	name: text('单位名称', 60),
	divisionCode,
	foundedOn: optionalDate('成立日期'),
	platformId: optionalText('平台注册编号', 40)
};

export const unitCreateSchema = z.object({ kind: choice('单位类型', ORG_KINDS), parentId: optionalId, ...unitFields });
export const unitEditSchema = z.object({ ...unitFields, version });
export const unitMoveSchema = z.object({ parentId: optionalId });

export const officerSchema = z.object({
	role: choice('职务', OFFICER_ROLES as readonly OfficerRole[] as [OfficerRole, ...OfficerRole[]]),
	name: text('姓名', 20),
	workUnit: optionalText('单位及职务', 60),
	phone: z
		.string()
		.trim()
		.refine((s) => s === '' || /^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(s), '联系电话应为 11 位手机号或带区号的固定电话')
		.optional()
		.transform((s) => (s ? s : null)),
	version
});

export const deadlineSchema = z.object({
	title: text('任务名称', 60),
	dueDate: date('截止日期'),
	kinds: z.array(choice('适用单位类型', ORG_KINDS)).min(1, '请至少选择一类单位').max(ORG_KINDS.length),
	version
});
export const DEADLINE_ARRAY_FIELDS = ['kinds'] as const;

export const doneSchema = z.object({
	deadlineId: recordId('请选择报送任务'),
	doneOn: date('完成日期'),
	note: optionalText('完成情况说明', 500, { multiline: true })
});

/** names one obligation of the unit (撤销登记) */
export const deadlineRefSchema = z.object({ deadlineId: recordId('请选择报送任务') });

export const unitRemindSchema = z.object({
	deadlineId: recordId('请选择报送任务'),
	message: text('督办内容', 500, { multiline: true })
});

export const teamLinkSchema = z.object({ teamId: recordId('请选择服务队') });
export const idSchema = z.object({ id: recordId('未找到该记录') });

/** A round's size settings: `<kind>_firstBatch` and `<kind>_yearEnd` for every kind. */
const size = (label: string) =>
	z
		.string({ error: `请填写${label}` })
		.trim()
		.refine((s) => /^\d{1,6}$/.test(s), `${label}须为不小于 0 的整数`)
		.transform(Number);
export const orgSizesSchema = z
	.object({
		...Object.fromEntries(ORG_KINDS.flatMap((k) => [[`${k}_firstBatch`, size('首批人数')], [`${k}_yearEnd`, size('年底人数')]])),
		version
	})
	.superRefine((v, ctx) => {
		const r = v as Record<string, number>;
		for (const k of ORG_KINDS) if (r[`${k}_yearEnd`] < r[`${k}_firstBatch`]) ctx.addIssue({ code: 'custom', path: [`${k}_yearEnd`], message: '年底人数不能少于首批人数' });
	});

export function sizeSettingsOf(data: Record<string, unknown>) {
	return Object.fromEntries(ORG_KINDS.map((k) => [k, { firstBatch: Number(data[`${k}_firstBatch`]), yearEnd: Number(data[`${k}_yearEnd`]) }]));
}
