/**
 * Quotas from data (`001`): each city unit's basis — its volunteers with ≥ 6 activities and teams
 * with ≥ 5, as of the cut-off — shared with `allocateQuotas` per category among the city units that
 * nominate in it (each category's places, the call's minimum per unit). A provincial 学会 or
 * department has no pilot data here: it gets 1 place in each category it chose (`000`: they
 * "任选2项进行推荐"). Frozen: basis and result are stored as rows, so they read the same later
 * whatever the data become; an administrator may change one unit's quota with a reason.
 */
import { and, asc, eq } from 'drizzle-orm';
import { db } from '../db';
import { nominationQuotas, nominationUnits } from '../db/schema';
import { write, type Actor } from '../audit';
import { now } from '../clock';
import { FieldError, NotFoundError } from '../errors';
import { allocateQuotas, type NominationCategory } from '../../domain/nominations';
import { basisOf, type Reader } from './figures';
import { categoriesOf, unitsOf, type Call } from './calls';

export const PROVINCIAL_UNIT_QUOTA = 1;

export interface QuotaRow {
	unitId: number;
	unitName: string;
	unitCode: string;
	category: NominationCategory;
	volunteers: number;
	teams: number;
	basis: number;
	computed: number;
	quota: number;
	adjustReason: string | null;
	id: number | null;
}

/** The allocation the data give now (before freezing), or as of the cut-off for freezing. */
export async function compute(reader: Reader, call: Call): Promise<QuotaRow[]> {
	const units = await unitsOf(call, reader);
	const bases = new Map<number, { volunteers: number; teams: number; basis: number }>();
	for (const u of units) bases.set(u.id, u.kind === 'city' ? await basisOf(reader, { divisionCode: u.divisionCode }, call.cutoffDate) : { volunteers: 0, teams: 0, basis: 0 });
	const rows: QuotaRow[] = [];
	for (const category of categoriesOf(call)) {
		const cities = units.filter((u) => u.kind === 'city' && u.categories.includes(category));
		const shares = allocateQuotas(
			cities.map((u) => ({ code: u.code, basis: bases.get(u.id)!.basis })),
			call.categories[category]?.places ?? 0,
			call.quotaMinimum
		);
		for (const u of units) {
			if (!u.categories.includes(category)) continue;
			const b = bases.get(u.id)!;
			const computed = u.kind === 'city' ? shares[u.code] : PROVINCIAL_UNIT_QUOTA;
			rows.push({ unitId: u.id, unitName: u.name, unitCode: u.code, category, ...b, computed, quota: computed, adjustReason: null, id: null });
		}
	}
	return rows;
}

/** What the data give now, before freezing (shown as a preview). */
export function preview(call: Call) {
	return compute(db, call);
}

/** The frozen rows, or null before freezing. */
export async function frozen(callId: number): Promise<(QuotaRow & { frozenAt: number; adjustedAt: number | null })[] | null> {
	const rows = await db
		.select({ q: nominationQuotas, unitName: nominationUnits.name, unitCode: nominationUnits.code })
		.from(nominationQuotas)
		.innerJoin(nominationUnits, eq(nominationUnits.id, nominationQuotas.unitId))
		.where(eq(nominationQuotas.callId, callId))
		.orderBy(asc(nominationQuotas.category), asc(nominationUnits.kind), asc(nominationUnits.code));
	if (!rows.length) return null;
	return rows.map(({ q, unitName, unitCode }) => ({ ...q, unitName, unitCode, category: q.category as NominationCategory }));
}

/** Freezes basis and allocation as of the cut-off: computed and stored in one transaction. */
export async function freeze(actor: Actor, call: Call, today: string) {
	if (today < call.cutoffDate) throw new FieldError('_form', `数据截止日期 ${call.cutoffDate} 之后才能冻结名额`);
	return write(actor, async (tx, record) => {
		const existing = await tx.select({ id: nominationQuotas.id }).from(nominationQuotas).where(eq(nominationQuotas.callId, call.id)).limit(1);
		if (existing.length) throw new FieldError('_form', '名额已冻结');
		const rows = await compute(tx, call);
		if (!rows.length) throw new FieldError('_form', '尚无推荐单位或类别，无法分配名额');
		const at = now();
		await tx.insert(nominationQuotas).values(
			rows.map((r) => ({ callId: call.id, unitId: r.unitId, category: r.category, volunteers: r.volunteers, teams: r.teams, basis: r.basis, computed: r.computed, quota: r.quota, frozenAt: at }))
		);
		await record({
			action: 'nomination_quota.freeze',
			entityType: 'nomination_call',
			entityId: call.id,
			after: { cutoffDate: call.cutoffDate, quotas: rows.map((r) => ({ unit: r.unitCode, category: r.category, basis: r.basis, quota: r.quota })) }
		});
	});
}

/** One unit's quota changed by an administrator, with the reason kept beside the computed one. */
export async function adjust(actor: Actor, callId: number, quotaId: number, quota: number, reason: string) {
	return write(actor, async (tx, record) => {
		const [row] = await tx.select().from(nominationQuotas).where(and(eq(nominationQuotas.id, quotaId), eq(nominationQuotas.callId, callId)));
		if (!row) throw new NotFoundError();
		await tx.update(nominationQuotas).set({ quota, adjustReason: reason, adjustedBy: actor.userId, adjustedAt: now() }).where(eq(nominationQuotas.id, quotaId));
		await record({ action: 'nomination_quota.adjust', entityType: 'nomination_call', entityId: callId, before: { unitId: row.unitId, category: row.category, quota: row.quota }, after: { unitId: row.unitId, category: row.category, quota, reason } });
	});
}

/** A unit's quota in a category: the frozen one; before freezing, what the data give now. */
export async function quotaOf(call: Call, unitId: number, category: NominationCategory): Promise<number> {
	const rows = (await frozen(call.id)) ?? (await compute(db, call));
	return rows.find((r) => r.unitId === unitId && r.category === category)?.quota ?? 0;
}
