import { randomBytes } from 'node:crypto';
import type { LayoutServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { FILE_MAX_BYTES, UPLOAD_MAX_BYTES } from '$lib/server/files';
import { dev } from '$app/environment';
import { auditScopeOf, can, canReadOrganisation, nominationScopeOf, ROLE_LABELS } from '$lib/server/auth/policy';

/** The chrome: who is signed in and which areas to offer. A convenience, not the security boundary. */
export const load: LayoutServerLoad = () => {
	const user = requireUser();
	const nav: { href: string; label: string }[] = [];
	if (can(user, 'pilots.read_all')) nav.push({ href: '/province', label: '试点总览' });
	if (can(user, 'summary.read')) nav.push({ href: '/summary', label: '领导看板' });
	if (can(user, 'review')) nav.push({ href: '/review', label: '待核实' });
	if (can(user, 'certificates.lookup')) nav.push({ href: '/certificates', label: '证明查验' });
	if (user.role === 'pilot_editor' && user.pilotId) nav.push({ href: `/pilots/${user.pilotId}`, label: '本试点' });
	// 组织体系 (issue 19): the province's volunteer organisation; a unit officer's own unit and below
	if (canReadOrganisation(user)) nav.push({ href: user.role === 'unit_officer' ? `/organisation/units/${user.unitId}` : '/organisation', label: user.role === 'unit_officer' ? '本单位' : '组织体系' });
	if (auditScopeOf(user)) nav.push({ href: '/audit', label: '操作日志' });
	if (can(user, 'programme.manage')) nav.push({ href: '/admin/rounds', label: '批次设置' });
	if (can(user, 'users.manage')) nav.push({ href: '/admin/users', label: '账号管理' });
	// nominations of exemplary cases: every role with a scope there (policy.ts)
	if (nominationScopeOf(user, user.role === 'nominating_unit' ? 1 : null)) nav.push({ href: '/nominations', label: '典型征集' });
	return {
		me: { displayName: user.displayName, username: user.username, roleLabel: ROLE_LABELS[user.role] },
		nav,
		/** a create form's idempotency token: new with every render, so one rendered form makes one row */
		formToken: randomBytes(18).toString('base64url'),
		/** the largest file a form takes: the browser names a larger one before sending it */
		fileMaxBytes: dev ? FILE_MAX_BYTES : UPLOAD_MAX_BYTES
	};
};
