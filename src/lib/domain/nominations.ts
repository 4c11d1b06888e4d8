/**
 * Nominations of exemplary cases (DOMAIN.md "Nominations"; `000`, `001`): whether a candidate meets
 * a call's conditions as of its cut-off date, each unmet condition with its reason, and how a call's
 * places are shared among the nominating units. Pure: no clock; invalid dates throw.
 *
 * Rules chosen where DOMAIN.md is silent (also in the README):
 * - Reasons come in the order: registered, clean record, selected before, then the category's own
 *   conditions in the contract's order. The figures are shown in them, e.g.
 *   "注册志愿者 16 人，少于 20 人", "项目 2025-03-02 开始，至 2026-03-01 不满 1 年",
 *   "注册志愿者 50 人，占常住人口 1000 人的 5%，低于 10%" (the share is rounded down to 0.1%, so it
 *   never reads as reaching the minimum it misses).
 * - A start date of "" counts as not set; any other invalid date throws, as do negative or
 *   non-numeric counts and rules (`projectMinYears` must be a whole number).
 * - A station with no residents (missing or 0) gets one reason, "常住人口未填写", instead of a share.
 * - `allocateQuotas` throws on a duplicate code, a basis that is not a whole number, or a total or
 *   minimum that is not a whole number ≥ 0. With no positive basis every unit gets 0, whatever
 *   the total. Codes are compared as JavaScript strings (UTF-16 code units), not by locale.
 */
import { addYearsClamped, assertDate } from './dates';

export type NominationCategory = 'volunteer' | 'team' | 'project' | 'station';

export const NOMINATION_CATEGORIES = ['volunteer', 'team', 'project', 'station'] as const satisfies readonly NominationCategory[];

export const NOMINATION_CATEGORY_LABELS: Record<NominationCategory, string> = {
	volunteer: '科技志愿者',
	team: '科技志愿服务队',
	project: '科技志愿服务项目',
	station: '科技志愿服务点（社区或村）'
};

export interface Candidate {
	registered: boolean;
	cleanRecord: boolean;
	selectedBefore: boolean;
	registeredVolunteers?: number;
	outstanding?: boolean;
	startDate?: string | null;
	residents?: number | null;
	activityKinds?: number;
	teams?: number;
}

export interface CallRules {
	cutoffDate: string;
	teamMinVolunteers?: number;
	teamMinVolunteersOutstanding?: number;
	projectMinVolunteers?: number;
	projectMinYears?: number;
	stationMinShare?: number;
	stationMinKinds?: number;
	stationMinTeams?: number;
}

export const DEFAULT_CALL_RULES: Required<Omit<CallRules, 'cutoffDate'>> = {
	teamMinVolunteers: 20,
	teamMinVolunteersOutstanding: 10,
	projectMinVolunteers: 20,
	projectMinYears: 1,
	stationMinShare: 0.1,
	stationMinKinds: 3,
	stationMinTeams: 3
};

function count(n: number | null | undefined, what: string): number {
	if (n == null) return 0;
	if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`${what} must be a number ≥ 0: ${String(n)}`);
	return n;
}

function rule(rules: CallRules, key: keyof typeof DEFAULT_CALL_RULES): number {
	return count(rules[key] ?? DEFAULT_CALL_RULES[key], key);
}

/** A share as a percentage for reading: at most two decimals, trailing zeros dropped (0.1 → "10%"). */
function percent(share: number): string {
	return `${Number((share * 100).toFixed(2))}%`;
}

/**
 * Whether a candidate of `category` meets the call's conditions as of its cut-off date; `eligible`
 * is true exactly when `reasons` is empty. A missing number counts as 0.
 */
export function evaluateEligibility(
	category: NominationCategory,
	c: Candidate,
	rules: CallRules
): { eligible: boolean; reasons: string[] } {
	if (!(NOMINATION_CATEGORIES as readonly string[]).includes(category)) {
		throw new Error(`unknown nomination category: ${JSON.stringify(category)}`);
	}
	assertDate(rules.cutoffDate, 'cutoffDate');
	const reasons: string[] = [];
	if (!c.registered) reasons.push('未在科技志愿服务信息平台注册');
	if (!c.cleanRecord) reasons.push('未确认无不良记录或违法违纪行为');
	if (c.selectedBefore) reasons.push('已入选往届典型，不再参加');

	const volunteers = count(c.registeredVolunteers, 'registeredVolunteers');
	const tooFew = (min: number) => `注册志愿者 ${volunteers} 人，少于 ${min} 人`;

	if (category === 'team') {
		// "≥ teamMinVolunteers, or ≥ teamMinVolunteersOutstanding when outstanding": an outstanding team
		// meets either minimum (the relaxed one is normally the lower)
		const normal = rule(rules, 'teamMinVolunteers');
		const min = c.outstanding ? Math.min(normal, rule(rules, 'teamMinVolunteersOutstanding')) : normal;
		if (volunteers < min) reasons.push(tooFew(min));
	} else if (category === 'project') {
		const years = rule(rules, 'projectMinYears');
		if (!Number.isInteger(years)) throw new Error(`projectMinYears must be a whole number: ${years}`);
		if (c.startDate == null || c.startDate === '') {
			reasons.push('未填写项目开始日期');
		} else {
			assertDate(c.startDate, 'startDate');
			if (addYearsClamped(c.startDate, years) > rules.cutoffDate) {
				reasons.push(`项目 ${c.startDate} 开始，至 ${rules.cutoffDate} 不满 ${years} 年`);
			}
		}
		const min = rule(rules, 'projectMinVolunteers');
		if (volunteers < min) reasons.push(tooFew(min));
	} else if (category === 'station') {
		const residents = count(c.residents, 'residents');
		const minShare = rule(rules, 'stationMinShare');
		if (residents <= 0) {
			reasons.push('常住人口未填写');
		} else if (volunteers / residents < minShare) {
			// Rounded down to 0.1% so a share just under the minimum never reads as equal to it.
			const shown = Math.floor((volunteers * 1000) / residents) / 10;
			reasons.push(`注册志愿者 ${volunteers} 人，占常住人口 ${residents} 人的 ${shown}%，低于 ${percent(minShare)}`);
		}
		const kinds = count(c.activityKinds, 'activityKinds');
		const minKinds = rule(rules, 'stationMinKinds');
		if (kinds < minKinds) reasons.push(`服务活动 ${kinds} 类，少于 ${minKinds} 类`);
		const teams = count(c.teams, 'teams');
		const minTeams = rule(rules, 'stationMinTeams');
		if (teams < minTeams) reasons.push(`服务队 ${teams} 支，少于 ${minTeams} 支`);
	}
	return { eligible: reasons.length === 0, reasons };
}

function assertWholeAtLeastZero(n: unknown, what: string): asserts n is number {
	if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new Error(`${what} must be a whole number ≥ 0: ${String(n)}`);
}

/**
 * Shares `total` places among units in proportion to `basis` by largest remainder (Hamilton),
 * after giving each unit with a positive basis `minimum` when all those minimums fit in `total`.
 * Units with basis ≤ 0 get 0. Exact: shares and remainders are BigInt, never floating point.
 * Remainder ties go to the larger basis, then to the smaller code. Every unit is in the result.
 */
export function allocateQuotas(units: { code: string; basis: number }[], total: number, minimum = 0): Record<string, number> {
	assertWholeAtLeastZero(total, 'total');
	assertWholeAtLeastZero(minimum, 'minimum');
	const seen = new Set<string>();
	for (const u of units) {
		if (seen.has(u.code)) throw new Error(`duplicate unit code: ${JSON.stringify(u.code)}`);
		seen.add(u.code);
		if (typeof u.basis !== 'number' || !Number.isInteger(u.basis)) {
			throw new Error(`basis of ${JSON.stringify(u.code)} must be a whole number: ${String(u.basis)}`);
		}
	}
	const result: Record<string, number> = Object.fromEntries(units.map((u) => [u.code, 0]));
	const positive = units.filter((u) => u.basis > 0).map((u) => ({ code: u.code, basis: BigInt(u.basis) }));
	if (positive.length === 0) return result;

	const n = BigInt(positive.length);
	const fits = BigInt(minimum) * n <= BigInt(total);
	const base = fits ? BigInt(minimum) : 0n;
	const rest = BigInt(total) - base * n;
	const sum = positive.reduce((s, u) => s + u.basis, 0n);

	const shares = positive.map((u) => {
		const exact = rest * u.basis;
		return { ...u, quota: base + exact / sum, remainder: exact % sum };
	});
	let left = rest - shares.reduce((s, u) => s + (u.quota - base), 0n);
	const order = [...shares].sort((a, b) => {
		if (a.remainder !== b.remainder) return a.remainder > b.remainder ? -1 : 1;
		if (a.basis !== b.basis) return a.basis > b.basis ? -1 : 1;
		return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
	});
	for (const u of order) {
		if (left <= 0n) break;
		u.quota += 1n;
		left -= 1n;
	}
	for (const u of shares) result[u.code] = Number(u.quota);
	return result;
}
