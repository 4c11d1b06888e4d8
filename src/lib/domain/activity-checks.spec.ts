import { describe, expect, it } from 'vitest';
import { activityChecks } from './activity-checks';

const ctx = { approvalDate: '2025-10-15', today: '2026-03-01' };
const base = { title: '科普讲座', date: '2026-01-10', volunteers: '5', experts: '2', description: '', highlightEffect: '' };

describe('activityChecks: 亮点活动', () => {
	it('a highlight needs its content and effect, each at its field', () => {
		expect(activityChecks({ ...base, highlight: 'on' }, ctx)).toEqual({ description: '亮点活动请填写活动简介（服务内容）', highlightEffect: '亮点活动请填写服务效果' });
		expect(activityChecks({ ...base, highlight: 'on', description: '讲解防诈骗', highlightEffect: '  ' }, ctx)).toEqual({ highlightEffect: '亮点活动请填写服务效果' });
		expect(activityChecks({ ...base, highlight: 'on', description: '讲解防诈骗', highlightEffect: '200 人受益' }, ctx)).toEqual({});
	});
	it('a parsed boolean counts like the ticked box', () => {
		expect(Object.keys(activityChecks({ ...base, highlight: true }, ctx))).toEqual(['description', 'highlightEffect']);
	});
	it('not a highlight: nothing more is asked', () => {
		expect(activityChecks(base, ctx)).toEqual({});
		expect(activityChecks({ ...base, highlight: false }, ctx)).toEqual({});
		expect(activityChecks({ ...base, highlight: '' }, ctx)).toEqual({});
	});
	it('beside the other rules, all at once', () => {
		const e = activityChecks({ ...base, date: '2027-01-01', experts: '9', highlight: 'on' }, ctx);
		expect(Object.keys(e).sort()).toEqual(['date', 'description', 'experts', 'highlightEffect']);
	});
});
