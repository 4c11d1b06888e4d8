/**
 * Before/after of an audited change as a person reads it: one row per field, the field's Chinese
 * name, and each value labelled — options by their labels, booleans as 是/否, dates as dates,
 * lists joined. Shared by the audit log and the reviewer's "上次核实后的修改". Pure: ids that need
 * a name (a project, a team) are looked up by the caller and passed in `names`.
 */
import {
	ACTIVITY_KIND_LABELS,
	ACTIVITY_SETTING_LABELS,
	DIMENSION_LABELS,
	FACILITY_TYPE_LABELS,
	FIELD_LABELS,
	KEY_GROUP_LABELS,
	LEVEL_LABELS,
	LIFECYCLE_LABELS,
	MECHANISM_NAMES,
	MECHANISM_STATUS_LABELS,
	PARTNER_TYPE_LABELS,
	ROLE_LABELS,
	SIX_YOU_LABELS
} from './labels';
import { REPORT_STATUS_LABELS } from './reporting';
import { EXTRA_LABELS } from './statistics';
import { PUBLICITY_KIND_LABELS, PUBLICITY_STATUS_LABELS } from './publicity';
import { CULTURE_KIND_LABELS } from './culture';
import { ORG_KIND_LABELS } from './organisation';
import { HENAN_DIVISIONS } from '../data/henan-divisions';
import { KEY_DATES } from './key-dates';

const COMMON: Record<string, string> = {
	name: '名称',
	status: '状态',
	note: '说明',
	description: '简介',
	reason: '原因',
	comment: '审核意见',
	message: '内容',
	file: '文件',
	month: '月份',
	imported: '导入条数',
	skippedRows: '跳过的行',
	firstId: '首条记录',
	lastId: '末条记录',
	requirements: '核实项目',
	itemVersion: '材料版本',
	ended: '结束的登录数',
	today: '数据日期',
	pilots: '试点数',
	accounts: '账号数',
	snapshots: '进度记录数',
	label: '名称',
	version: '版本',
	files: '附件'
};

const BY_ENTITY: Record<string, Record<string, string>> = {
	// nominations of exemplary cases (典型事迹)
	nomination_call: {
		name: '征集名称', year: '年度', cutoffDate: '数据截止日期', deadline: '报送截止日期', categories: '类别与名额', rules: '报送条件',
		quotaMinimum: '每市最少名额', criteria: '评审指标', hideUnitFromReviewers: '评审时隐去推荐单位', unitIds: '推荐单位', stage: '阶段',
		publicityStart: '公示开始', publicityEnd: '公示结束', selected: '入选', quotas: '名额', unitId: '推荐单位', category: '类别',
		quota: '名额', reason: '理由', expertId: '评审专家', nominations: '推荐对象'
	},
	nomination: {
		name: '名称', category: '类别', eligible: '符合条件', reasons: '不符合的条件', deeds: '主要事迹', exceptionReason: '破格推荐理由',
		photos: '照片', status: '状态', file: '文件', scores: '评分', conflict: '回避原因'
	},
	nomination_objection: { who: '异议人', contact: '联系方式', what: '异议内容', receivedOn: '收到日期', resolution: '处理结果', nominationId: '涉及对象' },
	team: {
		name: '队名',
		foundedOn: '成立日期',
		leaderName: '负责人',
		leaderPhone: '联系电话',
		declaredMembers: '申报队员数',
		rosterSize: '花名册人数',
		registered: '已在大美志愿注册',
		registrationId: '大美志愿注册编号',
		partnerType: '依托单位类型',
		partnerName: '依托单位',
		// a roster import (issue 18)
		added: '新增队员数',
		removed: '移除队员数',
		duplicateRows: '重复的行（同一人）',
		unitId: '挂靠组织单位'
	},
	project: { name: '项目名称', field: '服务领域', description: '项目简介', startDate: '实施开始时间' },
	activity: {
		title: '活动名称',
		date: '活动日期',
		place: '地点',
		projectId: '所属项目',
		teamIds: '组织服务队',
		kind: '活动类型',
		field: '服务领域',
		setting: '活动场景',
		keyDate: '关键时间节点',
		keyGroups: '重点人群',
		volunteers: '志愿者（人次）',
		experts: '专家（人次）',
		served: '服务群众（人次）',
		serviceHours: '服务时长（小时）',
		description: '活动内容',
		highlight: '亮点活动',
		highlightEffect: '服务效果',
		participants: '参与人员数',
		added: '新增人员',
		removed: '移除人员',
		updated: '更新时长的人员',
		duplicateRows: '重复的行'
	},
	certificate: {
		number: '证明编号',
		name: '志愿者',
		periodStart: '服务起始日期',
		periodEnd: '服务截止日期',
		hours: '志愿服务时长（小时）',
		activityCount: '活动次数',
		organisation: '出具单位',
		principal: '负责人',
		handler: '经办人'
	},
	station: {
		name: '站点名称',
		facilityType: '所在设施',
		address: '地址',
		residents: '常住人口',
		teamId: '有队伍：服务队',
		projectId: '有项目：项目',
		venue: '有场所',
		venueNote: '有场所说明',
		facilities: '有设施',
		facilitiesNote: '有设施说明',
		rules: '有制度',
		rulesNote: '有制度说明',
		signage: '有标识',
		signageNote: '有标识说明'
	},
	mechanism: { key: '制度机制', status: '建立情况', document: '制度文件', note: '说明', file: '上传文件' },
	report: {
		month: '月份',
		status: '状态',
		narrative: '工作进展',
		highlights: '亮点',
		figures: '数据',
		comment: '审核意见',
		extras: '统计表数据',
		// the month's figures, as the 月报 form shows them
		activities: '开展活动（场）',
		volunteers: '志愿者（人次）',
		experts: '专家（人次）',
		served: '服务群众（人次）',
		serviceHours: '服务时长（小时）',
		onKeyDates: '重要节点活动（场）',
		forKeyGroups: '重点人群活动（场）',
		cumulative: '累计计入',
		targets: '目标',
		teams: DIMENSION_LABELS.teams,
		projects: DIMENSION_LABELS.projects,
		stations: DIMENSION_LABELS.stations,
		mechanisms: DIMENSION_LABELS.mechanisms,
		organisation: '队伍组建及注册情况',
		unitsFormed: '新成立组织单位',
		teamsFormed: '新成立服务队',
		membersAdded: '新增队员（人）',
		membersRegistered: '新增注册队员（人）',
		...Object.fromEntries(Object.entries(EXTRA_LABELS).map(([k, { label, unit }]) => [k, unit ? `${label}（${unit}）` : label]))
	},
	reminder: { message: '督办内容', dueDate: '办理期限', status: '状态' },
	user: {
		username: '用户名',
		displayName: '姓名',
		role: '角色',
		pilotId: '所属试点',
		unitId: '所属组织单位',
		disabled: '已停用',
		mustChangePassword: '须修改密码',
		phone: '电话',
		email: '邮箱',
		nominationAccount: '征集账号绑定',
		nominationUnit: '所属推荐单位',
		city: '所在城市'
	},
	pilot: {
		divisionCode: '行政区划代码',
		lifecycle: '试点阶段',
		approvalDate: '立项日期',
		closingDocument: '总结材料',
		contactName: '联系人',
		contactPhone: '联系电话',
		conditionLeadership: '领导重视',
		conditionFoundation: '工作基础良好',
		conditionWillingness: '试点意愿强烈',
		closingSummary: '经验总结',
		acceptanceReason: '验收理由',
		teams: '服务队目标',
		membersPerTeam: '每队队员目标',
		projects: '项目目标',
		activities: '活动目标',
		stations: '站点目标',
		mechanisms: '制度机制目标',
		level: '级别'
	},
	// the volunteer organisation (组织体系)
	org_unit: {
		kind: '单位类型',
		name: '单位名称',
		parentId: '上级单位',
		divisionCode: '所在市或县（市、区）',
		foundedOn: '成立日期',
		platformId: '平台注册编号',
		validFrom: '自',
		removedOn: '撤销日期',
		deadline: '报送任务',
		doneOn: '完成日期',
		note: '完成情况说明',
		file: '报送材料',
		message: '督办内容'
	},
	org_officer: { unitId: '所属单位', role: '职务', name: '姓名', workUnit: '工作单位', phone: '联系电话' },
	org_deadline: { title: '任务名称', dueDate: '截止日期', kinds: '适用单位类型' },
	// issue 21: publicity and station culture
	publicity: { kind: '类别', title: '标题', date: '日期', outlet: '刊发媒体', link: '链接', note: '简介', status: '报送状态' },
	culture: { stationId: '站点', kind: '作品类别', title: '作品名称', date: '日期', link: '链接', note: '说明' },
	round: {
		name: '批次名称',
		year: '年度',
		plannedCityPilots: '计划市级试点（个）',
		plannedCountyPilots: '计划县级试点（个）',
		citySubsidy: '市级资助（元/个）',
		countySubsidy: '县级资助（元/个）',
		cityTargets: '市级默认目标',
		countyTargets: '县级默认目标',
		paceSettings: '进度判定',
		startDate: '开始',
		endDate: '结束',
		key: '节点'
	}
};

/** Options by field: a stored value shows as its label. */
const OPTIONS: Record<string, Record<string, string>> = {
	partnerType: PARTNER_TYPE_LABELS,
	field: FIELD_LABELS,
	kind: ACTIVITY_KIND_LABELS,
	setting: ACTIVITY_SETTING_LABELS,
	keyGroups: KEY_GROUP_LABELS,
	facilityType: FACILITY_TYPE_LABELS,
	role: ROLE_LABELS,
	lifecycle: LIFECYCLE_LABELS,
	level: LEVEL_LABELS,
	requirements: { ...SIX_YOU_LABELS, document: '制度文件', item: '整体' },
	kinds: ORG_KIND_LABELS,
	keyDate: Object.fromEntries(KEY_DATES.map((k) => [k.key, k.name])),
	divisionCode: Object.fromEntries(HENAN_DIVISIONS.map((d) => [d.code, `${d.name}（${d.code}）`]))
};

const STATUS_OPTIONS: Record<string, Record<string, string>> = {
	mechanism: MECHANISM_STATUS_LABELS,
	report: REPORT_STATUS_LABELS,
	reminder: { open: '办理中', closed: '已办结' },
	publicity: PUBLICITY_STATUS_LABELS
};

/** A `kind` that is not an activity's. */
const KIND_OPTIONS: Record<string, Record<string, string>> = { publicity: PUBLICITY_KIND_LABELS, culture: CULTURE_KIND_LABELS, org_unit: ORG_KIND_LABELS };
/** An officer's `role`, whatever the kind of unit (总队长, 支队长 and 队长 are one role). */
const OFFICER_ROLE_LABELS: Record<string, string> = { head: '队长（支队长、总队长）', deputy: '副队长（副支队长、副总队长）', secretary_general: '秘书长', deputy_secretary: '副秘书长' };

const BOOLEAN_FIELDS = new Set(['registered', 'venue', 'facilities', 'rules', 'signage', 'disabled', 'mustChangePassword', 'highlight']);
/** Ids that name another record: shown by name when the caller knows it. */
const REFERENCE_FIELDS: Record<string, string> = { projectId: 'project', teamId: 'team', teamIds: 'team', pilotId: 'pilot', stationId: 'station', parentId: 'org_unit', unitId: 'org_unit' };
/** The kind of record a field names in this entity's changes: a call's `unitId` is a 推荐单位, not a unit of the organisation. */
const referenceKind = (entityType: string, field: string): string | undefined => (field === 'unitId' && entityType.startsWith('nomination') ? undefined : REFERENCE_FIELDS[field]);
/** Bookkeeping a person does not need to read. */
const HIDDEN = new Set(['id', 'pilotId_', 'createdAt', 'updatedAt', 'version', 'passwordHash', 'sha256', 'secretHash', 'reminder']);

const PERCENT_FIELDS = new Set(['lagOverall', 'lagDimension', 'riskDimension']);
const PACE_KEYS: Record<string, string> = { lagOverall: '总体滞后阈值', lagDimension: '单项滞后阈值', riskDimension: '单项预警阈值', weights: '权重' };

export function fieldLabel(entityType: string, field: string): string {
	return BY_ENTITY[entityType]?.[field] ?? COMMON[field] ?? PACE_KEYS[field] ?? '其他';
}

/** Names of referenced records, keyed "team:12". */
export type ReferenceNames = Record<string, string>;

export function valueText(entityType: string, field: string, value: unknown, names: ReferenceNames = {}): string {
	if (value === null || value === undefined || value === '') return '—';
	if (Array.isArray(value)) return value.length ? value.map((v) => valueText(entityType, field, v, names)).join('、') : '—';
	const ref = referenceKind(entityType, field);
	if (ref && (typeof value === 'number' || typeof value === 'string')) return names[`${ref}:${value}`] ?? '（已删除的记录）';
	if (BOOLEAN_FIELDS.has(field) || typeof value === 'boolean') return value === true || value === 1 ? '是' : '否';
	if (field === 'status' && STATUS_OPTIONS[entityType]) return STATUS_OPTIONS[entityType][String(value)] ?? String(value);
	if (field === 'kind' && KIND_OPTIONS[entityType]) return KIND_OPTIONS[entityType][String(value)] ?? String(value);
	if (field === 'role' && entityType === 'org_officer') return OFFICER_ROLE_LABELS[String(value)] ?? String(value);
	if (field === 'key' && entityType === 'mechanism') return MECHANISM_NAMES[value as keyof typeof MECHANISM_NAMES] ?? String(value);
	const options = OPTIONS[field];
	if (options && typeof value === 'string') return options[value] ?? value;
	// thresholds are typed and shown as percentages; the round keeps fractions
	if (typeof value === 'number' && PERCENT_FIELDS.has(field)) return `${Math.round(value * 10_000) / 100}%`;
	if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
	if (typeof value === 'object') {
		// nested settings (targets, thresholds, figures): "name 值；name 值"
		return Object.entries(value as Record<string, unknown>)
			.filter(([k]) => !HIDDEN.has(k))
			.map(([k, v]) => `${fieldLabel(entityType === 'round' ? 'pilot' : entityType, k)} ${valueText(entityType, k, v, names)}`)
			.join('；');
	}
	return String(value);
}

export interface FieldChange {
	field: string;
	label: string;
	before: string | null;
	after: string | null;
}

/**
 * The fields of a change, in the order the record names them: only those that differ when both
 * sides are known, every field of a record made or deleted.
 */
export function describeChange(entityType: string, before: unknown, after: unknown, names: ReferenceNames = {}): FieldChange[] {
	const b = isRecord(before) ? before : null;
	const a = isRecord(after) ? after : null;
	const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => !HIDDEN.has(k));
	const rows: FieldChange[] = [];
	for (const k of keys) {
		const bv = b && k in b ? b[k] : undefined;
		const av = a && k in a ? a[k] : undefined;
		if (b && a && k in b && k in a && JSON.stringify(bv) === JSON.stringify(av)) continue;
		rows.push({ field: k, label: fieldLabel(entityType, k), before: b ? valueText(entityType, k, bv, names) : null, after: a ? valueText(entityType, k, av, names) : null });
	}
	return rows;
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The ids a change refers to (projects, teams, pilots, units), so the caller can look their names up. */
export function referencesOf(entityType: string, ...values: unknown[]): { kind: string; id: number }[] {
	const out: { kind: string; id: number }[] = [];
	for (const v of values) {
		if (!isRecord(v)) continue;
		for (const [k, raw] of Object.entries(v)) {
			const kind = referenceKind(entityType, k);
			if (!kind) continue;
			for (const id of Array.isArray(raw) ? raw : [raw]) if (Number.isInteger(Number(id)) && id !== null && id !== '') out.push({ kind, id: Number(id) });
		}
	}
	return out;
}
