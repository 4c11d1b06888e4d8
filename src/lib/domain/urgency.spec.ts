import { describe, expect, it } from 'vitest';
import { byUrgency } from './urgency';

describe('byUrgency', () => {
	it('puts an overdue pilot before a lagging one however far behind the lagging one is', () => {
		const overdue = { name: 'o', status: 'overdue', overall: 0.95, expected: 1 };
		const lagging = { name: 'l', status: 'lagging', overall: 0.1, expected: 0.9 };
		expect([lagging, overdue].sort(byUrgency).map((p) => p.name)).toEqual(['o', 'l']);
	});
	it('orders the statuses, then the furthest behind first, then pilots without a status', () => {
		const rows = [
			{ name: 'none', status: null, overall: null, expected: null },
			{ name: 'complete', status: 'complete', overall: 1, expected: 0.5 },
			{ name: 'risk-near', status: 'at_risk', overall: 0.5, expected: 0.55 },
			{ name: 'risk-far', status: 'at_risk', overall: 0.3, expected: 0.55 },
			{ name: 'on', status: 'on_track', overall: 0.6, expected: 0.5 }
		];
		expect([...rows].sort(byUrgency).map((p) => p.name)).toEqual(['risk-far', 'risk-near', 'on', 'complete', 'none']);
	});
});
