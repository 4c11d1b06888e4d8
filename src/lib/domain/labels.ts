/**
 * The product's shared vocabulary: stored keys and their Chinese labels. Keys are what the
 * database and the API carry; labels are what people read.
 */
export const DIMENSIONS = ['teams', 'projects', 'activities', 'stations', 'mechanisms'] as const;

export const DIMENSION_LABELS = {
	teams: '服务队',
	projects: '项目',
	activities: '活动',
	stations: '站点',
	mechanisms: '制度机制'
} as const satisfies Record<(typeof DIMENSIONS)[number], string>;

export const PACE_STATUSES = ['complete', 'overdue', 'lagging', 'at_risk', 'on_track'] as const;

export const PACE_STATUS_LABELS = {
	complete: '已完成',
	overdue: '逾期未完成',
	lagging: '滞后',
	at_risk: '预警',
	on_track: '正常'
} as const satisfies Record<(typeof PACE_STATUSES)[number], string>;

export const PILOT_LEVELS = ['city', 'county'] as const;
export type PilotLevel = (typeof PILOT_LEVELS)[number];
export const LEVEL_LABELS: Record<PilotLevel, string> = { city: '市级', county: '县级' };

export const PILOT_LIFECYCLES = ['applying', 'approved', 'closing', 'accepted', 'not_accepted', 'withdrawn'] as const;
export type PilotLifecycle = (typeof PILOT_LIFECYCLES)[number];
export const LIFECYCLE_LABELS: Record<PilotLifecycle, string> = {
	applying: '申报中',
	approved: '已立项',
	closing: '总结验收',
	accepted: '已验收',
	not_accepted: '未通过',
	withdrawn: '已撤销'
};

/** Pace and status apply while the cycle runs or has just ended; other stages show figures only. */
export function lifecycleHasPace(lifecycle: PilotLifecycle): boolean {
	return lifecycle === 'approved' || lifecycle === 'closing';
}

export const PARTNER_TYPES = ['university', 'research_institute', 'medical', 'tech_enterprise', 'other'] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];
export const PARTNER_TYPE_LABELS: Record<PartnerType, string> = {
	university: '高校',
	research_institute: '科研院所',
	medical: '医疗卫生机构',
	tech_enterprise: '科技型企业',
	other: '其他'
};

export const FIELDS = ['industry', 'rural_construction', 'civility', 'science_education', 'health', 'other'] as const;
export type Field = (typeof FIELDS)[number];
export const FIELD_LABELS: Record<Field, string> = {
	industry: '产业振兴',
	rural_construction: '乡村建设',
	civility: '乡风文明',
	science_education: '科学教育',
	health: '医疗卫生',
	other: '其他'
};

/** The seven kinds of the activity statistics form (004, 附件3). */
export const ACTIVITY_KINDS = [
	'science_lecture',
	'tech_training',
	'tech_consulting',
	'agri_service',
	'medical_service',
	'youth_education',
	'other'
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
	science_lecture: '科普报告',
	tech_training: '科技培训',
	tech_consulting: '技术咨询',
	agri_service: '农技服务',
	medical_service: '医疗服务',
	youth_education: '青少年科技教育',
	other: '其他'
};

export const KEY_GROUPS = ['rural_women', 'youth', 'elderly', 'needy'] as const;
export type KeyGroup = (typeof KEY_GROUPS)[number];
export const KEY_GROUP_LABELS: Record<KeyGroup, string> = {
	rural_women: '农村妇女',
	youth: '青少年',
	elderly: '老年人',
	needy: '困难群众'
};

/** Where an activity took place (服务场景, DOMAIN.md "Activity cadence"). */
export const ACTIVITY_SETTINGS = ['community', 'school', 'enterprise_park', 'rural', 'venue', 'online', 'other'] as const;
export type ActivitySetting = (typeof ACTIVITY_SETTINGS)[number];
export const ACTIVITY_SETTING_LABELS: Record<ActivitySetting, string> = {
	community: '社区',
	school: '学校',
	enterprise_park: '企业/园区',
	rural: '乡村',
	venue: '科技馆/文化场馆',
	online: '网络',
	other: '其他'
};

export const FACILITY_TYPES = ['science_museum', 'museum', 'memorial', 'park', 'community_center', 'other_public'] as const;
export type FacilityType = (typeof FACILITY_TYPES)[number];
export const FACILITY_TYPE_LABELS: Record<FacilityType, string> = {
	science_museum: '科技馆',
	museum: '博物馆',
	memorial: '纪念馆',
	park: '公园',
	community_center: '社区综合服务设施',
	other_public: '其他公共服务设施'
};

/** The six 有 in the order the scheme lists them. */
export const SIX_YOU = ['venue', 'team', 'project', 'facilities', 'rules', 'signage'] as const;
export type SixYou = (typeof SIX_YOU)[number];
export const SIX_YOU_LABELS: Record<SixYou, string> = {
	venue: '有场所',
	team: '有队伍',
	project: '有项目',
	facilities: '有设施',
	rules: '有制度',
	signage: '有标识'
};

export const MECHANISM_KEYS = [
	'work_norms',
	'dynamic_management',
	'recruit_train_exit',
	'supervision',
	'rights',
	'records',
	'recognition',
	'incentives'
] as const;
export type MechanismKey = (typeof MECHANISM_KEYS)[number];

/** The eight mechanisms (制度化保障) of the scheme, section 四（四）, in its order. */
export const MECHANISMS: readonly { key: MechanismKey; name: string; description: string }[] = [
	{ key: 'work_norms', name: '工作规范', description: '科技志愿服务组织和科技志愿者工作规范' },
	{ key: 'dynamic_management', name: '大美志愿动态管理', description: '用好“大美志愿”小程序做好动态管理' },
	{ key: 'recruit_train_exit', name: '招募·培训·退出机制', description: '科技志愿者招募、培训、退出机制' },
	{ key: 'supervision', name: '监督评估机制', description: '科技志愿服务组织监督评估机制' },
	{ key: 'rights', name: '权益保障机制', description: '科技志愿者权益保障（保险、安全等）' },
	{ key: 'records', name: '服务记录与证明出具', description: '真实、准确做好服务信息记录和证明出具' },
	{ key: 'recognition', name: '激励褒奖·星级认定', description: '激励褒奖机制与星级认定制度' },
	{ key: 'incentives', name: '服务积分·时间储蓄·礼遇回馈', description: '服务积分、时间储蓄、礼遇回馈和信用激励' }
];

/** Mechanism key → short name, for tables and reasons. */
export const MECHANISM_NAMES = Object.fromEntries(MECHANISMS.map((m) => [m.key, m.name])) as Record<MechanismKey, string>;

export const MECHANISM_STATUSES = ['not_started', 'drafting', 'established'] as const;
export type MechanismStatus = (typeof MECHANISM_STATUSES)[number];
export const MECHANISM_STATUS_LABELS: Record<MechanismStatus, string> = {
	not_started: '未开始',
	drafting: '起草中',
	established: '已建立'
};

export const ROLES = ['province_admin', 'province_staff', 'pilot_editor', 'leader', 'unit_officer', 'nominating_unit', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
	province_admin: '省科协管理员',
	province_staff: '省科协工作人员',
	pilot_editor: '试点单位填报员',
	leader: '领导',
	/** an officer of one volunteer organisation unit (issue 19): edits that unit and everything below it */
	unit_officer: '组织单位管理员',
	// nominations of exemplary cases (典型事迹)
	nominating_unit: '推荐单位',
	reviewer: '评审专家'
};
