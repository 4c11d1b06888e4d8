/**
 * The nominations side of an account (issue 20): a 推荐单位 account's nominating unit, an expert's
 * own unit and city (the conflict flags of reviews.ts), kept in `nomination_accounts`. The admin
 * account form chooses a unit by its stable code, so a fresh install can bind one before any call
 * exists: the units are added on the first save (`calls.ensureUnits`).
 */
import { eq, inArray } from 'drizzle-orm';
import { db, type Transaction } from '../db';
import { nominationAccounts, nominationUnits } from '../db/schema';
import { HENAN_DIVISIONS } from '../../data/henan-divisions';
import { FieldError } from '../errors';
import { ensureUnits, PROVINCIAL_UNITS } from './calls';

export interface NominationBinding {
	/** the nominating unit's code (a city's GB/T 2260 code, S01…, D01…) */
	nominationUnit: string | null;
	/** an expert's city, GB/T 2260 */
	reviewerCity: string | null;
}

const CITIES = HENAN_DIVISIONS.filter((d) => d.level === 'city');

/** What the account form offers: the units (cities first, as `ensureUnits` names them) and the cities. */
export function choices() {
	return {
		nominationUnits: [...CITIES.map((d) => ({ code: d.code, name: `${d.name}科协` })), ...PROVINCIAL_UNITS.map((u) => ({ code: u.code, name: u.name }))],
		cities: CITIES.map((d) => ({ code: d.code, name: d.name }))
	};
}

export function isUnitCode(code: string) {
	return choices().nominationUnits.some((u) => u.code === code);
}

/** The bindings of these accounts by user id (accounts without one are absent); the city is an expert's only. */
export async function bindingsOf(users: { id: number; role: string }[]): Promise<Map<number, NominationBinding & { unitName: string | null }>> {
	if (users.length === 0) return new Map();
	const roles = new Map(users.map((u) => [u.id, u.role]));
	const rows = await db
		.select({ userId: nominationAccounts.userId, code: nominationUnits.code, name: nominationUnits.name, divisionCode: nominationAccounts.divisionCode })
		.from(nominationAccounts)
		.leftJoin(nominationUnits, eq(nominationUnits.id, nominationAccounts.unitId))
		.where(inArray(nominationAccounts.userId, [...roles.keys()]));
	// a 推荐单位 account's division is its unit's, not something typed
	return new Map(rows.map((r) => [r.userId, { nominationUnit: r.code ?? null, unitName: r.name ?? null, reviewerCity: roles.get(r.userId) === 'reviewer' ? r.divisionCode : null }]));
}

/**
 * Saves the account's binding inside the caller's write: a 推荐单位 account gets its unit and that
 * unit's city; an expert their optional unit and city; other roles none (the row is removed).
 */
export async function save(tx: Transaction, userId: number, role: string, binding: NominationBinding) {
	if (binding.nominationUnit !== null && !isUnitCode(binding.nominationUnit)) throw new FieldError('nominationUnit', '所选推荐单位不存在');
	if (binding.reviewerCity !== null && !CITIES.some((c) => c.code === binding.reviewerCity)) throw new FieldError('reviewerCity', '所选城市不存在');
	const before = (await tx.select().from(nominationAccounts).where(eq(nominationAccounts.userId, userId)))[0] ?? null;
	await tx.delete(nominationAccounts).where(eq(nominationAccounts.userId, userId));
	if (role !== 'nominating_unit' && role !== 'reviewer') return { before: await inWords(tx, before), after: null };
	let unitId: number | null = null;
	let unitDivision: string | null = null;
	if (binding.nominationUnit !== null) {
		await ensureUnits(tx);
		const [unit] = await tx.select().from(nominationUnits).where(eq(nominationUnits.code, binding.nominationUnit));
		unitId = unit.id;
		unitDivision = unit.divisionCode;
	}
	const divisionCode = role === 'reviewer' ? binding.reviewerCity : unitDivision;
	const after = { userId, unitId, divisionCode };
	await tx.insert(nominationAccounts).values(after);
	return { before: await inWords(tx, before), after: await inWords(tx, after) };
}

/** A binding as the log shows it: the unit's and the city's names, not their ids and codes. */
async function inWords(tx: Transaction, binding: { unitId: number | null; divisionCode: string | null } | null) {
	if (!binding) return null;
	const [unit] = binding.unitId === null ? [] : await tx.select({ name: nominationUnits.name }).from(nominationUnits).where(eq(nominationUnits.id, binding.unitId));
	return { nominationUnit: unit?.name ?? null, city: CITIES.find((c) => c.code === binding.divisionCode)?.name ?? binding.divisionCode };
}
