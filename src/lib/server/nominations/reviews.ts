/** Expert review of a call's nominations: assignment with conflict flags, scores, declared conflicts, ranking. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { db } from '../db';
import { nominationAccounts, nominationReviews, nominations, users } from '../db/schema';
import { write, type Actor } from '../audit';
import { now } from '../clock';
import { FieldError, NotFoundError } from '../errors';
import { rankNominations, reviewerFlags } from '../../domain/nomination-process';
import type { Call } from './calls';

export async function experts() {
	return db
		.select({ id: users.id, name: users.displayName, username: users.username, divisionCode: nominationAccounts.divisionCode, unitId: nominationAccounts.unitId })
		.from(users)
		.leftJoin(nominationAccounts, eq(nominationAccounts.userId, users.id))
		.where(and(eq(users.role, 'reviewer'), eq(users.disabled, false)))
		.orderBy(asc(users.id));
}

/** Every assignment of the call's nominations. */
export async function ofCall(callId: number) {
	return db
		.select({ r: nominationReviews, name: users.displayName })
		.from(nominationReviews)
		.innerJoin(nominations, eq(nominations.id, nominationReviews.nominationId))
		.innerJoin(users, eq(users.id, nominationReviews.userId))
		.where(eq(nominations.callId, callId))
		.orderBy(asc(nominationReviews.id));
}

/** What an expert sees: their assignments without a declared conflict. */
export async function assignedTo(callId: number, userId: number) {
	return db
		.select({ n: nominations, r: nominationReviews })
		.from(nominationReviews)
		.innerJoin(nominations, eq(nominations.id, nominationReviews.nominationId))
		.where(and(eq(nominations.callId, callId), eq(nominationReviews.userId, userId)))
		.orderBy(asc(nominations.category), asc(nominations.id));
}

/** Flags per nomination for one expert, computed before assigning. */
export async function flagsFor(expertId: number, list: { id: number; divisionCode: string | null; unitId: number }[]) {
	const [a] = await db.select().from(nominationAccounts).where(eq(nominationAccounts.userId, expertId));
	const expert = { divisionCode: a?.divisionCode ?? null, unitId: a?.unitId ?? null };
	return new Map(list.map((n) => [n.id, reviewerFlags(expert, n)]));
}

/** Assigns submitted nominations to an expert; a flagged pair (same city or unit) is refused. */
export async function assign(actor: Actor, call: Call, expertId: number, nominationIds: number[]) {
	if (!nominationIds.length) throw new FieldError('nominationIds', '请选择要分配的推荐对象');
	const [expert] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, expertId), eq(users.role, 'reviewer')));
	if (!expert) throw new FieldError('reviewerId', '请选择评审专家');
	const list = await db.select().from(nominations).where(and(eq(nominations.callId, call.id), inArray(nominations.id, nominationIds)));
	if (list.length !== new Set(nominationIds).size) throw new FieldError('nominationIds', '推荐对象选项无效');
	const flags = await flagsFor(expertId, list);
	const flagged = list.filter((n) => flags.get(n.id)!.length);
	if (flagged.length) throw new FieldError('nominationIds', `需回避，未分配：${flagged.map((n) => `${n.candidateName}（${flags.get(n.id)!.join('、')}）`).join('；')}`);
	const notSubmitted = list.filter((n) => n.status !== 'submitted');
	if (notSubmitted.length) throw new FieldError('nominationIds', `尚未报送：${notSubmitted.map((n) => n.candidateName).join('、')}`);
	return write(actor, async (tx, record) => {
		const at = now();
		await tx.insert(nominationReviews).values(list.map((n) => ({ nominationId: n.id, userId: expertId, createdAt: at }))).onConflictDoNothing();
		await record({ action: 'nomination_review.assign', entityType: 'nomination_call', entityId: call.id, after: { expertId, nominations: list.map((n) => n.candidateName) } });
	});
}

async function ownReview(callId: number, nominationId: number, userId: number) {
	const [row] = await db
		.select({ r: nominationReviews })
		.from(nominationReviews)
		.innerJoin(nominations, eq(nominations.id, nominationReviews.nominationId))
		.where(and(eq(nominationReviews.nominationId, nominationId), eq(nominationReviews.userId, userId), eq(nominations.callId, callId)));
	return row?.r ?? null;
}

/** An expert scores one assigned nomination on every criterion (0–100). */
export async function score(actor: Actor & { userId: number }, call: Call, nominationId: number, scores: number[]) {
	const review = await ownReview(call.id, nominationId, actor.userId);
	if (!review || review.conflict) throw new NotFoundError();
	if (call.stage !== 'open' && call.stage !== 'review') throw new FieldError('_form', '评审已结束');
	if (scores.length !== call.criteria.length) throw new FieldError('scores', `请为全部 ${call.criteria.length} 项指标打分`);
	return write(actor, async (tx, record) => {
		await tx.update(nominationReviews).set({ scores, scoredAt: now() }).where(eq(nominationReviews.id, review.id));
		await record({ action: 'nomination_review.score', entityType: 'nomination', entityId: nominationId, before: { scores: review.scores }, after: { scores } });
	});
}

/** An expert declares a conflict of interest: the nomination leaves their list for good. */
export async function declareConflict(actor: Actor & { userId: number }, call: Call, nominationId: number, conflict: string) {
	const review = await ownReview(call.id, nominationId, actor.userId);
	if (!review || review.conflict) throw new NotFoundError();
	return write(actor, async (tx, record) => {
		await tx.update(nominationReviews).set({ conflict, scores: null, scoredAt: null }).where(eq(nominationReviews.id, review.id));
		await record({ action: 'nomination_review.conflict', entityType: 'nomination', entityId: nominationId, after: { conflict } });
	});
}

/** The call's ranking: weighted mean per nomination, rank per category (submitted nominations only). */
export async function ranking(call: Call) {
	const list = await db.select().from(nominations).where(and(eq(nominations.callId, call.id), eq(nominations.status, 'submitted')));
	const reviews = await db.select().from(nominationReviews).where(inArray(nominationReviews.nominationId, list.length ? list.map((n) => n.id) : [0]));
	const ranked = rankNominations(
		list.map((n) => ({ id: n.id, category: n.category, scores: reviews.filter((r) => r.nominationId === n.id && r.scores && !r.conflict).map((r) => r.scores!) })),
		call.criteria
	);
	const byId = new Map(list.map((n) => [n.id, n]));
	const assigned = (id: number) => reviews.filter((r) => r.nominationId === id && !r.conflict).length;
	return ranked.map((r) => ({ ...r, nomination: byId.get(r.id)!, assigned: assigned(r.id) }));
}
