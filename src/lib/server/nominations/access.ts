/**
 * Guards of the nominations area, built on policy.ts: the reader's scope (with a 推荐单位 account's
 * bound unit from nomination_accounts), a call they may see, a nomination they may read or edit.
 * Whatever a reader may not see answers 404, exactly like what does not exist.
 */
import { error } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { db } from '../db';
import { nominationAccounts, nominationCallUnits, nominationReviews } from '../db/schema';
import { requireUser } from '../auth/guards';
import { today } from '../clock';
import { canEditNomination, canReadNomination, nominationScopeOf, type NominationScope } from '../auth/policy';
import type { SessionUser } from '../auth/session';
import * as calls from './calls';
import * as entries from './entries';

export async function accountOf(userId: number) {
	const [row] = await db.select().from(nominationAccounts).where(eq(nominationAccounts.userId, userId));
	return row ?? null;
}

/** The signed-in reader's scope in the area, or 404 for roles that have none. */
export async function requireScope(): Promise<{ user: SessionUser; scope: NominationScope }> {
	const user = requireUser();
	const account = user.role === 'nominating_unit' ? await accountOf(user.id) : null;
	const scope = nominationScopeOf(user, account?.unitId ?? null);
	if (!scope) error(404, '未找到该页面');
	return { user, scope };
}

export function requireManage(scope: NominationScope) {
	if (scope.kind !== 'province' || !scope.manage) error(403, '您的账号没有此项权限');
}

/** A call this reader may see (by `calls.list`'s rule), or 404. */
export async function requireCall(callId: number) {
	const { user, scope } = await requireScope();
	const call = await calls.get(callId);
	if (!call) error(404, '未找到该征集');
	if (scope.kind === 'leader' && call.stage !== 'publicity' && call.stage !== 'published') error(404, '未找到该征集');
	if (scope.kind === 'unit') {
		const [member] = await db.select().from(nominationCallUnits).where(and(eq(nominationCallUnits.callId, callId), eq(nominationCallUnits.unitId, scope.unitId)));
		if (!member) error(404, '未找到该征集');
	}
	if (scope.kind === 'reviewer' && !(await calls.list(scope, user.id)).some((c) => c.id === callId)) error(404, '未找到该征集');
	return { user, scope, call };
}

export async function reviewOf(nominationId: number, userId: number) {
	const [row] = await db.select().from(nominationReviews).where(and(eq(nominationReviews.nominationId, nominationId), eq(nominationReviews.userId, userId)));
	return row ?? null;
}

/** A nomination this reader may read (a reviewer: assigned and not conflicted), or 404. */
export async function requireNomination(callId: number, nominationId: number) {
	const ctx = await requireCall(callId);
	const found = await entries.get(callId, nominationId);
	if (!found) error(404, '未找到该推荐材料');
	const review = ctx.scope.kind === 'reviewer' ? await reviewOf(nominationId, ctx.user.id) : null;
	if (!canReadNomination(ctx.scope, found.n, review)) error(404, '未找到该推荐材料');
	return { ...ctx, nomination: found.n, unitName: found.unitName, review, canEdit: canEditNomination(ctx.scope, found.n, ctx.call.stage, today() > ctx.call.deadline) };
}

export async function requireNominationEdit(callId: number, nominationId: number) {
	const ctx = await requireNomination(callId, nominationId);
	if (!ctx.canEdit) error(403, '您的账号只能查看，不能修改该推荐材料');
	return ctx;
}
