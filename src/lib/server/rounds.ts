/**
 * Programme rounds: their default targets per level, pace thresholds and weights, planned pilots
 * and subsidies, and each year's key-date windows. Changes apply to every pilot of the round that
 * has no target of its own; each is one audited write.
 */
import { percentText } from '../domain/percent';
import { and, asc, eq, ne } from 'drizzle-orm';
import { db } from './db';
import { roundInForce } from './organisation/sizes';
import { keyDateWindows, rounds } from './db/schema';
import { planAgainstReality } from '../domain/plan';
import type { PilotLevel, PilotLifecycle } from '../domain/labels';
import { write, type Actor } from './audit';
import { markRoundStale } from './queries/pilots';
import { now } from './clock';
import { ConflictError, VersionMissingError, FieldError, NotFoundError } from './errors';
import { DEFAULT_PACE_SETTINGS, DEFAULT_TARGETS } from '../domain/targets';
import { defaultKeyDateWindows, KEY_DATES } from '../domain/key-dates';
import type { Targets } from '../domain/progress';
import type { z } from 'zod';
import type { roundSchema } from '../schemas/items';

type RoundInput = z.output<typeof roundSchema>;
const TARGET_FIELDS = ['teams', 'membersPerTeam', 'projects', 'activities', 'stations', 'mechanisms'] as const;

export async function getRound(id: number) {
	const [round] = await db.select().from(rounds).where(eq(rounds.id, id));
	if (!round) return null;
	const windows = await db.select().from(keyDateWindows).where(eq(keyDateWindows.roundId, id)).orderBy(asc(keyDateWindows.year), asc(keyDateWindows.startDate));
	return { round, windows };
}

function targetsFrom(input: Record<string, unknown>, level: 'city' | 'county'): Targets {
	return Object.fromEntries(TARGET_FIELDS.map((k) => [k, Number(input[`${level}_${k}`])])) as unknown as Targets;
}

function values(input: RoundInput) {
	const raw = input as unknown as Record<string, unknown>;
	return {
		name: input.name,
		year: input.year,
		plannedCityPilots: input.plannedCityPilots,
		plannedCountyPilots: input.plannedCountyPilots,
		citySubsidy: input.citySubsidy,
		countySubsidy: input.countySubsidy,
		cityTargets: targetsFrom(raw, 'city'),
		countyTargets: targetsFrom(raw, 'county'),
		paceSettings: {
			lagOverall: input.lagOverall,
			lagDimension: input.lagDimension,
			riskDimension: input.riskDimension,
			weights: {
				teams: input.weight_teams,
				projects: input.weight_projects,
				activities: input.weight_activities,
				stations: input.weight_stations,
				mechanisms: input.weight_mechanisms
			}
		}
	};
}

/** The form's flat field values for a stored round. */
export function formValuesOf(round: typeof rounds.$inferSelect): Record<string, unknown> {
	const flat: Record<string, unknown> = { ...round, ...round.paceSettings };
	for (const level of ['city', 'county'] as const) {
		const t = level === 'city' ? round.cityTargets : round.countyTargets;
		for (const k of TARGET_FIELDS) flat[`${level}_${k}`] = t[k];
	}
	for (const [k, w] of Object.entries(round.paceSettings.weights)) flat[`weight_${k}`] = w;
	// thresholds are typed and read as percentages; the round keeps fractions
	for (const k of ['lagOverall', 'lagDimension', 'riskDimension'] as const) flat[k] = percentText(round.paceSettings[k]);
	return flat;
}

/** Rounds are told apart by name in every selector: two of one name could not be. */
const twinNameMessage = (name: string) => `已有名为“${name}”的批次，请换一个名称（如加上年度或“第二批”）`;

async function hasTwinName(reader: Pick<typeof db, 'select'>, name: string, id: number | null) {
	const [twin] = await reader.select({ id: rounds.id }).from(rounds).where(id === null ? eq(rounds.name, name) : and(eq(rounds.name, name), ne(rounds.id, id)));
	return !!twin;
}

async function refuseTwinName(tx: Parameters<Parameters<typeof write>[1]>[0], name: string, id: number | null) {
	if (await hasTwinName(tx, name, id)) throw new FieldError('name', twinNameMessage(name));
}

/** A form's 批次名称 taken by another round, said with the form's other problems (the write checks again). */
export async function twinNameProblem(name: string, id: number | null): Promise<Record<string, string>> {
	return (await hasTwinName(db, name, id)) ? { name: twinNameMessage(name) } : {};
}

export async function updateRound(actor: Actor, id: number, input: RoundInput) {
	if (Object.entries(input).filter(([k]) => k.startsWith('weight_')).every(([, w]) => Number(w) === 0)) {
		throw new FieldError('weight_teams', '权重不能全为 0');
	}
	return write(actor, async (tx, record) => {
		const [before] = await tx.select().from(rounds).where(eq(rounds.id, id));
		if (!before) throw new NotFoundError();
		if (input.version === undefined) throw new VersionMissingError();
		if (before.version !== input.version) throw new ConflictError();
		await refuseTwinName(tx, input.name, id);
		const change = values(input);
		await tx.update(rounds).set({ ...change, updatedAt: now(), version: before.version + 1 }).where(eq(rounds.id, id));
		// a team's size counts against the round's 每队人数, so its pilots must be counted again
		await markRoundStale(tx, id);
		// every field the form changes, before and after, so the log shows what each was
		const was = Object.fromEntries(Object.keys(change).map((k) => [k, before[k as keyof typeof before]]));
		await record({ action: 'round.update', entityType: 'round', entityId: id, before: was, after: change });
	});
}

/**
 * A new round starts from the scheme's defaults and this year's default key-date windows, and
 * keeps the organisation's size requirements of the round before it: the newest round's are the
 * ones the organisation is held to, and a new call must not quietly reset them to the defaults.
 * `token`: the form's, so a form sent twice makes one round.
 */
export async function createRound(actor: Actor, input: { name: string; year: number }, { provinceCode = '410000', token }: { provinceCode?: string; token?: string | null } = {}) {
	return write(
		actor,
		async (tx, record) => {
		await refuseTwinName(tx, input.name, null);
		const at = now();
		const previous = await roundInForce(tx);
		const [row] = await tx
			.insert(rounds)
			.values({
				name: input.name,
				year: input.year,
				provinceCode,
				cityTargets: DEFAULT_TARGETS.city,
				countyTargets: DEFAULT_TARGETS.county,
				paceSettings: DEFAULT_PACE_SETTINGS,
				plannedCityPilots: 0,
				plannedCountyPilots: 0,
				citySubsidy: 100_000,
				countySubsidy: 40_000,
				orgSizes: previous?.orgSizes ?? null,
				createdAt: at,
				updatedAt: at
			})
			.returning({ id: rounds.id });
		const windows = [input.year, input.year + 1].flatMap((y) => defaultKeyDateWindows(y).map((w) => ({ ...w, year: y, roundId: row.id })));
		await tx.insert(keyDateWindows).values(windows);
		await record({ action: 'round.create', entityType: 'round', entityId: row.id, after: input });
		return row.id;
	},
		{ token }
	);
}

/** Sets one key date's window for one year of a round (creating it if the year had none). */
export async function saveKeyDateWindow(actor: Actor, roundId: number, input: { year: number; key: string; startDate: string; endDate: string }) {
	const known = KEY_DATES.find((k) => k.key === input.key);
	if (!known) throw new FieldError('key', '关键时间节点无效');
	if (Number(input.startDate.slice(0, 4)) !== input.year && Number(input.endDate.slice(0, 4)) !== input.year) {
		throw new FieldError('startDate', `日期应在 ${input.year} 年内`);
	}
	return write(actor, async (tx, record) => {
		const [round] = await tx.select({ id: rounds.id }).from(rounds).where(eq(rounds.id, roundId));
		if (!round) throw new NotFoundError();
		const [before] = await tx
			.select()
			.from(keyDateWindows)
			.where(and(eq(keyDateWindows.roundId, roundId), eq(keyDateWindows.year, input.year), eq(keyDateWindows.key, input.key)));
		await tx
			.insert(keyDateWindows)
			.values({ roundId, year: input.year, key: input.key, name: known.name, startDate: input.startDate, endDate: input.endDate })
			.onConflictDoUpdate({ target: [keyDateWindows.roundId, keyDateWindows.year, keyDateWindows.key], set: { startDate: input.startDate, endDate: input.endDate } });
		await record({ action: 'round.key_date', entityType: 'round', entityId: roundId, before: before ? { startDate: before.startDate, endDate: before.endDate } : null, after: input });
	});
}

/** A round's key-date windows (关键时间节点), earliest first. */
export async function keyDateWindowsOf(roundId: number) {
	return db
		.select({ key: keyDateWindows.key, name: keyDateWindows.name, startDate: keyDateWindows.startDate, endDate: keyDateWindows.endDate, year: keyDateWindows.year })
		.from(keyDateWindows)
		.where(eq(keyDateWindows.roundId, roundId))
		.orderBy(asc(keyDateWindows.startDate));
}


// ---- issue 21: plan against reality ----

/** The round's planned pilots and subsidies beside its approved pilots and the money committed. */
export async function planOf(roundId: number, roundPilots: { level: PilotLevel; lifecycle: PilotLifecycle }[]) {
	const [round] = await db
		.select({ plannedCityPilots: rounds.plannedCityPilots, plannedCountyPilots: rounds.plannedCountyPilots, citySubsidy: rounds.citySubsidy, countySubsidy: rounds.countySubsidy })
		.from(rounds)
		.where(eq(rounds.id, roundId));
	if (!round) return null;
	return planAgainstReality(round, roundPilots);
}
