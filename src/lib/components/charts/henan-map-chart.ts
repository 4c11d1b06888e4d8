/**
 * The map's own JavaScript and boundaries, loaded with a dynamic import by HenanMap.svelte only,
 * so the pages without the map never fetch chartjs-chart-geo or the boundary file.
 */
import { ChoroplethController, ColorScale, GeoFeature, ProjectionScale, topojson } from 'chartjs-chart-geo';
import type { Plugin } from 'chart.js';
import type { Feature, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
// Built once by scripts/make-henan-map.ts; fetched as a hashed, long-cached asset, not bundled.
import boundariesUrl from '$lib/data/henan.topo.json?url';
import type { MapArea } from './henan-map';

export const registrables = [ChoroplethController, GeoFeature, ColorScale, ProjectionScale];

type AreaProps = { name: string; city: string };

export interface HenanBoundaries {
	areas: MapArea[];
	features: Feature<Polygon | MultiPolygon, AreaProps>[];
	/** the borders between city-level units and the province's outline, drawn over the counties */
	cityBorders: MultiLineString;
}

export async function loadBoundaries(): Promise<HenanBoundaries> {
	const response = await fetch(boundariesUrl);
	if (!response.ok) throw new Error(`henan.topo.json: ${response.status}`);
	const topo = (await response.json()) as Topology<{ counties: GeometryCollection<AreaProps> }>;
	const counties = topo.objects.counties;
	const features = counties.geometries.map((g) => topojson.feature(topo, g) as Feature<Polygon | MultiPolygon, AreaProps>);
	const cityBorders = topojson.mesh(topo, counties, (a, b) => a === b || (a.properties as AreaProps).city !== (b.properties as AreaProps).city);
	return {
		areas: features.map((f) => ({ code: String(f.id), name: f.properties.name, city: f.properties.city })),
		features,
		cityBorders
	};
}

/** Draws the city-level borders and the province's outline over the counties, with the chart's own projection. */
export function cityBordersPlugin(borders: MultiLineString): Plugin {
	return {
		id: 'henanCityBorders',
		afterDatasetsDraw(chart) {
			const scale = chart.scales.projection as unknown as ProjectionScale;
			const { ctx } = chart;
			ctx.save();
			ctx.beginPath();
			scale.geoPath.context(ctx)(borders);
			ctx.strokeStyle = '#3d444d';
			ctx.lineWidth = 1.3;
			ctx.lineJoin = 'round';
			ctx.stroke();
			ctx.restore();
		}
	};
}

/** A hatch in a colour, for the areas a city pilot covers without a pilot of their own. */
export function hatch(color: string): CanvasPattern | string {
	const tile = document.createElement('canvas');
	tile.width = tile.height = 8;
	const ctx = tile.getContext('2d');
	if (!ctx) return color;
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, 8, 8);
	ctx.strokeStyle = color;
	ctx.lineWidth = 3;
	ctx.beginPath();
	// one stripe corner to corner and its two ends, so the tiles join without a seam
	ctx.moveTo(-2, 10);
	ctx.lineTo(10, -2);
	ctx.moveTo(-2, 2);
	ctx.lineTo(2, -2);
	ctx.moveTo(6, 10);
	ctx.lineTo(10, 6);
	ctx.stroke();
	return ctx.createPattern(tile, 'repeat') ?? color;
}
