/**
 * 站点文化 (scheme 四（三）): stations are encouraged to create 文艺作品, 文创产品 and 公益广告 on
 * volunteer themes and spread volunteer culture through the station. Recorded per station and
 * counted per pilot; they are not one of the five counted dimensions (the scheme sets no number).
 */
export const CULTURE_KINDS = ['artwork', 'creative_product', 'psa'] as const;
export type CultureKind = (typeof CULTURE_KINDS)[number];
export const CULTURE_KIND_LABELS: Record<CultureKind, string> = {
	artwork: '文艺作品',
	creative_product: '文创产品',
	psa: '公益广告'
};

export type CultureCounts = Record<CultureKind, number> & { total: number; stations: number };

/** Works per kind, in all, and how many stations produced at least one. */
export function countCulture(works: { kind: CultureKind; stationId: number }[]): CultureCounts {
	const out: CultureCounts = { artwork: 0, creative_product: 0, psa: 0, total: 0, stations: 0 };
	for (const w of works) {
		out[w.kind] += 1;
		out.total += 1;
	}
	out.stations = new Set(works.map((w) => w.stationId)).size;
	return out;
}

/** "文艺作品 2 · 公益广告 1", or "暂无" — kinds with none are left out. */
export function cultureSummary(counts: Record<CultureKind, number>): string {
	const parts = CULTURE_KINDS.filter((k) => counts[k] > 0).map((k) => `${CULTURE_KIND_LABELS[k]} ${counts[k]}`);
	return parts.length ? parts.join(' · ') : '暂无';
}
