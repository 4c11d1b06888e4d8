import { z } from 'zod';
import { choice, optionalId, text } from './common';
import { ROLES } from '../domain/labels';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Passwords are never trimmed or normalised: they are checked exactly as typed. */
const rawPassword = (label: string) =>
	z.string({ error: `请输入${label}` }).min(1, `请输入${label}`).max(PASSWORD_MAX, `${label}最多 ${PASSWORD_MAX} 个字符`);

export const loginSchema = z.object({
	username: z.string({ error: '请输入用户名' }).trim().min(1, '请输入用户名').max(64, '用户名过长'),
	password: rawPassword('密码')
});

const newPassword = z
	.string({ error: '请输入新密码' })
	.refine((s) => [...s].length >= PASSWORD_MIN, `密码至少 ${PASSWORD_MIN} 个字符`)
	.refine((s) => [...s].length <= PASSWORD_MAX, `密码最多 ${PASSWORD_MAX} 个字符`);

export const changePasswordSchema = z
	.object({
		currentPassword: rawPassword('当前密码'),
		newPassword,
		confirmPassword: z.string({ error: '请再次输入新密码' })
	})
	.refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: '两次输入的新密码不一致' })
	.refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: '新密码不能与当前密码相同' });


const username = z
	.string({ error: '请填写用户名' })
	.trim()
	.toLowerCase()
	.regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, '用户名为 3–32 位小写字母、数字、点、下划线或连字符，以字母或数字开头');

const roleAndPilot = {
	displayName: text('姓名', 40),
	role: choice('角色', ROLES),
	pilotId: optionalId,
	/** unit_officer only (issue 19): the organisation unit the account is bound to */
	unitId: optionalId,
	/** nominating_unit (required) and reviewer (optional, for conflict flags): the nominating unit (issue 20) */
	nominationUnit: z
		.string()
		.trim()
		.refine((s) => s === '' || /^(41\d{4}|[SD]\d{2})$/.test(s), '选项无效')
		.optional()
		.transform((s) => (s ? s : null)),
	/** reviewer only: the expert's city (GB/T 2260), for the same-city flag */
	reviewerCity: z
		.string()
		.trim()
		.refine((s) => s === '' || /^41\d{2}00$/.test(s), '请选择有效的城市')
		.optional()
		.transform((s) => (s ? s : null))
};

const pilotMatchesRole = (v: { role: string; pilotId: number | null }) => (v.role === 'pilot_editor') === (v.pilotId !== null);
const pilotMessage = { path: ['pilotId'], message: '试点单位填报员须绑定一个试点；其他角色不绑定试点' };

const unitMatchesRole = (v: { role: string; unitId: number | null }) => (v.role === 'unit_officer') === (v.unitId !== null);
const unitMessage = { path: ['unitId'], message: '组织单位管理员须绑定一个组织单位；其他角色不绑定组织单位' };

// Nominations (issue 20): a 推荐单位 account is bound to its nominating unit; an expert may name
// their own unit and city (the conflict flags); no other role carries either.
const nominationUnitMatchesRole = (v: { role: string; nominationUnit: string | null }) =>
	v.role === 'nominating_unit' ? v.nominationUnit !== null : v.role === 'reviewer' || v.nominationUnit === null;
const nominationUnitMessage = { path: ['nominationUnit'], message: '推荐单位账号须绑定一个推荐单位；评审专家可选填所在单位；其他角色不绑定推荐单位' };
const cityMatchesRole = (v: { role: string; reviewerCity: string | null }) => v.role === 'reviewer' || v.reviewerCity === null;
const cityMessage = { path: ['reviewerCity'], message: '仅评审专家填写所在城市' };

export const createUserSchema = z
	.object({ username, ...roleAndPilot })
	.refine(pilotMatchesRole, pilotMessage)
	.refine(unitMatchesRole, unitMessage)
	.refine(nominationUnitMatchesRole, nominationUnitMessage)
	.refine(cityMatchesRole, cityMessage);
export const updateUserSchema = z
	.object({ ...roleAndPilot, version: z.coerce.number({ error: '版本号无效' }).int('版本号无效').positive('版本号无效') })
	.refine(pilotMatchesRole, pilotMessage)
	.refine(unitMatchesRole, unitMessage)
	.refine(nominationUnitMatchesRole, nominationUnitMessage)
	.refine(cityMatchesRole, cityMessage);
