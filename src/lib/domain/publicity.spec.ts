import { describe, expect, it } from 'vitest';
import { countPublicity, isEditable, isReported, publicityChecks, stepOf, transitionProblem, PUBLICITY_STATUSES } from './publicity';

describe('publicity status', () => {
	it('counts only what was sent', () => {
		expect(PUBLICITY_STATUSES.filter(isReported)).toEqual(['reported', 'received', 'adopted']);
	});
	it('is editable only as a draft', () => {
		expect(PUBLICITY_STATUSES.filter(isEditable)).toEqual(['draft']);
	});
	it.each([
		['draft', 'reported', null],
		['reported', 'received', null],
		['reported', 'adopted', null],
		['received', 'adopted', null],
		['draft', 'received', '尚未报送，省科协不能确认'],
		['draft', 'adopted', '尚未报送，省科协不能确认'],
		['received', 'reported', '“已收到”不能改为“已报送”'],
		['adopted', 'received', '“已采用”不能改为“已收到”'],
		['reported', 'draft', '“已报送”不能改为“未报送”'],
		['reported', 'reported', '已是“已报送”']
	] as const)('%s → %s', (from, to, problem) => {
		expect(transitionProblem(from, to)).toBe(problem);
	});
	it('names who takes each step', () => {
		expect(stepOf('reported')).toBe('report');
		expect(stepOf('received')).toBe('acknowledge');
		expect(stepOf('adopted')).toBe('acknowledge');
		expect(stepOf('draft')).toBeNull();
	});
});

describe('publicityChecks', () => {
	it('asks a media report for its outlet', () => {
		expect(publicityChecks({ kind: 'media' }, '2026-11-23')).toEqual({ outlet: '媒体报道须填写刊发媒体' });
		expect(publicityChecks({ kind: 'media', outlet: '  ' }, '2026-11-23')).toEqual({ outlet: '媒体报道须填写刊发媒体' });
		expect(publicityChecks({ kind: 'media', outlet: ' 河南日报 ' }, '2026-11-23')).toEqual({});
		// dated after today: it has not appeared yet
		expect(publicityChecks({ kind: 'media', outlet: '河南日报', date: '2030-01-01' }, '2026-11-23')).toEqual({ date: '日期不能晚于今天（2026-11-23）' });
		expect(publicityChecks({ kind: 'media', date: '2026-11-24' }, '2026-11-23')).toEqual({ outlet: '媒体报道须填写刊发媒体', date: '日期不能晚于今天（2026-11-23）' });
		expect(publicityChecks({ kind: 'case', date: '2026-11-23' }, '2026-11-23')).toEqual({});
	});
	it('asks an exemplary case for none', () => {
		expect(publicityChecks({ kind: 'case' }, '2026-11-23')).toEqual({});
		expect(publicityChecks({}, '2026-11-23')).toEqual({});
	});
});

describe('countPublicity', () => {
	it('counts per kind: total, sent, adopted', () => {
		expect(
			countPublicity([
				{ kind: 'media', status: 'draft' },
				{ kind: 'media', status: 'reported' },
				{ kind: 'media', status: 'adopted' },
				{ kind: 'case', status: 'received' },
				{ kind: 'case', status: 'draft' }
			])
		).toEqual({ cases: { total: 2, reported: 1, adopted: 0 }, media: { total: 3, reported: 2, adopted: 1 } });
	});
	it('reads a grouped count as that many items, the same as listing them', () => {
		const grouped = countPublicity([
			{ kind: 'media', status: 'draft', n: 4 },
			{ kind: 'media', status: 'adopted', n: 3 },
			{ kind: 'case', status: 'received', n: 2 },
			{ kind: 'case', status: 'draft', n: 0 }
		]);
		expect(grouped).toEqual({ cases: { total: 2, reported: 2, adopted: 0 }, media: { total: 7, reported: 3, adopted: 3 } });
		const listed = countPublicity([
			...Array.from({ length: 4 }, () => ({ kind: 'media' as const, status: 'draft' as const })),
			...Array.from({ length: 3 }, () => ({ kind: 'media' as const, status: 'adopted' as const })),
			...Array.from({ length: 2 }, () => ({ kind: 'case' as const, status: 'received' as const }))
		]);
		expect(grouped).toEqual(listed);
	});
	it('is all zeros for nothing', () => {
		expect(countPublicity([])).toEqual({ cases: { total: 0, reported: 0, adopted: 0 }, media: { total: 0, reported: 0, adopted: 0 } });
	});
});
