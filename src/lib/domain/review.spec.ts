import { describe, expect, it } from 'vitest';
import { reviewState, type Verdict } from './review';

const v = (requirement: string, verdict: Verdict['verdict'], itemVersion: number, order: number, reason?: string): Verdict => ({ requirement, verdict, itemVersion, order, reason });
const ALL_SIX = ['venue', 'team', 'project', 'facilities', 'rules', 'signage'];

describe('reviewState', () => {
	it('is unreviewed with no verdicts', () => {
		expect(reviewState('station', 1, [])).toEqual({ state: 'unreviewed', verified: [], returnReason: null });
	});

	it('needs a verdict for each of a station’s six 有', () => {
		const five = ALL_SIX.slice(0, 5).map((r, i) => v(r, 'verified', 3, i));
		expect(reviewState('station', 3, five).state).toBe('partly');
		expect(reviewState('station', 3, [...five, v('signage', 'verified', 3, 9)]).state).toBe('verified');
	});

	it('a return with its reason wins over earlier verifications of the same version', () => {
		const verdicts = [...ALL_SIX.map((r, i) => v(r, 'verified', 2, i)), v('signage', 'returned', 2, 10, '标识照片不清晰')];
		expect(reviewState('station', 2, verdicts)).toEqual({ state: 'returned', verified: [], returnReason: '标识照片不清晰', returnedRequirement: 'signage' });
	});

	it('an edited item (new version) needs looking at again', () => {
		const verdicts = [v('signage', 'returned', 2, 1, '标识照片不清晰')];
		expect(reviewState('station', 3, verdicts).state).toBe('changed');
		const after = [...verdicts, ...ALL_SIX.map((r, i) => v(r, 'verified', 3, 10 + i))];
		expect(reviewState('station', 3, after).state).toBe('verified');
	});

	it('verifies other items as a whole and mechanisms by their document', () => {
		expect(reviewState('team', 1, [v('item', 'verified', 1, 1)]).state).toBe('verified');
		expect(reviewState('mechanism', 4, [v('document', 'verified', 4, 1)]).state).toBe('verified');
		expect(reviewState('mechanism', 5, [v('document', 'verified', 4, 1)]).state).toBe('changed');
	});
});
