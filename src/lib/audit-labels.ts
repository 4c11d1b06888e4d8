/** Chinese names for audit actions and entities, shared by the audit page and the pilot history. */
const ENTITIES: Record<string, string> = {
	user: '账号',
	database: '数据库',
	pilot: '试点',
	team: '服务队',
	project: '项目',
	activity: '活动',
	station: '站点',
	mechanism: '制度机制',
	file: '文件',
	reminder: '督办',
	report: '月报',
	round: '试点批次',
	recycle: '回收站',
	publicity: '宣传报道',
	certificate: '志愿服务记录证明',
	culture: '站点文化作品',
	// nominations of exemplary cases (典型事迹)
	nomination_call: '典型征集',
	nomination: '推荐材料',
	nomination_objection: '公示异议',
	// the volunteer organisation (issue 19)
	org_unit: '组织单位',
	org_officer: '组织单位负责人',
	org_deadline: '报送任务',
	org_reminder: '组织单位督办'
};

const SPECIAL: Record<string, string> = {
	'auth.login': '登录',
	'auth.logout': '退出',
	'auth.login_failed': '登录失败',
	'auth.login_throttled': '登录被限制',
	'user.reset_password': '重置密码',
	'user.change_password': '修改本人密码',
	'user.end_sessions': '退出全部登录',
	'user.disable': '停用账号',
	'user.enable': '启用账号',
	'demo.load': '载入演示数据',
	'demo.snapshots': '生成演示进度记录',
	'demo.reports': '补全演示月报的队伍组建及注册情况',
	'team.import_roster': '导入花名册',
	'activity.import': '批量导入活动',
	'reminder.create': '发送督办',
	'report.submit': '报送月报',
	'report.resubmit': '重新报送月报',
	'report.accept': '月报审核通过',
	'report.return': '退回月报',
	'reminder.reply': '回复督办',
	'reminder.close': '办结督办',
	'review.verify': '核实通过',
	'review.return': '核实退回',
	'pilot.change_target': '调整任务目标',
	'pilot.change_lifecycle': '变更试点阶段',
	'pilot.update_application': '修改申报信息',
	'pilot.create': '登记申报单位',
	'round.key_date': '设置关键时间节点',
	'recycle.purge': '回收站到期清除',
	'activity.participants': '记录活动参与人员',
	'activity.import_participants': '导入活动签到表',
	'certificate.issue': '出具志愿服务记录证明',
	// issue 21
	'publicity.report': '报送宣传材料',
	'publicity.acknowledge': '确认宣传材料',
	'nomination_call.choose': '选择推荐类别',
	'nomination_call.decide': '确定入选名单',
	'nomination_call.stage': '变更征集阶段',
	'nomination_quota.freeze': '冻结推荐名额',
	'nomination_quota.adjust': '调整推荐名额',
	'nomination.submit': '报送推荐材料',
	'nomination.scan': '上传盖章扫描件',
	'nomination.remove_photo': '删除推荐照片',
	'nomination_review.assign': '分配评审专家',
	'nomination_review.score': '专家评分',
	'nomination_review.conflict': '专家声明回避',
	'nomination_objection.resolve': '办结公示异议',
	// the volunteer organisation (issue 19)
	'org_unit.remove': '删除组织单位',
	'org_unit.move': '调整上级单位',
	'org_unit.remind': '督办组织单位',
	'org_deadline.done': '登记报送任务完成',
	'org_deadline.undone': '撤销报送任务完成登记',
	'org_deadline.done_restore': '从回收站恢复报送任务完成登记',
	'team.attach': '服务队挂靠组织单位',
	'team.detach': '解除服务队挂靠',
	'org_recycle.purge': '组织体系回收站到期清除'
};

const VERBS: Record<string, string> = { create: '新增', update: '修改', delete: '删除', restore: '从回收站恢复' };

export function entityLabel(entityType: string): string {
	return ENTITIES[entityType] ?? '记录';
}

export function actionLabel(action: string): string {
	if (SPECIAL[action]) return SPECIAL[action];
	const [entity, verb] = action.split('.');
	// never the code itself: an action this list does not know yet still reads in Chinese
	return VERBS[verb] ? `${VERBS[verb]}${entityLabel(entity)}` : `${ENTITIES[entity] ?? ''}其他操作`;
}

/** The kinds of action a person filters the log by, in the order of the list above. */
export const ACTION_FILTERS: { value: string; label: string }[] = [
	{ value: 'auth.', label: '登录与退出' },
	{ value: 'review.', label: '核实' },
	{ value: 'report.', label: '月报' },
	{ value: 'reminder.', label: '督办' },
	{ value: 'pilot.', label: '试点目标与阶段' },
	{ value: 'team.', label: '服务队' },
	{ value: 'project.', label: '项目' },
	{ value: 'activity.', label: '活动' },
	{ value: 'station.', label: '站点' },
	{ value: 'mechanism.', label: '制度机制' },
	{ value: 'user.', label: '账号' },
	{ value: 'round.', label: '试点批次' },
	{ value: 'publicity.', label: '宣传' },
	{ value: 'culture.', label: '站点文化' },
	{ value: 'recycle.', label: '回收站' },
	{ value: 'demo.', label: '演示数据' },
	{ value: 'certificate.', label: '志愿服务记录证明' },
	{ value: 'nomination', label: '典型征集' },
	{ value: 'org_', label: '组织体系' }
];
