/**
 * What the province map shows, worked out without drawing anything: which pilot each county-level
 * area belongs to and the colour it gets, by pace status or by overall completion. The map
 * component draws exactly this, and the table under it lists the same pilots and figures.
 */
import type { PaceStatus } from '$lib/domain/progress';
import { STATUS_COLOR } from './configs';

/** What the map needs of a pilot (built on the server from the dashboard's rows). */
export interface MapPilot {
	id: number;
	name: string;
	level: 'city' | 'county';
	divisionCode: string;
	divisionName: string;
	/** the city-level unit it lies in (a city pilot's own code) */
	cityCode: string;
	cityName: string;
	status: PaceStatus | null;
	/** weighted overall completion, 0–1 and above; null before approval */
	overall: number | null;
}

/**
 * The map's pilots as a page sends them: one array per pilot and each city's name once, since a
 * province's page carries hundreds of pilots (a pilot is city-level exactly when its own code is
 * its city's). `unpackMapPilots` gives back the `MapPilot`s.
 */
export interface MapData {
	cities: Record<string, string>;
	pilots: [id: number, name: string, divisionCode: string, divisionName: string, cityCode: string, status: PaceStatus | null, overall: number | null][];
}

export function packMapPilots(pilots: MapPilot[]): MapData {
	const cities: Record<string, string> = {};
	for (const p of pilots) cities[p.cityCode] = p.cityName;
	return { cities, pilots: pilots.map((p) => [p.id, p.name, p.divisionCode, p.divisionName, p.cityCode, p.status, p.overall]) };
}

export function unpackMapPilots(data: MapData): MapPilot[] {
	return data.pilots.map(([id, name, divisionCode, divisionName, cityCode, status, overall]) => ({
		id,
		name,
		level: divisionCode === cityCode ? 'city' : 'county',
		divisionCode,
		divisionName,
		cityCode,
		cityName: data.cities[cityCode] ?? '',
		status,
		overall
	}));
}

/** A county-level area of the boundary file: its GB/T 2260 code, name and city-level unit. */
export interface MapArea {
	code: string;
	name: string;
	city: string;
}

export type MapMode = 'status' | 'completion';

export interface AreaFill {
	/** the pilot the area belongs to: its own county pilot, or its city's pilot, or none */
	pilot: MapPilot | null;
	/** 'city' when the area has no pilot of its own and its city's pilot covers it (drawn hatched) */
	via: 'own' | 'city' | null;
	color: string;
}

/** An area without a pilot. */
export const NO_PILOT_COLOR = '#d5dae0';
/** A pilot without a pace status (not yet approved, accepted, withdrawn …). */
export const NO_STATUS_COLOR = '#8c959f';

/**
 * Overall completion in five steps (ColorBrewer YlGnBu, readable with colour-blindness and
 * distinct from the grey of an area without a pilot); a step's lower bound is included.
 */
export const COMPLETION_STEPS = [
	{ from: 0, label: '0–19%', color: '#ffffcc' },
	{ from: 0.2, label: '20–39%', color: '#a1dab4' },
	{ from: 0.4, label: '40–59%', color: '#41b6c4' },
	{ from: 0.6, label: '60–79%', color: '#2c7fb8' },
	{ from: 0.8, label: '80% 及以上', color: '#253494' }
] as const;

export function statusColor(status: PaceStatus | null): string {
	return status ? STATUS_COLOR[status] : NO_STATUS_COLOR;
}

/** The step a completion falls in (0–4); -1 when there is none. Above 100% stays in the top step. */
export function completionStep(overall: number | null): number {
	if (overall === null || !Number.isFinite(overall)) return -1;
	// whole percentages, as the page shows them: 19.6% reads "20%" and belongs to 20–39%
	const percent = Math.round(overall * 100);
	let step = 0;
	for (let i = 0; i < COMPLETION_STEPS.length; i++) if (percent >= Math.round(COMPLETION_STEPS[i].from * 100)) step = i;
	return step;
}

export function completionColor(overall: number | null): string {
	const step = completionStep(overall);
	return step < 0 ? NO_STATUS_COLOR : COMPLETION_STEPS[step].color;
}

/** Most urgent first, so a county with two pilots (should a round hold both) shows the one to act on. */
const URGENCY: (PaceStatus | null)[] = ['overdue', 'lagging', 'at_risk', 'on_track', 'complete', null];

/**
 * Each area's pilot and colour. A county pilot colours its own area; a city pilot colours every
 * area of its city that has no pilot of its own (marked as covered through the city, drawn
 * hatched). Any other area is grey.
 */
export function fillAreas(areas: readonly MapArea[], pilots: readonly MapPilot[], mode: MapMode): AreaFill[] {
	const pick = (list: MapPilot[]) => [...list].sort((a, b) => URGENCY.indexOf(a.status) - URGENCY.indexOf(b.status) || a.id - b.id)[0] ?? null;
	const group = (key: (p: MapPilot) => string, list: readonly MapPilot[]) => {
		const m = new Map<string, MapPilot[]>();
		for (const p of list) m.set(key(p), [...(m.get(key(p)) ?? []), p]);
		return m;
	};
	// 济源市 is a city-level unit that is itself the area: its pilot, of either level, is its own.
	const own = group((p) => p.divisionCode, pilots);
	const cityPilots = group((p) => p.cityCode, pilots.filter((p) => p.level === 'city'));
	const colorOf = (p: MapPilot) => (mode === 'status' ? statusColor(p.status) : completionColor(p.overall));
	return areas.map((a) => {
		const mine = pick(own.get(a.code) ?? []);
		if (mine) return { pilot: mine, via: 'own', color: colorOf(mine) };
		const city = pick(cityPilots.get(a.city) ?? []);
		if (city) return { pilot: city, via: 'city', color: colorOf(city) };
		return { pilot: null, via: null, color: NO_PILOT_COLOR };
	});
}
