import { describe, expect, it } from 'vitest';
import { teamChecks } from './team-checks';

describe('teamChecks', () => {
	it('refuses a founding date after today, at 成立日期, and nothing else', () => {
		expect(teamChecks({ foundedOn: '2030-01-01' }, '2026-12-03')).toEqual({ foundedOn: '成立日期不能晚于今天（2026-12-03）' });
		expect(teamChecks({ foundedOn: ' 2026-12-04 ' }, '2026-12-03')).toEqual({ foundedOn: '成立日期不能晚于今天（2026-12-03）' });
	});

	it('takes today, the past, an empty field, and leaves a malformed date to the schema', () => {
		for (const foundedOn of ['2026-12-03', '2020-05-30', '', undefined, '2030-13-45', 'abc']) expect(teamChecks({ foundedOn }, '2026-12-03'), String(foundedOn)).toEqual({});
	});
});
