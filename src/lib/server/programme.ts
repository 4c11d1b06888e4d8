/**
 * The province administrators' decisions about one pilot: a target raised or lowered (with the
 * reason kept next to who and when), and lifecycle moves. Each is one audited write.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { db } from './db';
import { divisions, pilots, rounds, targetOverrides, users } from './db/schema';
import { divisionByCode, HENAN_PROVINCE, type Division } from '../data/henan-divisions';
import { write, type Actor } from './audit';
import { now } from './clock';
import { ConflictError, FieldError, NotFoundError, VersionMissingError } from './errors';
import { attachFile, storeBytes, type CheckedFile } from './files';
import { applyOverrides, type TargetKey } from '../domain/targets';
import { lifecycleProblem, verifiedShortfalls, type Shortfall } from '../domain/lifecycle';
import { DIMENSION_LABELS, DIMENSIONS, LEVEL_LABELS, LIFECYCLE_LABELS, type PilotLifecycle } from '../domain/labels';
import { auditLog } from './db/schema';
import { today as clockToday } from './clock';
import * as pilotQuery from './pilots/pilot';
import * as reviews from './reviews';
import * as publicity from './publicity';
import * as culture from './culture';

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

/** The closing summary may come as text, as a document (PDF or Word), or both. */
export async function changeLifecycle(
	actor: Actor,
	pilotId: number,
	input: { to: PilotLifecycle; approvalDate: string | null; closingSummary: string | null; acceptanceReason?: string | null },
	closingDocument: CheckedFile | null = null
) {
	const sha256 = closingDocument ? await storeBytes(closingDocument.bytes) : null;
	// 已验收 is judged on verified counts: read them before the write (a verdict given meanwhile
	// can only raise them)
	const shortfalls = input.to === 'accepted' ? await shortfallsOf(pilotId) : [];
	return write(actor, async (tx, record) => {
		const [pilot] = await tx.select().from(pilots).where(eq(pilots.id, pilotId));
		if (!pilot) throw new NotFoundError();
		const hasSummary = input.closingSummary ?? pilot.closingSummary ?? (closingDocument || pilot.closingSummaryFileId ? '（见附件）' : null);
		const problem = lifecycleProblem(pilot.lifecycle, { ...input, closingSummary: hasSummary }, { ...pilot, shortfalls, today: clockToday() });
		if (problem) throw new FieldError(problem.field, problem.message);
		const change = {
			lifecycle: input.to,
			...(input.approvalDate ? { approvalDate: input.approvalDate } : {}),
			...(input.closingSummary ? { closingSummary: input.closingSummary } : {}),
			// the decision's reason (required for 已验收 with a shortfall), kept with the pilot
			...((input.to === 'accepted' || input.to === 'not_accepted') && input.acceptanceReason ? { acceptanceReason: input.acceptanceReason } : {})
		};
		let closingSummaryFileId = pilot.closingSummaryFileId;
		if (closingDocument && sha256) {
			closingSummaryFileId = await attachFile(tx, { pilotId, entityType: 'pilot', entityId: pilotId, purpose: 'closing_summary', file: closingDocument, sha256, userId: actor.userId });
		}
		await tx.update(pilots).set({ ...change, closingSummaryFileId, updatedAt: now(), version: pilot.version + 1 }).where(eq(pilots.id, pilotId));
		await record({
			action: 'pilot.change_lifecycle',
			entityType: 'pilot',
			entityId: pilotId,
			pilotId,
			before: { lifecycle: pilot.lifecycle, approvalDate: pilot.approvalDate },
			after: { ...change, closingDocument: closingDocument?.name }
		});
	});
}

export interface ApplicationInput {
	conditionLeadership: string | null;
	conditionFoundation: string | null;
	conditionWillingness: string | null;
	contactName: string | null;
	contactPhone: string | null;
}

export const DIVISION_TAKEN = '该单位已在本批次中';

/** Whether the round already holds a pilot of this division. */
export async function divisionInRound(roundId: number, divisionCode: string): Promise<boolean> {
	const [taken] = await db.select({ id: pilots.id }).from(pilots).where(and(eq(pilots.roundId, roundId), eq(pilots.divisionCode, divisionCode))).limit(1);
	return !!taken;
}

/**
 * Registers a unit's application (申报中) in a round. The division table is reference data: the
 * unit's division and its city are written if this database does not hold them yet.
 */
export async function createPilot(actor: Actor, roundId: number, input: ApplicationInput & { divisionCode: string }, token?: string | null) {
	const division = divisionByCode(input.divisionCode);
	if (!division || division.level === 'province') throw new FieldError('divisionCode', '请选择一个市或县（区）');
	const level = division.level;
	const { divisionCode, ...conditions } = input;
	return write(actor, async (tx, record) => {
		const [round] = await tx.select({ id: rounds.id }).from(rounds).where(eq(rounds.id, roundId));
		if (!round) throw new NotFoundError();
		const lineage = [HENAN_PROVINCE, divisionByCode(division.parentCode ?? ''), division].filter((d): d is Division => !!d);
		await tx.insert(divisions).values(lineage.map((d) => ({ ...d }))).onConflictDoNothing();
		const [taken] = await tx.select({ id: pilots.id }).from(pilots).where(and(eq(pilots.roundId, roundId), eq(pilots.divisionCode, divisionCode)));
		if (taken) throw new FieldError('divisionCode', DIVISION_TAKEN);
		const at = now();
		const [row] = await tx
			.insert(pilots)
			.values({ roundId, divisionCode, level, name: `${division.name}科协`, lifecycle: 'applying', ...conditions, createdAt: at, updatedAt: at })
			.returning({ id: pilots.id });
		await record({ action: 'pilot.create', entityType: 'pilot', entityId: row.id, pilotId: row.id, after: { divisionCode, ...conditions } });
		return row.id;
	}, { token });
}

/** `version` is the pilot's version the form was made from: a save over a newer one is refused. */
export async function updateApplication(actor: Actor, pilotId: number, { version, ...input }: ApplicationInput & { version?: number }) {
	return write(actor, async (tx, record) => {
		const [before] = await tx.select().from(pilots).where(eq(pilots.id, pilotId));
		if (!before) throw new NotFoundError();
		if (version === undefined) throw new VersionMissingError();
		if (before.version !== version) throw new ConflictError();
		await tx.update(pilots).set({ ...input, updatedAt: now(), version: before.version + 1 }).where(eq(pilots.id, pilotId));
		const keys = Object.keys(input) as (keyof ApplicationInput)[];
		await record({ action: 'pilot.update_application', entityType: 'pilot', entityId: pilotId, pilotId, before: Object.fromEntries(keys.map((k) => [k, before[k]])), after: input });
	});
}

/** The application a unit made (试点条件, contact) and its closing summary, with the version an edit must name. */
export async function applicationOf(pilotId: number) {
	const [row] = await db
		.select({
			conditionLeadership: pilots.conditionLeadership,
			conditionFoundation: pilots.conditionFoundation,
			conditionWillingness: pilots.conditionWillingness,
			contactName: pilots.contactName,
			contactPhone: pilots.contactPhone,
			version: pilots.version,
			closingSummary: pilots.closingSummary,
			closingSummaryFileId: pilots.closingSummaryFileId
		})
		.from(pilots)
		.where(eq(pilots.id, pilotId));
	return row;
}

// ---- issue 21: 总结验收 on verified counts ----

/** The targets this pilot misses on verified counts today (empty before approval). */
export async function shortfallsOf(pilotId: number, day = clockToday()): Promise<Shortfall[]> {
	const pilot = await pilotQuery.get(pilotId, day);
	if (!pilot || !pilot.counted || !pilot.verified) return [];
	return verifiedShortfalls(pilot.targets, pilot.counted.actual, pilot.verified);
}

const KIND_LABELS = { station: '站点', mechanism: '制度机制', team: '服务队', project: '项目', activity: '活动' } as const;
const STATE_LABELS: Record<string, string> = { unreviewed: '待核实', partly: '部分核实', changed: '修改后待核实', returned: '已退回' };

/**
 * The acceptance record (验收记录) of one pilot as of `day`: every target on claimed and on verified
 * counts, the counted items still unverified (by kind, with their 核实 anchors), the 经验总结, the
 * decision and its reason, and the scheme's other figures (publicity, station culture). One plain
 * object: the printed page renders it, and a PDF can be made from the same data.
 */
export async function acceptanceRecordOf(pilotId: number, day: string) {
	const pilot = await pilotQuery.get(pilotId, day);
	if (!pilot) return null;
	const [board, application, decision, publicityCounts, cultureCounts] = await Promise.all([
		pilot.counted ? reviews.boardOf(pilot) : Promise.resolve([]),
		applicationOf(pilotId),
		decisionOf(pilotId),
		publicity.countsOf([pilotId]).then((m) => m.get(pilotId)!),
		culture.countsOf(pilotId)
	]);
	const claimed = pilot.counted?.actual ?? null;
	const verified = pilot.verified ?? null;
	const targets = DIMENSIONS.map((d) => {
		const c = claimed?.[d] ?? 0;
		const v = verified?.[d] ?? 0;
		const t = pilot.targets[d];
		return { key: d, label: DIMENSION_LABELS[d], target: t, claimed: c, verified: v, metClaimed: c >= t, metVerified: v >= t };
	});
	const pending = board.filter((b) => b.counted && b.review.state !== 'verified');
	const unverified = (['station', 'mechanism', 'team', 'project', 'activity'] as const)
		.map((kind) => ({
			kind,
			label: KIND_LABELS[kind],
			items: pending.filter((b) => b.kind === kind).map((b) => ({ id: b.id, name: b.name, state: STATE_LABELS[b.review.state] ?? '待核实', anchor: `${b.kind}:${b.id}` }))
		}))
		.filter((g) => g.items.length);
	return {
		asOf: day,
		pilot: {
			id: pilot.id,
			name: pilot.name,
			level: LEVEL_LABELS[pilot.level],
			roundName: pilot.roundName,
			lifecycle: pilot.lifecycle,
			lifecycleLabel: LIFECYCLE_LABELS[pilot.lifecycle],
			startDate: pilot.cycle?.startDate ?? null,
			endDate: pilot.cycle?.endDate ?? null
		},
		targets,
		shortfalls: claimed && verified ? verifiedShortfalls(pilot.targets, claimed, verified) : [],
		unverified,
		closingSummary: application?.closingSummary ?? null,
		closingSummaryFileId: application?.closingSummaryFileId ?? null,
		decision,
		publicity: publicityCounts,
		culture: cultureCounts
	};
}
export type AcceptanceRecord = NonNullable<Awaited<ReturnType<typeof acceptanceRecordOf>>>;

/** The latest 已验收 / 未通过 decision: who, when, and the reason kept with the pilot. */
async function decisionOf(pilotId: number) {
	const rows = await db
		.select({ at: auditLog.at, after: auditLog.after, by: users.displayName })
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.userId))
		.where(and(eq(auditLog.pilotId, pilotId), eq(auditLog.action, 'pilot.change_lifecycle')))
		.orderBy(desc(auditLog.id))
		.limit(20);
	const row = rows.find((r) => {
		const to = (r.after as { lifecycle?: string } | null)?.lifecycle;
		return to === 'accepted' || to === 'not_accepted';
	});
	if (!row) return null;
	const after = row.after as { lifecycle: PilotLifecycle; acceptanceReason?: string };
	return { to: after.lifecycle, label: LIFECYCLE_LABELS[after.lifecycle], at: row.at, by: row.by ?? null, reason: after.acceptanceReason ?? null };
}
