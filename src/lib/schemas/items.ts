/**
 * The schemas for what a pilot records. One definition serves the form actions, the Excel
 * import and the browser; messages are Chinese and name the field.
 */
import { z } from 'zod';
import { fractionFromPercent } from '../domain/percent';
import { ACTIVITY_KINDS, ACTIVITY_SETTINGS, FACILITY_TYPES, FIELDS, KEY_GROUPS, MECHANISM_STATUSES, PARTNER_TYPES } from '../domain/labels';
import { checkbox, choice, count, date, optionalId, optionalText, recordId, text } from './common';

const version = z.coerce.number({ error: '版本号无效' }).int('版本号无效').positive('版本号无效').optional();

export const teamSchema = z
	.object({
		name: text('服务队名称', 60),
		foundedOn: z.union([date('成立日期'), z.literal('').transform(() => null)]).optional().transform((v) => v ?? null),
		leaderName: optionalText('队长姓名', 20),
		leaderPhone: z
			.string()
			.trim()
			.refine((s) => s === '' || /^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(s), '联系电话应为 11 位手机号或带区号的固定电话')
			.optional()
			.transform((s) => (s ? s : null)),
		declaredMembers: count('队员人数', { max: 100_000 }),
		registered: checkbox,
		registrationId: optionalText('大美志愿注册编号', 40),
		partnerType: choice('合作单位类型', PARTNER_TYPES),
		partnerName: optionalText('合作单位名称', 60),
		version
	})
	.refine((t) => !t.registered || !!t.registrationId, { path: ['registrationId'], message: '已在大美志愿注册的服务队请填写注册编号' });

export const projectSchema = z.object({
	name: text('项目名称', 60),
	field: choice('服务领域', FIELDS),
	description: optionalText('项目简介', 2000, { multiline: true }),
	// 实施开始时间 (seed 000: a project nominated must have run ≥ 1 year); empty is "not given"
	startDate: z.union([date('实施开始时间'), z.literal('').transform(() => null)]).optional().transform((v) => v ?? null),
	version
});

export const activitySchema = z.object({
		title: text('活动名称', 80),
		date: date('活动日期'),
		place: optionalText('活动地点', 80),
		projectId: optionalId,
		teamIds: z.array(recordId('服务队选项无效')).max(50, '组织服务队过多').default([]),
		kind: choice('活动类型', ACTIVITY_KINDS),
		field: choice('服务领域', FIELDS),
		keyDate: z
			.string()
			.trim()
			.max(40)
			.regex(/^[a-z_]*$/, '关键时间节点无效')
			.optional()
			.transform((s) => (s ? s : null)),
		keyGroups: z.array(choice('重点服务人群', KEY_GROUPS)).max(KEY_GROUPS.length).default([]),
		// 服务场景 (issue 19): optional; "" is "not given"
		setting: z
			.union([choice('服务场景', ACTIVITY_SETTINGS), z.literal('')], { error: '请选择有效的服务场景' })
			.optional()
			.transform((v) => (v ? v : null)),
		volunteers: count('志愿者人次'),
		experts: count('专家人次'),
		served: count('服务群众人次', { max: 10_000_000 }),
		serviceHours: z
			.string({ error: '请填写服务时长' })
			.trim()
			.refine((s) => /^\d{1,7}(\.\d{1,1})?$/.test(s), '服务时长须为不小于 0 的数字，最多一位小数')
			.transform(Number),
		description: optionalText('活动简介', 2000, { multiline: true }),
		// 亮点活动 (004 附件3); checked with the other cross-field rules in activityChecks
		highlight: checkbox,
		highlightEffect: optionalText('服务效果', 500, { multiline: true }),
		version
	});

export const ACTIVITY_ARRAY_FIELDS = ['teamIds', 'keyGroups'] as const;

const note = (label: string) => optionalText(label, 200);

export const stationSchema = z.object({
	name: text('站点名称', 60),
	facilityType: choice('所在设施类型', FACILITY_TYPES),
	address: optionalText('地址', 120),
	teamId: optionalId,
	projectId: optionalId,
	venue: checkbox,
	venueNote: note('场所说明'),
	facilities: checkbox,
	facilitiesNote: note('设施说明'),
	rules: checkbox,
	rulesNote: note('制度说明'),
	signage: checkbox,
	signageNote: note('标识说明'),
	// 常住人口 of the community or village (seed 000: registered volunteers ≥ 10% of it); empty is "not given"
	residents: z
		.union([count('常住人口', { min: 1, max: 10_000_000 }), z.literal('').transform(() => null)])
		.optional()
		.transform((v) => v ?? null),
	version
});

export const mechanismSchema = z
	.object({
		status: choice('建立情况', MECHANISM_STATUSES),
		document: optionalText('制度文件', 120),
		note: optionalText('说明', 500, { multiline: true }),
		version
	})
	.refine((m) => m.status !== 'established' || !!m.document, { path: ['document'], message: '已建立的制度请填写制度文件名称或文号' });

export type TeamInput = z.output<typeof teamSchema>;
export type ProjectInput = z.output<typeof projectSchema>;
export type ActivityInput = z.output<typeof activitySchema>;
export type StationInput = z.output<typeof stationSchema>;
export type MechanismInput = z.output<typeof mechanismSchema>;

export const reminderSchema = z.object({
	message: text('督办内容', 500, { multiline: true }),
	dueDate: date('办理期限')
});

export const replySchema = z.object({
	reminderId: recordId('未找到该督办事项'),
	message: text('回复内容', 1000, { multiline: true })
});

export const targetChangeSchema = z.object({
	targetKey: choice('任务', ['teams', 'membersPerTeam', 'projects', 'activities', 'stations', 'mechanisms']),
	value: count('目标值', { max: 10_000 }),
	reason: text('调整原因', 300, { multiline: true })
});

export const lifecycleSchema = z.object({
	to: choice('阶段', ['applying', 'approved', 'closing', 'accepted', 'not_accepted', 'withdrawn']),
	approvalDate: z.union([date('立项资助日期'), z.literal('').transform(() => null)]).optional().transform((v) => v ?? null),
	closingSummary: optionalText('经验总结', 5000, { multiline: true }),
	/** issue 21: why a pilot is accepted with a target unmet on verified counts */
	acceptanceReason: optionalText('验收理由', 2000, { multiline: true })
});

/** A threshold typed as a percentage ("15" or "15%"), stored as the fraction 0.15. */
const share = (label: string) =>
	z
		.string({ error: `请填写${label}` })
		.trim()
		.refine((s) => fractionFromPercent(s) !== null, `${label}应为 0 到 100 之间的百分数，最多一位小数，如 15`)
		.transform((s) => fractionFromPercent(s)!);
const weight = (label: string) =>
	z
		.string({ error: `请填写${label}` })
		.trim()
		.refine((s) => /^\d{1,2}(\.\d)?$/.test(s), `${label}应为 0 到 99.9 之间的数，最多一位小数`)
		.transform(Number);

/** A round's settings: names are flat so one form posts them (city.teams → cityTeams). */
/** A round's name, as both the new-round form and the settings form take it. */
export const roundName = text('批次名称', 60);

export const roundSchema = z
	.object({
		name: roundName,
		year: count('年度', { min: 2000, max: 2100 }),
		plannedCityPilots: count('计划市级试点数', { max: 1000 }),
		plannedCountyPilots: count('计划县级试点数', { max: 5000 }),
		citySubsidy: count('市级资助金额', { max: 100_000_000 }),
		countySubsidy: count('县级资助金额', { max: 100_000_000 }),
		...Object.fromEntries(
			(['city', 'county'] as const).flatMap((level) =>
				(['teams', 'membersPerTeam', 'projects', 'activities', 'stations', 'mechanisms'] as const).map((k) => [
					`${level}_${k}`,
					count(`${level === 'city' ? '市级' : '县级'}目标`, { max: 10_000 })
				])
			)
		),
		lagOverall: share('总体滞后阈值'),
		lagDimension: share('单项滞后阈值'),
		riskDimension: share('单项预警阈值'),
		weight_teams: weight('服务队权重'),
		weight_projects: weight('项目权重'),
		weight_activities: weight('活动权重'),
		weight_stations: weight('站点权重'),
		weight_mechanisms: weight('制度机制权重'),
		version: z.coerce.number({ error: '版本号无效' }).int('版本号无效').positive('版本号无效').optional()
	})
	.refine((r) => r.riskDimension <= r.lagDimension, { path: ['riskDimension'], message: '预警阈值不应大于单项滞后阈值' });

export const keyDateWindowSchema = z
	.object({
		year: count('年度', { min: 2000, max: 2100 }),
		key: z.string().regex(/^[a-z_]{2,40}$/, '关键时间节点无效'),
		startDate: date('开始日期'),
		endDate: date('结束日期')
	})
	.refine((w) => w.startDate <= w.endDate, { path: ['endDate'], message: '结束日期不能早于开始日期' });

/** 试点条件 with their evidence, and the contact: the application a unit makes. */
export const applicationSchema = z.object({
	conditionLeadership: optionalText('领导重视情况', 1000, { multiline: true }),
	conditionFoundation: optionalText('工作基础情况', 1000, { multiline: true }),
	conditionWillingness: optionalText('试点意愿', 1000, { multiline: true }),
	contactName: optionalText('联系人', 20),
	contactPhone: z
		.string()
		.trim()
		.refine((s) => s === '' || /^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(s), '联系电话应为 11 位手机号或带区号的固定电话')
		.optional()
		.transform((s) => (s ? s : null))
});

/** Editing a pilot's application names the pilot's version it was made from. */
export const applicationUpdateSchema = applicationSchema.extend({
	version: z.coerce.number({ error: '版本号无效' }).int('版本号无效').positive('版本号无效').optional()
});

export const newPilotSchema = applicationSchema.extend({
	divisionCode: z.string().regex(/^\d{6}$/, '请选择一个市或县（区）')
});
