/**
 * Who may do what: the one place that decides. Deny by default — a permission not granted
 * here is refused, whatever the page shows. DOMAIN.md "People" is the source.
 */
import type { SessionUser } from './session';
import type { Role } from '../../domain/labels';

export { ROLE_LABELS, type Role } from '../../domain/labels';

export type Permission =
	/** see every pilot's figures and lists */
	| 'pilots.read_all'
	/** change rounds, pilots' lifecycle and targets */
	| 'programme.manage'
	/** create, edit, disable accounts */
	| 'users.manage'
	/** 督办: send and close reminders, comment */
	| 'reminders.send'
	/** verify or return what pilots claim */
	| 'review'
	/** export tables and forms */
	| 'export'
	/** browse the whole audit log */
	| 'audit.read_all'
	/** the leadership summary */
	| 'summary.read'
	/** look a 志愿服务记录证明 up in the province's register by its number */
	| 'certificates.lookup';

const GRANTS: Record<Role, readonly Permission[]> = {
	province_admin: ['pilots.read_all', 'programme.manage', 'users.manage', 'reminders.send', 'review', 'export', 'audit.read_all', 'summary.read', 'certificates.lookup'],
	province_staff: ['pilots.read_all', 'reminders.send', 'review', 'export', 'audit.read_all', 'summary.read', 'certificates.lookup'],
	leader: ['pilots.read_all', 'summary.read'],
	pilot_editor: []
};

export function can(user: Pick<SessionUser, 'role'> | null, permission: Permission): boolean {
	return !!user && (GRANTS[user.role]?.includes(permission) ?? false);
}

export function canReadPilot(user: Pick<SessionUser, 'role' | 'pilotId'> | null, pilotId: number): boolean {
	if (!user) return false;
	if (can(user, 'pilots.read_all')) return true;
	return user.role === 'pilot_editor' && user.pilotId === pilotId;
}

/** Record progress for a pilot: its own editors, and the province administrators. */
export function canEditPilot(user: Pick<SessionUser, 'role' | 'pilotId'> | null, pilotId: number): boolean {
	if (!user) return false;
	if (user.role === 'province_admin') return true;
	return user.role === 'pilot_editor' && user.pilotId === pilotId;
}

/** Download a pilot's lists and forms: its own editors, and the province's exporters. */
export function canExportPilot(user: Pick<SessionUser, 'role' | 'pilotId'> | null, pilotId: number): boolean {
	return canEditPilot(user, pilotId) || (can(user, 'export') && canReadPilot(user, pilotId));
}

/** Answer a 督办: the pilot's own editors and the province staff who send them. */
export function canReplyToReminder(user: Pick<SessionUser, 'role' | 'pilotId'> | null, pilotId: number): boolean {
	return canEditPilot(user, pilotId) || (can(user, 'reminders.send') && canReadPilot(user, pilotId));
}

/**
 * The client address on an audit row: province auditors see every one; anyone else (a pilot's
 * editors reading their pilot's history) only the addresses of their own actions, never where
 * province staff or colleagues worked from.
 */
export function canSeeAuditAddress(user: Pick<SessionUser, 'id' | 'role'> | null, row: { userId: number | null }): boolean {
	if (!user) return false;
	return can(user, 'audit.read_all') || (row.userId !== null && row.userId === user.id);
}

/** Pilots this reader may see, of a list: all for province roles, their own for an editor. */
export function readablePilots<P extends { id: number }>(user: Pick<SessionUser, 'role' | 'pilotId'> | null, pilots: P[]): P[] {
	return can(user, 'pilots.read_all') ? pilots : pilots.filter((p) => canReadPilot(user, p.id));
}

/**
 * Whose history a reader of the audit log sees: province auditors every pilot's (and may choose
 * one), a pilot's editors their own pilot's only; anyone else none.
 */
export function auditScopeOf(user: Pick<SessionUser, 'role' | 'pilotId'> | null): { all: true } | { all: false; pilotId: number } | null {
	if (!user) return null;
	if (can(user, 'audit.read_all')) return { all: true };
	if (user.role === 'pilot_editor' && user.pilotId) return { all: false, pilotId: user.pilotId };
	return null;
}

/** Where each role starts after login. */
export function homeOf(user: Pick<SessionUser, 'role' | 'pilotId'>): string {
	switch (user.role) {
		case 'province_admin':
		case 'province_staff':
			return '/province';
		case 'leader':
			return '/summary';
		case 'pilot_editor':
			return user.pilotId ? `/pilots/${user.pilotId}` : '/account';
	}
}

// ---- issue 21: publicity (宣传, scheme 五（三）) ----

/** 报送 a publicity item to the province: whoever records the pilot's progress. */
export function canReportPublicity(user: Pick<SessionUser, 'role' | 'pilotId'> | null, pilotId: number): boolean {
	return canEditPilot(user, pilotId);
}

/** Mark a sent publicity item 已收到 / 已采用: the province's reviewers, on a pilot they may read. */
export function canAcknowledgePublicity(user: Pick<SessionUser, 'role' | 'pilotId'> | null, pilotId: number): boolean {
	return can(user, 'review') && canReadPilot(user, pilotId);
}
