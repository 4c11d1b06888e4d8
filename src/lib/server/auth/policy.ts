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
	pilot_editor: [],
	unit_officer: [],
	nominating_unit: [],
	reviewer: []
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
export function homeOf(user: Pick<SessionUser, 'role' | 'pilotId' | 'unitId'>): string {
	switch (user.role) {
		case 'province_admin':
		case 'province_staff':
			return '/province';
		case 'leader':
			return '/summary';
		case 'pilot_editor':
			return user.pilotId ? `/pilots/${user.pilotId}` : '/account';
		case 'unit_officer':
			return user.unitId ? `/organisation/units/${user.unitId}` : '/account';
		case 'nominating_unit':
		case 'reviewer':
			return '/nominations';
	}
}

// --- Nominations of exemplary cases (典型事迹) ---------------------------------------------------

/** What a reader does in the nominations area; `null`: nothing (the area answers 404). */
export type NominationScope =
	| { kind: 'province'; manage: boolean }
	| { kind: 'leader' }
	| { kind: 'unit'; unitId: number }
	| { kind: 'reviewer' };

/**
 * Who sees what of the calls: administrators manage, province staff read everything, leaders read
 * the published results only, a 推荐单位 account its own unit's nominations, an expert only what is
 * assigned to them and not conflicted. `unitId` is the account's bound unit (nomination_accounts).
 */
export function nominationScopeOf(user: Pick<SessionUser, 'role'> | null, unitId: number | null): NominationScope | null {
	if (!user) return null;
	switch (user.role) {
		case 'province_admin':
			return { kind: 'province', manage: true };
		case 'province_staff':
			return { kind: 'province', manage: false };
		case 'leader':
			return { kind: 'leader' };
		case 'nominating_unit':
			return unitId ? { kind: 'unit', unitId } : null;
		case 'reviewer':
			return { kind: 'reviewer' };
		default:
			return null;
	}
}

/** Read one nomination: the province, its own unit, or an expert assigned without a conflict. */
export function canReadNomination(
	scope: NominationScope | null,
	n: { unitId: number },
	review: { conflict: string | null } | null
): boolean {
	if (!scope) return false;
	if (scope.kind === 'province') return true;
	if (scope.kind === 'unit') return scope.unitId === n.unitId;
	if (scope.kind === 'reviewer') return !!review && review.conflict === null;
	return false;
}

/** Change one nomination: its own unit while the call is open and before its deadline; administrators at any stage. */
export function canEditNomination(scope: NominationScope | null, n: { unitId: number }, stage: string, pastDeadline = false): boolean {
	if (!scope) return false;
	if (scope.kind === 'province') return scope.manage;
	return scope.kind === 'unit' && scope.unitId === n.unitId && unitMayNominate(stage, pastDeadline);
}

/** A nominating unit adds, edits and 报送 its material while the call is open and its deadline not past. */
export function unitMayNominate(stage: string, pastDeadline: boolean): boolean {
	return stage === 'open' && !pastDeadline;
}

/** A call's published list: everyone in the area; before that, not leaders. */
export function canReadResults(scope: NominationScope | null, stage: string): boolean {
	if (!scope) return false;
	if (scope.kind === 'province') return true;
	return stage === 'publicity' || stage === 'published';
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

/* ---- The volunteer organisation (issue 19) ----
 * Province roles read every unit; administrators change the tree, officers and obligations
 * anywhere. A unit officer (`unit_officer`) reads and edits their own unit and every unit below it,
 * and nothing else: another unit answers 404, as one that does not exist. An officer cannot move or
 * remove their own unit (that changes the tree above them), attach pilots' teams (that needs every
 * pilot's list), set obligations or send 督办. */

/** A unit as the policy sees it: its id and its current ancestors, nearest first. */
export interface UnitScope {
	id: number;
	ancestorIds: readonly number[];
}

type UnitUser = Pick<SessionUser, 'role' | 'unitId'> | null;

function officerOver(user: UnitUser, unit: UnitScope): boolean {
	return !!user && user.role === 'unit_officer' && user.unitId !== null && (user.unitId === unit.id || unit.ancestorIds.includes(user.unitId));
}

/** The 组织体系 pages at all: province roles and unit officers. */
export function canReadOrganisation(user: UnitUser): boolean {
	return can(user, 'pilots.read_all') || (!!user && user.role === 'unit_officer' && user.unitId !== null);
}

export function canReadUnit(user: UnitUser, unit: UnitScope): boolean {
	return can(user, 'pilots.read_all') || officerOver(user, unit);
}

/** Edit a unit, its officers and its obligations' completion; create units under it. */
export function canEditUnit(user: UnitUser, unit: UnitScope): boolean {
	return (!!user && user.role === 'province_admin') || officerOver(user, unit);
}

/** Move or remove a unit: administrators, or an officer for a unit strictly below their own. */
export function canRestructureUnit(user: UnitUser, unit: UnitScope): boolean {
	return canEditUnit(user, unit) && !(user?.role === 'unit_officer' && user.unitId === unit.id);
}

/** Create a top unit (the 总队) or attach pilots' teams: administrators only. */
export function canManageOrganisation(user: UnitUser): boolean {
	return !!user && user.role === 'province_admin';
}

/** Build units at all (then each parent is checked with `canEditUnit`): administrators and unit officers. */
export function canCreateUnits(user: UnitUser): boolean {
	return canManageOrganisation(user) || (!!user && user.role === 'unit_officer' && user.unitId !== null);
}

/** Set the dated obligations per kind of unit. */
export function canSetOrgDeadlines(user: UnitUser): boolean {
	return can(user, 'programme.manage');
}

/** 督办 a unit about an overdue obligation. */
export function canRemindUnit(user: UnitUser, unit: UnitScope): boolean {
	return can(user, 'reminders.send') && canReadUnit(user, unit);
}

/** The tree as Excel: the province's exporters (whole tree), a unit officer their own subtree. */
export function canExportOrganisation(user: UnitUser): boolean {
	return can(user, 'export') || (!!user && user.role === 'unit_officer' && user.unitId !== null);
}

/**
 * 组织体系回收站 (issue 19): restore an entry with the edit right it was removed under — an
 * officer's unit, a removed unit's former parent (today's place in the tree); an obligation, or a
 * unit that had no parent, needs an administrator. `scope` null: that unit is not in today's tree.
 */
export function canRestoreOrgEntry(user: UnitUser, entry: { kind: 'org_unit' | 'org_officer' | 'org_deadline' | 'org_deadline_done'; scope: UnitScope | null; hadScope: boolean }): boolean {
	if (entry.kind === 'org_deadline') return canSetOrgDeadlines(user);
	if (!entry.hadScope) return canManageOrganisation(user);
	return !!entry.scope && canEditUnit(user, entry.scope);
}

/** The 组织体系回收站 page: anyone who may restore something there (administrators, unit officers). */
export function canUseOrgBin(user: UnitUser): boolean {
	return canManageOrganisation(user) || canSetOrgDeadlines(user) || (!!user && user.role === 'unit_officer' && user.unitId !== null);
}
