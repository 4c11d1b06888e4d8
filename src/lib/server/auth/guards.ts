/**
 * Guards every load and action calls for itself (a layout's load can be skipped on client
 * navigation, so it is never the boundary). Built on getRequestEvent so a route reads as
 * `const user = requirePilotEdit(pilotId)`.
 */
import { error, redirect } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import type { Actor } from '../audit';
import { can, canEditPilot, canEditUnit, canReadOrganisation, canReadPilot, canReadUnit, type Permission, type UnitScope } from './policy';
import type { SessionUser } from './session';

export function requireUser(): SessionUser {
	const { locals, url, request } = getRequestEvent();
	if (!locals.user) {
		// back to the page, not to a form's action (`?/save`)
		const search = new URLSearchParams([...url.searchParams].filter(([name]) => !name.startsWith('/')));
		const back = url.pathname + (search.size ? `?${search}` : '');
		const query = new URLSearchParams();
		if (back && back !== '/') query.set('redirectTo', back);
		// a form sent signed out: the login page says it was not saved
		if (request.method === 'POST') query.set('unsaved', '1');
		redirect(303, `/login${query.size ? `?${query}` : ''}`);
	}
	return locals.user;
}

export function requirePermission(permission: Permission): SessionUser {
	const user = requireUser();
	if (!can(user, permission)) error(403, '您的账号没有此项权限');
	return user;
}

/** A pilot the user may not see answers exactly like one that does not exist. */
export function requirePilotRead(pilotId: number): SessionUser {
	const user = requireUser();
	if (!canReadPilot(user, pilotId)) error(404, '未找到该试点');
	return user;
}

export function requirePilotEdit(pilotId: number): SessionUser {
	const user = requirePilotRead(pilotId);
	if (!canEditPilot(user, pilotId)) error(403, '您的账号只能查看，不能修改该试点');
	return user;
}

/** A province action on one pilot: the pilot must be visible, then the permission held. */
export function requirePilotPermission(pilotId: number, permission: Permission): SessionUser {
	const user = requirePilotRead(pilotId);
	if (!can(user, permission)) error(403, '您的账号没有此项权限');
	return user;
}

/** The 组织体系 pages: province roles and unit officers; anyone else is refused. */
export function requireOrganisationRead(): SessionUser {
	const user = requireUser();
	if (!canReadOrganisation(user)) error(403, '您的账号没有此项权限');
	return user;
}

/** A unit the user may not see answers exactly like one that does not exist. */
export function requireUnitRead(scope: UnitScope | null): SessionUser {
	const user = requireUser();
	if (!scope || !canReadUnit(user, scope)) error(404, '未找到该组织单位');
	return user;
}

export function requireUnitEdit(scope: UnitScope | null): SessionUser {
	const user = requireUnitRead(scope);
	if (!canEditUnit(user, scope!)) error(403, '您的账号只能查看，不能修改该组织单位');
	return user;
}

/** The acting user for the audit log, from the session and the trusted client address. */
export function currentActor(): Actor {
	const event = getRequestEvent();
	const user = event.locals.user;
	return {
		userId: user?.id ?? null,
		username: user?.username ?? null,
		role: user?.role ?? null,
		ip: clientAddress(event),
		grant: user ? { role: user.role, pilotId: user.pilotId, unitId: user.unitId } : undefined
	};
}

/** adapter-node derives this from the socket, or from ADDRESS_HEADER/XFF_DEPTH behind a proxy. */
export function clientAddress(event: { getClientAddress(): string }): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}
