import { describe, expect, it } from 'vitest';
import { activitySchema, mechanismSchema, projectSchema, stationSchema, teamSchema } from './items';

describe('item schemas', () => {
	it('treat optional text fields a form leaves out as empty', () => {
		expect(mechanismSchema.safeParse({ status: 'drafting' }).success).toBe(true);
		const r = stationSchema.safeParse({ name: '站', facilityType: 'park' });
		expect(r.success && r.data.address).toBeNull();
	});

	it('ask for a required date left empty, and call a filled-in one that is no date invalid', () => {
		const base = { title: '活动', kind: 'other', field: 'other', volunteers: '1', experts: '0', served: '1', serviceHours: '1' };
		const message = (date: string) => activitySchema.safeParse({ ...base, date }).error?.issues.find((i) => i.path[0] === 'date')?.message;
		expect(message('')).toBe('请填写活动日期');
		expect(message('   ')).toBe('请填写活动日期');
		expect(message('2026-02-30')).toBe('活动日期不是有效日期（格式 YYYY-MM-DD）');
		expect(message('2026-02-28')).toBeUndefined();
	});

	it('refuse counts that are not whole non-negative numbers', () => {
		for (const bad of ['-1', '1.5', '12abc', '1,5', '1e3', '', ' ', '0x10', '+5', 'NaN', 'Infinity', '99999999999']) {
			const r = teamSchema.safeParse({ name: '队', declaredMembers: bad, partnerType: 'other' });
			expect(r.success, bad).toBe(false);
		}
		const ok = teamSchema.safeParse({ name: '队', declaredMembers: ' 25 ', partnerType: 'other' });
		expect(ok.success && ok.data.declaredMembers).toBe(25);
	});

	it('refuse text a broken encoding has already garbled (%ff%fe decodes to U+FFFD), at its field, in Chinese', () => {
		const garbled = new URLSearchParams('name=%ff%fe%c0%af').get('name')!;
		const r = teamSchema.safeParse({ name: garbled, declaredMembers: '5', partnerType: 'other' });
		expect(r.success).toBe(false);
		expect(r.error!.issues.find((i) => i.path[0] === 'name')!.message).toBe('服务队名称含有无法识别的字符（可能是编码错误），请重新输入');
	});

	it('refuse a title or name made only of zero-width characters, with a Chinese message', () => {
		const base = { date: '2026-05-01', kind: 'other', field: 'other', volunteers: '1', experts: '0', served: '1', serviceHours: '1' };
		for (const invisible of ['\u200b', '\u200b\u200c\u200d', '\u2060', '\ufeff\u200b', ' \u200b ']) {
			const a = activitySchema.safeParse({ ...base, title: invisible });
			expect(a.success, JSON.stringify(invisible)).toBe(false);
			expect(a.error?.issues[0].message).toBe('活动名称不能只由不可见字符组成');
			expect(teamSchema.safeParse({ name: invisible, declaredMembers: '1', partnerType: 'other' }).success).toBe(false);
		}
		// a zero-width joiner inside real text (emoji, some scripts) is still fine
		expect(activitySchema.safeParse({ ...base, title: '科普👩\u200d🔬讲座' }).success).toBe(true);
	});

	it('need a registration id for a registered team', () => {
		const r = teamSchema.safeParse({ name: '队', declaredMembers: '25', partnerType: 'other', registered: 'on' });
		expect(r.success).toBe(false);
		expect(r.error?.issues[0].path).toEqual(['registrationId']);
	});

	it('refuse names that are too long, control characters and impossible dates', () => {
		expect(teamSchema.safeParse({ name: '长'.repeat(10_000), declaredMembers: '1', partnerType: 'other' }).success).toBe(false);
		expect(teamSchema.safeParse({ name: 'a\u0000b', declaredMembers: '1', partnerType: 'other' }).success).toBe(false);
		expect(teamSchema.safeParse({ name: 'a\u202eb', declaredMembers: '1', partnerType: 'other' }).success).toBe(false);
		const base = { title: '活动', kind: 'other', field: 'other', volunteers: '1', experts: '0', served: '1', serviceHours: '1' };
		expect(activitySchema.safeParse({ ...base, date: '2025-02-30' }).success).toBe(false);
		expect(activitySchema.safeParse({ ...base, date: '2025-09-01', serviceHours: '1.25' }).success).toBe(false);
		expect(activitySchema.safeParse({ ...base, date: '2025-09-01', kind: 'party' }).success).toBe(false);
		expect(activitySchema.safeParse({ ...base, date: '2025-09-01' }).success).toBe(true);
	});

	it('keep HTML as text: escaping is the page’s job, the value round-trips', () => {
		const r = teamSchema.safeParse({ name: '<b>"队"</b>', declaredMembers: '1', partnerType: 'other' });
		expect(r.success && r.data.name).toBe('<b>"队"</b>');
	});

	it('need the document of an established mechanism', () => {
		expect(mechanismSchema.safeParse({ status: 'established' }).success).toBe(false);
		expect(mechanismSchema.safeParse({ status: 'established', document: '豫科协〔2026〕1号' }).success).toBe(true);
	});

	// issue 20: the fields the nomination forms and their eligibility read
	it('keep a project’s 实施开始时间 as a date, empty or absent as not given, and refuse what is not a date', () => {
		const base = { name: '项目', field: 'health' };
		for (const [given, stored] of [['2024-02-29', '2024-02-29'], [' 2020-01-01 ', '2020-01-01'], ['', null], [undefined, null]] as const) {
			const r = projectSchema.safeParse({ ...base, startDate: given });
			expect(r.success && r.data.startDate, String(given)).toBe(stored);
		}
		for (const bad of ['2023-02-29', '2024-13-01', '2024/01/01', '昨天', '20240101']) {
			const r = projectSchema.safeParse({ ...base, startDate: bad });
			expect(r.success, bad).toBe(false);
			expect(r.error?.issues[0].path).toEqual(['startDate']);
			expect(r.error?.issues.map((i) => i.message).join()).toContain('实施开始时间');
		}
	});

	it('keep a station’s 常住人口 as a whole number of at least 1, empty as not given', () => {
		const base = { name: '站', facilityType: 'park' };
		for (const [given, stored] of [['2468', 2468], [' 1 ', 1], ['', null], [undefined, null]] as const) {
			const r = stationSchema.safeParse({ ...base, residents: given });
			expect(r.success && r.data.residents, String(given)).toBe(stored);
		}
		for (const bad of ['0', '-5', '1.5', '三百', '1e3', '99999999']) {
			const r = stationSchema.safeParse({ ...base, residents: bad });
			expect(r.success, bad).toBe(false);
			expect(r.error?.issues[0].path).toEqual(['residents']);
		}
	});
});
