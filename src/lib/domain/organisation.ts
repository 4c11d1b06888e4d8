/**
 * Organisation tiers (DOMAIN.md "Organisation tiers"): the province's volunteer organisation — one
 * 总队, its 支队 (city, society, university, enterprise/park), county teams and 分队 — how many
 * distinct members each unit has across its subtree, and the size each kind must reach.
 * Pure: no clock, no I/O.
 *
 * Rules chosen where DOMAIN.md is silent (also in the README):
 * - Sizes (defaults and settings) must be whole numbers ≥ 0; anything else throws.
 * - `unitMembers`: a unit whose parent is not in the list is the top of the part of the tree it
 *   was given (one city's 支队 without the 总队 above it); a duplicate unit id or a cycle of
 *   parents throws. Empty member keys are ignored.
 * - Parent kinds (`canBeChildOf`, for forms; `unitMembers` does not enforce them): the corps has no
 *   parent; the four kinds of 支队 sit under the corps; a county team under its city's 支队; a
 *   squad under any unit but another squad.
 */

export const ORG_KINDS = [
	'corps',
	'city_detachment',
	'society_detachment',
	'university_detachment',
	'enterprise_detachment',
	'county_team',
	'squad'
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
	corps: '总队',
	city_detachment: '市级支队',
	society_detachment: '学会支队',
	university_detachment: '高校支队',
	enterprise_detachment: '企业（园区）支队',
	county_team: '县（市、区）队',
	squad: '分队'
};

export interface SizeSetting {
	firstBatch?: number;
	yearEnd?: number;
}
export type SizeSettings = Partial<Record<OrgKind, SizeSetting>>;

/** Members each kind needs in the first batch (`002`); kinds not named there need none. */
export const DEFAULT_FIRST_BATCH: Record<OrgKind, number> = {
	corps: 0,
	city_detachment: 300,
	society_detachment: 30,
	university_detachment: 100,
	enterprise_detachment: 0,
	county_team: 50,
	squad: 0
};

export function isOrgKind(value: unknown): value is OrgKind {
	return typeof value === 'string' && (ORG_KINDS as readonly string[]).includes(value);
}

function assertSize(n: unknown, what: string): asserts n is number {
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
		throw new Error(`${what} must be a whole number ≥ 0: ${String(n)}`);
	}
}

/**
 * The members a unit of `kind` must have: `firstBatch` is the setting's when given, else the
 * default; `yearEnd` is the setting's when given, else that `firstBatch`.
 */
export function sizeRequirement(kind: OrgKind, settings?: SizeSettings): { firstBatch: number; yearEnd: number } {
	if (!isOrgKind(kind)) throw new Error(`unknown organisation kind: ${JSON.stringify(kind)}`);
	const s = settings?.[kind];
	const firstBatch = s?.firstBatch ?? DEFAULT_FIRST_BATCH[kind];
	assertSize(firstBatch, `firstBatch of ${kind}`);
	const yearEnd = s?.yearEnd ?? firstBatch;
	assertSize(yearEnd, `yearEnd of ${kind}`);
	return { firstBatch, yearEnd };
}

/** Whether a unit of `kind` may sit under a unit of `parentKind` (null: no parent). */
export function canBeChildOf(kind: OrgKind, parentKind: OrgKind | null): boolean {
	switch (kind) {
		case 'corps':
			return parentKind === null;
		case 'city_detachment':
		case 'society_detachment':
		case 'university_detachment':
		case 'enterprise_detachment':
			return parentKind === 'corps';
		case 'county_team':
			return parentKind === 'city_detachment';
		case 'squad':
			return parentKind !== null && parentKind !== 'squad';
	}
}

export interface OrgUnitInput {
	id: string;
	parentId: string | null;
	/** The person keys (`personKey`) on this unit's own rosters; repeats are fine. */
	memberKeys: readonly string[];
}

/**
 * Each unit's members: the distinct persons on its own rosters and on every roster below it, a
 * person counted once per unit however many rosters of the subtree name them.
 */
export function unitMembers(units: readonly OrgUnitInput[]): Record<string, number> {
	const byId = new Map<string, OrgUnitInput>();
	for (const u of units) {
		if (byId.has(u.id)) throw new Error(`duplicate organisation unit id: ${JSON.stringify(u.id)}`);
		byId.set(u.id, u);
	}
	// The unit itself and every ancestor in the list, checked for cycles once per unit.
	const chains = new Map<string, string[]>();
	const chainOf = (id: string): string[] => {
		const known = chains.get(id);
		if (known) return known;
		const chain: string[] = [];
		const seen = new Set<string>();
		for (let cur: string | null = id; cur !== null && byId.has(cur); cur = byId.get(cur)!.parentId) {
			if (seen.has(cur)) throw new Error(`organisation units form a cycle through ${JSON.stringify(cur)}`);
			seen.add(cur);
			chain.push(cur);
		}
		chains.set(id, chain);
		return chain;
	};
	const sets = new Map<string, Set<string>>(units.map((u) => [u.id, new Set<string>()]));
	for (const u of units) {
		const chain = chainOf(u.id);
		for (const key of u.memberKeys) {
			if (!key) continue;
			for (const id of chain) sets.get(id)!.add(key);
		}
	}
	return Object.fromEntries(units.map((u) => [u.id, sets.get(u.id)!.size]));
}
