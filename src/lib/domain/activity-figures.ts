/**
 * A pilot's counted activities in figures: how many by month, by kind and by field, and the
 * people served and hours given. Kept with the pilot's tally so the summary adds up a round from
 * a few numbers per pilot instead of grouping every activity row on each view.
 */

/** One group of counted activities, as a grouped query returns it. */
export interface ActivityGroup {
	month: string;
	kind: string;
	field: string;
	activities: number;
	served: number;
	serviceHours: number;
}

export interface ActivityFigures {
	/** counted activities by month (YYYY-MM) */
	months: Record<string, number>;
	kinds: Record<string, number>;
	fields: Record<string, number>;
	activities: number;
	served: number;
	serviceHours: number;
}

export function emptyActivityFigures(): ActivityFigures {
	return { months: {}, kinds: {}, fields: {}, activities: 0, served: 0, serviceHours: 0 };
}

const add = (into: Record<string, number>, key: string, n: number) => {
	into[key] = (into[key] ?? 0) + n;
};

/** Adds groups (of one pilot, or of many) to `into`, which it returns. */
export function addGroups(into: ActivityFigures, groups: readonly ActivityGroup[]): ActivityFigures {
	for (const g of groups) {
		add(into.months, g.month, g.activities);
		add(into.kinds, g.kind, g.activities);
		add(into.fields, g.field, g.activities);
		into.activities += g.activities;
		into.served += g.served;
		into.serviceHours += g.serviceHours;
	}
	return into;
}

/** The figures of several pilots together. */
export function sumFigures(all: readonly (ActivityFigures | null | undefined)[]): ActivityFigures {
	const total = emptyActivityFigures();
	for (const f of all) {
		if (!f) continue;
		for (const [k, n] of Object.entries(f.months)) add(total.months, k, n);
		for (const [k, n] of Object.entries(f.kinds)) add(total.kinds, k, n);
		for (const [k, n] of Object.entries(f.fields)) add(total.fields, k, n);
		total.activities += f.activities;
		total.served += f.served;
		total.serviceHours += f.serviceHours;
	}
	return total;
}
