/**
 * Accounts: list, create, edit, disable, reset and change passwords. Every change is one audited
 * write; anything that changes who a user is or how they sign in ends their sessions at once.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { db } from './db';
import { orgUnits, pilots, sessions, users, type User } from './db/schema';
import { write, type Actor } from './audit';
import { now } from './clock';
import { generateTemporaryPassword, hashPassword, passwordProblem, verifyPassword } from './auth/password';
import { issueSession, otherSessionsOf } from './auth/session';
import type { Role } from './auth/policy';
import { ConflictError, FieldError, refuseIfAny } from './errors';
// nominations (issue 20): a 推荐单位 account's unit, an expert's unit and city
import * as nominationAccounts from './nominations/accounts';
import type { NominationBinding } from './nominations/accounts';

/** What the audit log may keep of a user: never the hash. */
function snapshot(u: User) {
	return {
		username: u.username,
		displayName: u.displayName,
		role: u.role,
		pilotId: u.pilotId,
		unitId: u.unitId,
		disabled: u.disabled,
		mustChangePassword: u.mustChangePassword
	};
}

export async function listUsers() {
	const rows = await db
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			role: users.role,
			pilotId: users.pilotId,
			pilotName: pilots.name,
			unitId: users.unitId,
			unitName: orgUnits.name,
			disabled: users.disabled,
			mustChangePassword: users.mustChangePassword,
			activeSessions: sql<number>`(select count(*) from ${sessions} where ${sessions.userId} = ${users.id})`
		})
		.from(users)
		.leftJoin(pilots, eq(pilots.id, users.pilotId))
		.leftJoin(orgUnits, eq(orgUnits.id, users.unitId))
		.orderBy(asc(users.role), asc(users.username));
	const bindings = await nominationAccounts.bindingsOf(rows.filter((r) => r.role === 'nominating_unit' || r.role === 'reviewer'));
	return rows.map((r) => ({ ...r, nominationUnitName: bindings.get(r.id)?.unitName ?? null }));
}

export async function getUser(id: number) {
	const [row] = await db
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			role: users.role,
			pilotId: users.pilotId,
			unitId: users.unitId,
			disabled: users.disabled,
			mustChangePassword: users.mustChangePassword,
			version: users.version
		})
		.from(users)
		.where(eq(users.id, id));
	if (!row) return null;
	const binding = (await nominationAccounts.bindingsOf([row])).get(row.id);
	return { ...row, nominationUnit: binding?.nominationUnit ?? null, reviewerCity: binding?.reviewerCity ?? null };
}

export async function pilotChoices() {
	return db.select({ id: pilots.id, name: pilots.name }).from(pilots).orderBy(asc(pilots.level), asc(pilots.divisionCode));
}

/** Organisation units an officer account may be bound to (issue 19). */
export async function unitChoices() {
	return db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(isNull(orgUnits.removedOn)).orderBy(asc(orgUnits.id));
}

async function assertUnitExists(unitId: number | null | undefined) {
	if (unitId == null) return;
	const [u] = await db.select({ id: orgUnits.id }).from(orgUnits).where(and(eq(orgUnits.id, unitId), isNull(orgUnits.removedOn)));
	if (!u) throw new FieldError('unitId', '所选组织单位不存在');
}

async function assertPilotExists(pilotId: number | null) {
	if (pilotId === null) return;
	const [p] = await db.select({ id: pilots.id }).from(pilots).where(eq(pilots.id, pilotId));
	if (!p) throw new FieldError('pilotId', '所选试点不存在');
}

/** Creates an account with a random single-use password, returned once for the administrator. */
export async function createUser(
	actor: Actor,
	input: { username: string; displayName: string; role: Role; pilotId: number | null; unitId?: number | null } & Partial<NominationBinding>
): Promise<{ id: number; temporaryPassword: string }> {
	const { nominationUnit = null, reviewerCity = null, ...account } = input;
	await assertPilotExists(input.pilotId);
	await assertUnitExists(input.unitId);
	const temporaryPassword = generateTemporaryPassword();
	const passwordHash = await hashPassword(temporaryPassword);
	return write(actor, async (tx, record) => {
		const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
		if (taken) throw new FieldError('username', '该用户名已被使用');
		const at = now();
		const [created] = await tx
			.insert(users)
			.values({ ...account, passwordHash, mustChangePassword: true, createdAt: at, updatedAt: at })
			.returning();
		const bound = await nominationAccounts.save(tx, created.id, created.role, { nominationUnit, reviewerCity });
		await record({ action: 'user.create', entityType: 'user', entityId: created.id, pilotId: created.pilotId, after: { ...snapshot(created), ...(bound.after ? { nominationAccount: bound.after } : {}) } });
		return { id: created.id, temporaryPassword };
	});
}

async function updateWith(
	actor: Actor,
	id: number,
	expectedVersion: number | null,
	action: string,
	change: Partial<Omit<User, 'id' | 'version'>>,
	endSessions: boolean,
	binding?: NominationBinding
) {
	return write(actor, async (tx, record) => {
		const [before] = await tx.select().from(users).where(eq(users.id, id));
		if (!before) throw new FieldError('_form', '账号不存在');
		if (expectedVersion !== null && before.version !== expectedVersion) throw new ConflictError();
		const [after] = await tx
			.update(users)
			.set({ ...change, updatedAt: now(), version: before.version + 1 })
			.where(and(eq(users.id, id), eq(users.version, before.version)))
			.returning();
		if (endSessions) await tx.delete(sessions).where(eq(sessions.userId, id));
		const bound = binding ? await nominationAccounts.save(tx, id, after.role, binding) : null;
		const account = (row: object | null | undefined) => (row ? { nominationAccount: row } : {});
		await record({ action, entityType: 'user', entityId: id, pilotId: after.pilotId ?? before.pilotId, before: { ...snapshot(before), ...account(bound?.before) }, after: { ...snapshot(after), ...account(bound?.after) } });
		return after;
	});
}

export async function updateUser(
	actor: Actor,
	id: number,
	input: { displayName: string; role: Role; pilotId: number | null; unitId?: number | null; version: number } & Partial<NominationBinding>
) {
	await assertPilotExists(input.pilotId);
	await assertUnitExists(input.unitId);
	if (actor.userId === id && input.role !== 'province_admin') {
		throw new FieldError('role', '不能取消自己的管理员角色');
	}
	const current = await getUser(id);
	// A new role or pilot changes what the account may see: end its sessions so it signs in again.
	const { version, nominationUnit = null, reviewerCity = null, ...change } = input;
	const scopeChanged =
		!!current &&
		(current.role !== input.role || current.pilotId !== input.pilotId || current.unitId !== (input.unitId ?? null) || current.nominationUnit !== nominationUnit || current.reviewerCity !== reviewerCity);
	return updateWith(actor, id, version, 'user.update', change, scopeChanged, { nominationUnit, reviewerCity });
}

export async function setDisabled(actor: Actor, id: number, disabled: boolean) {
	if (actor.userId === id && disabled) throw new FieldError('_form', '不能停用自己的账号');
	return updateWith(actor, id, null, disabled ? 'user.disable' : 'user.enable', { disabled }, disabled);
}

export async function endSessionsOf(actor: Actor, id: number) {
	return write(actor, async (tx, record) => {
		const ended = await tx.delete(sessions).where(eq(sessions.userId, id)).returning({ id: sessions.id });
		await record({ action: 'user.end_sessions', entityType: 'user', entityId: id, after: { ended: ended.length } });
	});
}

/** A new random password the user must replace at next login; their sessions end. */
export async function resetPassword(actor: Actor, id: number): Promise<string> {
	const temporaryPassword = generateTemporaryPassword();
	const passwordHash = await hashPassword(temporaryPassword);
	await updateWith(actor, id, null, 'user.reset_password', { passwordHash, mustChangePassword: true }, true);
	return temporaryPassword;
}

/**
 * A user changes their own password: the current one is required, the new one must pass the
 * policy; every other session ends and the caller gets a fresh one.
 */
/**
 * What is wrong with a password change beyond the form's shape: a wrong current password and a
 * new one too weak, both at once (the page asks for them together, so it says them together).
 */
export async function passwordChangeProblems(user: Pick<User, 'passwordHash' | 'username'>, input: { currentPassword?: unknown; newPassword?: unknown }) {
	const problems: Record<string, string> = {};
	if (typeof input.currentPassword === 'string' && input.currentPassword && !(await verifyPassword(user.passwordHash, input.currentPassword))) problems.currentPassword = '当前密码不正确';
	const weak = typeof input.newPassword === 'string' && input.newPassword ? passwordProblem(input.newPassword, user.username) : null;
	if (weak) problems.newPassword = weak;
	return problems;
}

/** The signed-in account's own password change, checked as `passwordChangeProblems` and the form. */
export async function passwordChangeProblemsOf(userId: number, input: { currentPassword?: unknown; newPassword?: unknown }) {
	const [user] = await db.select({ passwordHash: users.passwordHash, username: users.username }).from(users).where(eq(users.id, userId));
	return user ? passwordChangeProblems(user, input) : {};
}

export async function changeOwnPassword(
	actor: Actor,
	input: { currentPassword: string; newPassword: string; sessionId: string; userAgent: string | null }
) {
	if (actor.userId === null) throw new FieldError('_form', '请先登录');
	const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
	if (!user) throw new FieldError('currentPassword', '当前密码不正确');
	refuseIfAny(await passwordChangeProblems(user, input));
	const passwordHash = await hashPassword(input.newPassword);
	return write(actor, async (tx, record) => {
		await tx
			.update(users)
			.set({ passwordHash, mustChangePassword: false, updatedAt: now(), version: user.version + 1 })
			.where(eq(users.id, user.id));
		await tx.delete(sessions).where(otherSessionsOf(user.id));
		const issued = await issueSession(tx, user.id, { ip: actor.ip, userAgent: input.userAgent });
		await record({ action: 'user.change_password', entityType: 'user', entityId: user.id, pilotId: user.pilotId });
		return issued;
	});
}
