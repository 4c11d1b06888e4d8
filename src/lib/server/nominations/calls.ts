/** Calls for exemplary cases (征集): their settings, the units that nominate and their categories. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { db, type Transaction } from '../db';
import { nominationCallUnits, nominationCalls, nominationReviews, nominations, nominationUnits } from '../db/schema';
import type { Actor } from '../audit';
import { write } from '../audit';
import { now } from '../clock';
import { ConflictError, FieldError, NotFoundError, VersionMissingError } from '../errors';
import { HENAN_DIVISIONS } from '../../data/henan-divisions';
import { DEFAULT_CALL_RULES, NOMINATION_CATEGORIES, type CallRules, type NominationCategory } from '../../domain/nominations';
import { categoriesOfUnit, categoryChoiceProblems, type NominatingUnitKind } from '../../domain/nomination-process';
import type { CallInput } from '../../schemas/nominations';
import type { NominationScope } from '../auth/policy';

export type Call = typeof nominationCalls.$inferSelect;

/** `000`'s other nominating units: provincial 学会 and departments (real bodies; codes are ours). */
export const PROVINCIAL_UNITS: { code: string; name: string; kind: NominatingUnitKind }[] = [
	{ code: 'S01', name: '河南省医学会', kind: 'society' },
	{ code: 'S02', name: '河南省农学会', kind: 'society' },
	{ code: 'S03', name: '河南省气象学会', kind: 'society' },
	{ code: 'D01', name: '河南省农业农村厅', kind: 'department' },
	{ code: 'D02', name: '河南省卫生健康委员会', kind: 'department' }
];

/** The nominating units: Henan's 18 city 科协 by GB/T 2260 code, then the provincial ones. Added once. */
export async function ensureUnits(tx: Transaction) {
	const at = now();
	const cities = HENAN_DIVISIONS.filter((d) => d.level === 'city').map((d) => ({ code: d.code, name: `${d.name}科协`, kind: 'city' as const, divisionCode: d.code, createdAt: at }));
	await tx
		.insert(nominationUnits)
		.values([...cities, ...PROVINCIAL_UNITS.map((u) => ({ ...u, divisionCode: null, createdAt: at }))])
		.onConflictDoNothing();
}

export function listUnits() {
	return db.select().from(nominationUnits).orderBy(asc(nominationUnits.kind), asc(nominationUnits.code));
}

/** Defaults of a new call: `000`'s 40 cases, 10 per category, and CallRules' thresholds. */
export function defaults(year: number) {
	return {
		name: `${year}年度“i科普”科技志愿服务典型事迹征集`,
		year,
		categories: Object.fromEntries(NOMINATION_CATEGORIES.map((c) => [c, { select: 10, places: 20 }])) as Record<NominationCategory, { select: number; places: number }>,
		rules: { ...DEFAULT_CALL_RULES },
		quotaMinimum: 1,
		criteria: [
			{ name: '事迹突出', weight: 40 },
			{ name: '服务成效', weight: 40 },
			{ name: '示范带动', weight: 20 }
		]
	};
}

/** The calls a reader sees: the province all; leaders those in 公示 or published; a unit those it nominates in; an expert those with assignments. */
export async function list(scope: NominationScope, userId: number) {
	const all = await db.select().from(nominationCalls).orderBy(desc(nominationCalls.year), desc(nominationCalls.id));
	if (scope.kind === 'province') return all;
	if (scope.kind === 'leader') return all.filter((c) => c.stage === 'publicity' || c.stage === 'published');
	if (scope.kind === 'unit') {
		const mine = new Set((await db.select({ id: nominationCallUnits.callId }).from(nominationCallUnits).where(eq(nominationCallUnits.unitId, scope.unitId))).map((r) => r.id));
		return all.filter((c) => mine.has(c.id));
	}
	const assigned = new Set(
		(
			await db
				.select({ id: nominations.callId })
				.from(nominationReviews)
				.innerJoin(nominations, eq(nominations.id, nominationReviews.nominationId))
				.where(eq(nominationReviews.userId, userId))
		).map((r) => r.id)
	);
	return all.filter((c) => assigned.has(c.id));
}

export async function get(id: number): Promise<Call | null> {
	const [row] = await db.select().from(nominationCalls).where(eq(nominationCalls.id, id));
	return row ?? null;
}

export function rulesOf(call: Call): CallRules {
	return { ...DEFAULT_CALL_RULES, ...call.rules, cutoffDate: call.cutoffDate };
}

/** The call's categories in the contract's order. */
export function categoriesOf(call: Call): NominationCategory[] {
	return NOMINATION_CATEGORIES.filter((c) => (call.categories[c]?.select ?? 0) > 0);
}

/** The units of a call with their kind and the categories they nominate in. */
export async function unitsOf(call: Call, reader: typeof db | Transaction = db) {
	const rows = await reader
		.select({ id: nominationUnits.id, code: nominationUnits.code, name: nominationUnits.name, kind: nominationUnits.kind, divisionCode: nominationUnits.divisionCode, chosen: nominationCallUnits.categories })
		.from(nominationCallUnits)
		.innerJoin(nominationUnits, eq(nominationUnits.id, nominationCallUnits.unitId))
		.where(eq(nominationCallUnits.callId, call.id))
		.orderBy(asc(nominationUnits.kind), asc(nominationUnits.code));
	const cats = categoriesOf(call);
	return rows.map((u) => ({ ...u, categories: categoriesOfUnit(u.kind, u.chosen, cats) }));
}

function valuesOf(input: CallInput) {
	return {
		name: input.name,
		year: input.year,
		cutoffDate: input.cutoffDate,
		deadline: input.deadline,
		categories: Object.fromEntries(
			NOMINATION_CATEGORIES.map((c) => [c, { select: input[`${c}Select`], places: input[`${c}Places`] }])
		) as Record<string, { select: number; places: number }>,
		rules: {
			teamMinVolunteers: input.teamMinVolunteers,
			teamMinVolunteersOutstanding: input.teamMinVolunteersOutstanding,
			projectMinVolunteers: input.projectMinVolunteers,
			projectMinYears: input.projectMinYears,
			stationMinShare: input.stationMinShare,
			stationMinKinds: input.stationMinKinds,
			stationMinTeams: input.stationMinTeams
		},
		quotaMinimum: input.quotaMinimum,
		criteria: input.criteria,
		hideUnitFromReviewers: input.hideUnitFromReviewers
	};
}

/** A call's form values from what is stored (percent as typed). */
export function formValuesOf(call: Pick<Call, 'name' | 'year' | 'cutoffDate' | 'deadline' | 'categories' | 'rules' | 'quotaMinimum' | 'criteria' | 'hideUnitFromReviewers'> & { version?: number }, unitIds: number[]) {
	const r = { ...DEFAULT_CALL_RULES, ...call.rules };
	return {
		name: call.name,
		year: String(call.year),
		cutoffDate: call.cutoffDate,
		deadline: call.deadline,
		...Object.fromEntries(NOMINATION_CATEGORIES.flatMap((c) => [[`${c}Select`, String(call.categories[c]?.select ?? 0)], [`${c}Places`, String(call.categories[c]?.places ?? 0)]])),
		quotaMinimum: String(call.quotaMinimum),
		teamMinVolunteers: String(r.teamMinVolunteers),
		teamMinVolunteersOutstanding: String(r.teamMinVolunteersOutstanding),
		projectMinVolunteers: String(r.projectMinVolunteers),
		projectMinYears: String(r.projectMinYears),
		stationMinShare: `${Number((r.stationMinShare * 100).toFixed(1))}`,
		stationMinKinds: String(r.stationMinKinds),
		stationMinTeams: String(r.stationMinTeams),
		criteria: call.criteria.map((c) => `${c.name} ${c.weight}`).join('\n'),
		hideUnitFromReviewers: call.hideUnitFromReviewers,
		unitIds: unitIds.map(String),
		version: call.version
	};
}

async function checkUnits(tx: Transaction, ids: number[]) {
	if (!ids.length) return;
	const found = await tx.select({ id: nominationUnits.id }).from(nominationUnits).where(inArray(nominationUnits.id, ids));
	if (found.length !== new Set(ids).size) throw new FieldError('unitIds', '推荐单位选项无效');
}

export async function create(actor: Actor, input: CallInput, token?: string | null): Promise<number> {
	return write(
		actor,
		async (tx, record) => {
			await checkUnits(tx, input.unitIds);
			const at = now();
			const [row] = await tx.insert(nominationCalls).values({ ...valuesOf(input), createdAt: at, updatedAt: at }).returning({ id: nominationCalls.id });
			await tx.insert(nominationCallUnits).values([...new Set(input.unitIds)].map((unitId) => ({ callId: row.id, unitId, categories: null })));
			await record({ action: 'nomination_call.create', entityType: 'nomination_call', entityId: row.id, after: { ...valuesOf(input), unitIds: input.unitIds } });
			return row.id;
		},
		{ token }
	);
}

/** Settings may change while the call is open; the cut-off only until quotas are frozen. */
export async function update(actor: Actor, id: number, input: CallInput, frozen: boolean) {
	return write(actor, async (tx, record) => {
		const [before] = await tx.select().from(nominationCalls).where(eq(nominationCalls.id, id));
		if (!before) throw new NotFoundError();
		// a save without the version its form was made from could overwrite another administrator's
		if (input.version === undefined) throw new VersionMissingError();
		if (before.version !== input.version) throw new ConflictError();
		if (frozen && before.cutoffDate !== input.cutoffDate) throw new FieldError('cutoffDate', '名额已按数据截止日期冻结，不能再改截止日期');
		await checkUnits(tx, input.unitIds);
		const values = valuesOf(input);
		await tx.update(nominationCalls).set({ ...values, updatedAt: now(), version: before.version + 1 }).where(eq(nominationCalls.id, id));
		const current = (await tx.select({ unitId: nominationCallUnits.unitId }).from(nominationCallUnits).where(eq(nominationCallUnits.callId, id))).map((r) => r.unitId);
		const wanted = new Set(input.unitIds);
		const removed = current.filter((u) => !wanted.has(u));
		if (removed.length) {
			const used = await tx.select({ id: nominations.id }).from(nominations).where(and(eq(nominations.callId, id), inArray(nominations.unitId, removed))).limit(1);
			if (used.length) throw new FieldError('unitIds', '已有推荐材料的单位不能移出本次征集');
			await tx.delete(nominationCallUnits).where(and(eq(nominationCallUnits.callId, id), inArray(nominationCallUnits.unitId, removed)));
		}
		const added = [...wanted].filter((u) => !current.includes(u));
		if (added.length) await tx.insert(nominationCallUnits).values(added.map((unitId) => ({ callId: id, unitId, categories: null })));
		await record({ action: 'nomination_call.update', entityType: 'nomination_call', entityId: id, before: { name: before.name, cutoffDate: before.cutoffDate, deadline: before.deadline, categories: before.categories, rules: before.rules, unitIds: current }, after: { ...values, unitIds: input.unitIds } });
	});
}

/** A 学会 or department chooses its two categories (`000`); enforced, and recorded. */
export async function chooseCategories(actor: Actor, call: Call, unitId: number, categories: string[]) {
	return write(actor, async (tx, record) => {
		const [unit] = await tx
			.select({ kind: nominationUnits.kind, chosen: nominationCallUnits.categories })
			.from(nominationCallUnits)
			.innerJoin(nominationUnits, eq(nominationUnits.id, nominationCallUnits.unitId))
			.where(and(eq(nominationCallUnits.callId, call.id), eq(nominationCallUnits.unitId, unitId)));
		if (!unit) throw new NotFoundError();
		if (unit.kind === 'city') throw new FieldError('categories', '省辖市科协在全部类别中推荐，无需选择');
		const problems = categoryChoiceProblems(unit.kind, categories, categoriesOf(call));
		if (problems.length) throw new FieldError('categories', problems.join('；'));
		const dropped = (unit.chosen ?? []).filter((c) => !categories.includes(c));
		if (dropped.length) {
			const used = await tx.select({ id: nominations.id }).from(nominations).where(and(eq(nominations.callId, call.id), eq(nominations.unitId, unitId), inArray(nominations.category, dropped as NominationCategory[]))).limit(1);
			if (used.length) throw new FieldError('categories', '已在该类别推荐的，不能取消该类别');
		}
		await tx.update(nominationCallUnits).set({ categories }).where(and(eq(nominationCallUnits.callId, call.id), eq(nominationCallUnits.unitId, unitId)));
		await record({ action: 'nomination_call.choose', entityType: 'nomination_call', entityId: call.id, before: { unitId, categories: unit.chosen }, after: { unitId, categories } });
	});
}
