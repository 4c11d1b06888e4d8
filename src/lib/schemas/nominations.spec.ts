import { describe, expect, it } from 'vitest';
import { parseForm } from '../forms';
import { isScore, objectionSchema, scoreCheck, stageSchema } from './nominations';

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.append(k, v);
	return f;
};

describe('nomination forms refuse at the field what the server cannot use', () => {
	it('a 公示 start that is no date is refused; empty is left to the stage rule', () => {
		for (const bad of ['2026-02-30', '9999-12-31', '0000-00-00', '2026/12/01']) {
			const parsed = parseForm(stageSchema, form({ stage: 'publicity', publicityStart: bad }));
			expect(parsed.ok ? null : parsed.errors.publicityStart, bad).toBe('公示开始日期不是有效日期（格式 YYYY-MM-DD）');
		}
		expect(parseForm(stageSchema, form({ stage: 'publicity', publicityStart: '2026-12-07' }))).toMatchObject({ ok: true, data: { publicityStart: '2026-12-07' } });
		expect(parseForm(stageSchema, form({ stage: 'review' }))).toMatchObject({ ok: true, data: { publicityStart: '' } });
	});

	it('an objection names a nomination by its id, or none', () => {
		const base = { who: '张先生', contact: '0371-00000000', what: '事迹与实际不符', receivedOn: '2026-12-01' };
		for (const bad of ['abc', '-1', '1.5', '1e3']) {
			const parsed = parseForm(objectionSchema, form({ ...base, nominationId: bad }));
			expect(parsed.ok ? null : parsed.errors.nominationId, bad).toBe('选项无效');
		}
		expect(parseForm(objectionSchema, form({ ...base, nominationId: '12' }))).toMatchObject({ ok: true, data: { nominationId: 12 } });
		expect(parseForm(objectionSchema, form({ ...base, nominationId: '' }))).toMatchObject({ ok: true, data: { nominationId: null } });
	});
});

describe('an expert’s scores', () => {
	const criteria = [{ name: '事迹突出' }, { name: '示范带动' }, { name: '群众认可' }];
	it('names each wrong criterion at once, and a blank as not filled in', () => {
		expect(scoreCheck(criteria)({ scores: ['101', '', '5'] })).toEqual({ scores: '事迹突出：分数不能大于 100；示范带动：请填写分数' });
		expect(scoreCheck(criteria)({ scores: ['8.5', '-1', '100'] })).toEqual({ scores: '事迹突出：分数须为 0–100 的整数；示范带动：分数须为 0–100 的整数' });
		expect(scoreCheck(criteria)({ scores: ['0', ' 90 ', '100'] })).toEqual({});
		expect(scoreCheck(criteria)({ scores: ['90'] })).toEqual({ scores: '示范带动：请填写分数；群众认可：请填写分数' });
	});
	it('knows a score when it sees one', () => {
		for (const ok of ['0', '7', '100', ' 42 ']) expect(isScore(ok), ok).toBe(true);
		for (const bad of ['', '101', '1000', '5.5', '-3', 'abc', undefined, 5]) expect(isScore(bad), String(bad)).toBe(false);
	});
});
