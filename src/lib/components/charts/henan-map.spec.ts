import { describe, expect, it } from 'vitest';
import { COMPLETION_STEPS, completionColor, completionStep, fillAreas, NO_PILOT_COLOR, NO_STATUS_COLOR, packMapPilots, statusColor, unpackMapPilots, type MapArea, type MapPilot } from './henan-map';
import { STATUS_COLOR } from './configs';
import { PACE_STATUSES } from '$lib/domain/labels';

describe('statusColor', () => {
	it('gives each of the five statuses the colour of the status chart', () => {
		for (const s of PACE_STATUSES) expect(statusColor(s)).toBe(STATUS_COLOR[s]);
	});
	it('keeps the five apart from each other and from the greys', () => {
		const colors = [...PACE_STATUSES.map(statusColor), NO_PILOT_COLOR, NO_STATUS_COLOR];
		expect(new Set(colors).size).toBe(colors.length);
	});
	it('gives a pilot without a status its own grey', () => {
		expect(statusColor(null)).toBe(NO_STATUS_COLOR);
	});
});

describe('completionStep and completionColor', () => {
	it.each([
		[0, 0],
		[0.1, 0],
		[0.194, 0],
		[0.195, 1], // shown as 20%, so in 20–39%
		[0.2, 1],
		[0.39, 1],
		[0.4, 2],
		[0.594, 2],
		[0.599, 3], // shown as 60%
		[0.6, 3],
		[0.79, 3],
		[0.8, 4],
		[1, 4],
		[1.7, 4]
	])('%f → step %i', (overall, step) => {
		expect(completionStep(overall)).toBe(step);
		expect(completionColor(overall)).toBe(COMPLETION_STEPS[step].color);
	});
	it('has no step for a pilot without figures', () => {
		expect(completionStep(null)).toBe(-1);
		expect(completionStep(Number.NaN)).toBe(-1);
		expect(completionColor(null)).toBe(NO_STATUS_COLOR);
	});
	it('puts negative noise in the first step', () => {
		expect(completionStep(-0.001)).toBe(0);
	});
	it('has five distinct colours, none a grey of the map', () => {
		const colors = COMPLETION_STEPS.map((s) => s.color);
		expect(new Set(colors).size).toBe(5);
		expect(colors).not.toContain(NO_PILOT_COLOR);
		expect(colors).not.toContain(NO_STATUS_COLOR);
	});
	it('orders its steps by their lower bounds', () => {
		const from = COMPLETION_STEPS.map((s) => s.from);
		expect(from).toEqual([...from].sort((a, b) => a - b));
		expect(from[0]).toBe(0);
	});
});

describe('fillAreas', () => {
	const areas: MapArea[] = [
		{ code: '410302', name: '老城区', city: '410300' },
		{ code: '410308', name: '孟津区', city: '410300' },
		{ code: '410323', name: '新安县', city: '410300' },
		{ code: '410225', name: '兰考县', city: '410200' },
		{ code: '410221', name: '杞县', city: '410200' },
		{ code: '419001', name: '济源市', city: '419001' }
	];
	const pilot = (p: Partial<MapPilot> & Pick<MapPilot, 'id' | 'divisionCode' | 'cityCode'>): MapPilot => ({
		name: `试点${p.id}`,
		divisionName: '某县',
		cityName: '某市',
		level: 'county',
		status: 'on_track',
		overall: 0.5,
		...p
	});
	const luoyang = pilot({ id: 1, level: 'city', divisionCode: '410300', cityCode: '410300', status: 'lagging', overall: 0.3 });
	const lankao = pilot({ id: 2, divisionCode: '410225', cityCode: '410200', status: 'complete', overall: 1 });
	const xinan = pilot({ id: 3, divisionCode: '410323', cityCode: '410300', status: 'overdue', overall: 0.85 });

	it('colours a county pilot by its status and leaves areas without a pilot grey', () => {
		const fills = fillAreas(areas, [lankao], 'status');
		expect(fills[3]).toEqual({ pilot: lankao, via: 'own', color: STATUS_COLOR.complete });
		for (const i of [0, 1, 2, 4, 5]) expect(fills[i]).toEqual({ pilot: null, via: null, color: NO_PILOT_COLOR });
	});
	it('lets a city pilot cover the areas of its city that have no pilot of their own', () => {
		const fills = fillAreas(areas, [luoyang, xinan], 'status');
		expect(fills[0]).toEqual({ pilot: luoyang, via: 'city', color: STATUS_COLOR.lagging });
		expect(fills[1]).toEqual({ pilot: luoyang, via: 'city', color: STATUS_COLOR.lagging });
		expect(fills[2]).toEqual({ pilot: xinan, via: 'own', color: STATUS_COLOR.overdue });
		// another city's areas stay grey
		expect(fills[4].pilot).toBeNull();
	});
	it('colours by completion on the toggle', () => {
		const fills = fillAreas(areas, [luoyang, lankao, xinan], 'completion');
		expect(fills.map((f) => f.color)).toEqual([
			COMPLETION_STEPS[1].color,
			COMPLETION_STEPS[1].color,
			COMPLETION_STEPS[4].color,
			COMPLETION_STEPS[4].color,
			NO_PILOT_COLOR,
			NO_PILOT_COLOR
		]);
	});
	it('gives a pilot without status or figures the no-status grey in both modes', () => {
		const applying = pilot({ id: 9, divisionCode: '410221', cityCode: '410200', status: null, overall: null });
		expect(fillAreas(areas, [applying], 'status')[4].color).toBe(NO_STATUS_COLOR);
		expect(fillAreas(areas, [applying], 'completion')[4].color).toBe(NO_STATUS_COLOR);
	});
	it('treats 济源市, a city-level unit without counties, as its own area', () => {
		const jiyuan = pilot({ id: 5, level: 'city', divisionCode: '419001', cityCode: '419001', status: 'at_risk' });
		expect(fillAreas(areas, [jiyuan], 'status')[5]).toEqual({ pilot: jiyuan, via: 'own', color: STATUS_COLOR.at_risk });
	});
	it('shows the most urgent of two pilots of one area, whatever their order', () => {
		const calm = pilot({ id: 7, divisionCode: '410225', cityCode: '410200', status: 'on_track' });
		const late = pilot({ id: 8, divisionCode: '410225', cityCode: '410200', status: 'overdue' });
		expect(fillAreas(areas, [calm, late], 'status')[3].pilot).toBe(late);
		expect(fillAreas(areas, [late, calm], 'status')[3].pilot).toBe(late);
	});
	it('returns one fill per area, in the order of the areas', () => {
		expect(fillAreas(areas, [], 'status')).toHaveLength(areas.length);
		expect(fillAreas([], [lankao], 'status')).toEqual([]);
	});
});

describe('packMapPilots', () => {
	const pilots: MapPilot[] = [
		{ id: 1, name: '洛阳市科协', level: 'city', divisionCode: '410300', divisionName: '洛阳市', cityCode: '410300', cityName: '洛阳市', status: 'lagging', overall: 0.3 },
		{ id: 2, name: '新安县科协', level: 'county', divisionCode: '410323', divisionName: '新安县', cityCode: '410300', cityName: '洛阳市', status: null, overall: null },
		{ id: 3, name: '济源市科协', level: 'city', divisionCode: '419001', divisionName: '济源市', cityCode: '419001', cityName: '济源市', status: 'complete', overall: 1.2 },
		{ id: 4, name: '兰考县科协', level: 'county', divisionCode: '410225', divisionName: '兰考县', cityCode: '410200', cityName: '开封市', status: 'overdue', overall: 0 }
	];
	it('gives back every pilot as it was, each city named once', () => {
		const packed = packMapPilots(pilots);
		expect(unpackMapPilots(packed)).toEqual(pilots);
		expect(packed.cities).toEqual({ '410300': '洛阳市', '419001': '济源市', '410200': '开封市' });
		expect(unpackMapPilots(JSON.parse(JSON.stringify(packed)))).toEqual(pilots);
	});
	it('sends less than the pilots themselves', () => {
		expect(JSON.stringify(packMapPilots(pilots)).length).toBeLessThan(JSON.stringify(pilots).length * 0.6);
	});
});
