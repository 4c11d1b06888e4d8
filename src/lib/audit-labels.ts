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
	report: '月报'
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
	'pilot.change_lifecycle': '变更试点阶段'
};

const VERBS: Record<string, string> = { create: '新增', update: '修改', delete: '删除' };

export function entityLabel(entityType: string): string {
	return ENTITIES[entityType] ?? entityType;
}

export function actionLabel(action: string): string {
	if (SPECIAL[action]) return SPECIAL[action];
	const [entity, verb] = action.split('.');
	return VERBS[verb] ? `${VERBS[verb]}${entityLabel(entity)}` : action;
}
