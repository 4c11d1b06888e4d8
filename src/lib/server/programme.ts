/**
 * The province administrators' decisions about one pilot: a target raised or lowered (with the
 * reason kept next to who and when), and lifecycle moves. Each is one audited write.
 */
import { asc, desc, eq } from 'drizzle-orm';
import { db } from './db';
import { pilots, rounds, targetOverrides, users } from './db/schema';
import { write, type Actor } from './audit';
import { now } from './clock';
import { FieldError, NotFoundError } from './errors';
import { applyOverrides, type TargetKey } from '../domain/targets';
import { lifecycleProblem } from '../domain/lifecycle';
import type { PilotLifecycle } from '../domain/labels';

export async function targetHistoryOf(pilotId: number) {
	return db
		.select({ id: targetOverrides.id, targetKey: targetOverrides.targetKey, value: targetOverrides.value, previousValue: targetOverrides.previousValue, reason: targetOverrides.reason, at: targetOverrides.createdAt, by: users.displayName })
		.from(targetOverrides)
		.leftJoin(users, eq(users.id, targetOverrides.userId))
		.where(eq(targetOverrides.pilotId, pilotId))
		.orderBy(desc(targetOverrides.id));
}

export async function changeTarget(actor: Actor, pilotId: number, input: { targetKey: TargetKey; value: number; reason: string }) {
	return write(actor, async (tx, record) => {
		const [row] = await tx
			.select({ level: pilots.level, city: rounds.cityTargets, county: rounds.countyTargets })
			.from(pilots)
			.innerJoin(rounds, eq(rounds.id, pilots.roundId))
			.where(eq(pilots.id, pilotId));
		if (!row) throw new NotFoundError();
		const overrides = await tx.select().from(targetOverrides).where(eq(targetOverrides.pilotId, pilotId)).orderBy(asc(targetOverrides.createdAt), asc(targetOverrides.id));
		const current = applyOverrides(row.level === 'city' ? row.city : row.county, overrides)[input.targetKey];
		if (current === input.value) throw new FieldError('value', `目标已是 ${current}`);
		await tx.insert(targetOverrides).values({ pilotId, targetKey: input.targetKey, value: input.value, previousValue: current, reason: input.reason, userId: actor.userId, createdAt: now() });
		await record({ action: 'pilot.change_target', entityType: 'pilot', entityId: pilotId, pilotId, before: { [input.targetKey]: current }, after: { [input.targetKey]: input.value, reason: input.reason } });
	});
}

export async function changeLifecycle(actor: Actor, pilotId: number, input: { to: PilotLifecycle; approvalDate: string | null; closingSummary: string | null }) {
	return write(actor, async (tx, record) => {
		const [pilot] = await tx.select().from(pilots).where(eq(pilots.id, pilotId));
		if (!pilot) throw new NotFoundError();
		const problem = lifecycleProblem(pilot.lifecycle, input, pilot);
		if (problem) throw new FieldError(problem.field, problem.message);
		const change = {
			lifecycle: input.to,
			...(input.approvalDate ? { approvalDate: input.approvalDate } : {}),
			...(input.closingSummary ? { closingSummary: input.closingSummary } : {})
		};
		await tx.update(pilots).set({ ...change, updatedAt: now(), version: pilot.version + 1 }).where(eq(pilots.id, pilotId));
		await record({
			action: 'pilot.change_lifecycle',
			entityType: 'pilot',
			entityId: pilotId,
			pilotId,
			before: { lifecycle: pilot.lifecycle, approvalDate: pilot.approvalDate },
			after: change
		});
	});
}
