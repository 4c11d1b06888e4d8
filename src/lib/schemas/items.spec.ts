import { describe, expect, it } from 'vitest';
import { activitySchema, mechanismSchema, stationSchema, teamSchema } from './items';

describe('item schemas', () => {
	it('treat optional text fields a form leaves out as empty', () => {
		expect(mechanismSchema.safeParse({ status: 'drafting' }).success).toBe(true);
		const r = stationSchema.safeParse({ name: '站', facilityType: 'park' });
		expect(r.success && r.data.address).toBeNull();
	});

	it('refuse counts that are not whole non-negative numbers', () => {
		for (const bad of ['-1', '1.5', '12abc', '1,5', '1e3', '', ' ', '0x10', '+5', 'NaN', 'Infinity', '99999999999']) {
			const r = teamSchema.safeParse({ name: '队', declaredMembers: bad, partnerType: 'other' });
			expect(r.success, bad).toBe(false);
		}
		const ok = teamSchema.safeParse({ name: '队', declaredMembers: ' 25 ', partnerType: 'other' });
		expect(ok.success && ok.data.declaredMembers).toBe(25);
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
});
