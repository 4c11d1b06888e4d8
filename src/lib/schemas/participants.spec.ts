import { describe, expect, it } from 'vitest';
import { HOURS_MESSAGE, hoursField, participantChecks } from './participants';

const a = 'a'.repeat(64);
const b = 'b'.repeat(64);

describe('the participants form’s own hours', () => {
	it('takes hours typed for people ticked, blank as the default', () => {
		expect(participantChecks({ people: [a, b], [hoursField(a)]: '2.5', [hoursField(b)]: '' })).toEqual({});
		expect(participantChecks({ people: a, [hoursField(a)]: ' 3 ' })).toEqual({});
	});
	it('names hours that are not hours, and hours typed beside someone not ticked', () => {
		expect(participantChecks({ people: [a], [hoursField(a)]: 'abc', [hoursField(b)]: '4' })).toEqual({
			[hoursField(a)]: HOURS_MESSAGE,
			[hoursField(b)]: '已填写时长但未勾选此人：请勾选，或清空时长'
		});
		expect(participantChecks({ [hoursField(b)]: '4' })).toEqual({ [hoursField(b)]: '已填写时长但未勾选此人：请勾选，或清空时长' });
		expect(participantChecks({ people: [], [hoursField(b)]: '   ' })).toEqual({});
		expect(participantChecks({ people: [a], h_nothex: '1' })).toEqual({ h_nothex: '无效的字段' });
		// unticking someone recorded removes them, stored hours and all
		expect(participantChecks({ people: [a], [hoursField(b)]: '4' }, new Set([a, b]))).toEqual({});
	});
});
