import { describe, expect, it } from 'vitest';
import { countCulture, cultureSummary } from './culture';

describe('countCulture', () => {
	it('counts per kind and the stations that produced any', () => {
		expect(
			countCulture([
				{ kind: 'artwork', stationId: 1 },
				{ kind: 'artwork', stationId: 2 },
				{ kind: 'psa', stationId: 1 },
				{ kind: 'creative_product', stationId: 3 }
			])
		).toEqual({ artwork: 2, creative_product: 1, psa: 1, total: 4, stations: 3 });
	});
	it('is zero for none', () => {
		expect(countCulture([])).toEqual({ artwork: 0, creative_product: 0, psa: 0, total: 0, stations: 0 });
	});
});

describe('cultureSummary', () => {
	it('names the kinds that have works, in order', () => {
		expect(cultureSummary({ artwork: 0, creative_product: 2, psa: 1 })).toBe('文创产品 2 · 公益广告 1');
		expect(cultureSummary({ artwork: 1, creative_product: 0, psa: 0 })).toBe('文艺作品 1');
	});
	it('says 暂无 for none', () => {
		expect(cultureSummary({ artwork: 0, creative_product: 0, psa: 0 })).toBe('暂无');
	});
});
