import { describe, expect, it } from 'vitest';
import { organisationMonth, type RosterChange, type RosterImportEvent } from './org-report';

const p = (name: string, unit: string | null = '县农技站', maskedId = ''): RosterChange => ({ name, unit, maskedId });
let seq = 0;
const imp = (teamId: number, on: string, added: RosterChange[], removed: RosterChange[] = []): RosterImportEvent => ({ teamId, on, seq: ++seq, added, removed });
const base = { month: '2026-10', units: [], teams: [], imports: [], registeredTeamIds: [] };

describe('organisationMonth', () => {
	it('is all zero for an empty month', () => {
		expect(organisationMonth(base)).toEqual({ unitsFormed: 0, teamsFormed: 0, membersAdded: 0, membersRegistered: 0 });
	});

	it('counts units and teams founded inside the month, first and last day included', () => {
		const r = organisationMonth({
			...base,
			units: [{ foundedOn: '2026-10-01' }, { foundedOn: '2026-10-31' }, { foundedOn: '2026-09-30' }, { foundedOn: '2026-11-01' }, { foundedOn: null }],
			teams: [{ foundedOn: '2026-10-15' }, { foundedOn: '2025-10-15' }, { foundedOn: '' }]
		});
		expect(r.unitsFormed).toBe(2);
		expect(r.teamsFormed).toBe(1);
	});

	it('handles February of a leap year and December', () => {
		expect(organisationMonth({ ...base, month: '2028-02', teams: [{ foundedOn: '2028-02-29' }] }).teamsFormed).toBe(1);
		expect(organisationMonth({ ...base, month: '2026-12', units: [{ foundedOn: '2026-12-31' }, { foundedOn: '2027-01-01' }] }).unitsFormed).toBe(1);
	});

	it('counts people added by the month’s imports, once each', () => {
		const r = organisationMonth({ ...base, imports: [imp(1, '2026-10-03', [p('张三'), p('李四')]), imp(2, '2026-10-09', [p('张三'), p('王五')])] });
		expect(r.membersAdded).toBe(3);
	});

	it('tells people apart by name, unit and masked ID', () => {
		const r = organisationMonth({
			...base,
			imports: [imp(1, '2026-10-03', [p('张三', '甲', '**************1234'), p('张三', '甲', '**************9999'), p('张三', '乙', '**************1234'), p('张三', '甲', '**************1234')])]
		});
		expect(r.membersAdded).toBe(3);
	});

	it('reads names after NFKC, so full-width and padded forms are the same person', () => {
		const r = organisationMonth({ ...base, imports: [imp(1, '2026-10-03', [p('ＡＢ'), p(' AB ')])] });
		expect(r.membersAdded).toBe(1);
	});

	it('leaves out imports of other months', () => {
		const r = organisationMonth({ ...base, imports: [imp(1, '2026-09-30', [p('甲')]), imp(1, '2026-11-01', [p('乙')]), imp(1, '2026-10-31', [p('丙')])] });
		expect(r.membersAdded).toBe(1);
	});

	it('does not count someone a later import of the same month took off the team', () => {
		const r = organisationMonth({ ...base, imports: [imp(1, '2026-10-03', [p('甲'), p('乙')]), imp(1, '2026-10-20', [], [p('乙')])] });
		expect(r.membersAdded).toBe(1);
	});

	it('orders imports of one day by their sequence', () => {
		const later = imp(1, '2026-10-03', [p('乙')]);
		const earlier: RosterImportEvent = { ...imp(1, '2026-10-03', [], [p('乙')]), seq: later.seq - 1 };
		// given out of order: the removal came first, so the person stays added
		expect(organisationMonth({ ...base, imports: [later, earlier] }).membersAdded).toBe(1);
	});

	it('a removal from one team leaves the person added on another', () => {
		const r = organisationMonth({ ...base, imports: [imp(1, '2026-10-03', [p('甲')]), imp(2, '2026-10-04', [p('甲')]), imp(1, '2026-10-05', [], [p('甲')])] });
		expect(r.membersAdded).toBe(1);
	});

	it('counts as registered the people added to teams of registered units', () => {
		const r = organisationMonth({
			...base,
			imports: [imp(1, '2026-10-03', [p('甲'), p('乙')]), imp(2, '2026-10-05', [p('乙'), p('丙')])],
			registeredTeamIds: [2]
		});
		expect(r.membersAdded).toBe(3);
		expect(r.membersRegistered).toBe(2);
	});

	it('registered never exceeds added', () => {
		const r = organisationMonth({ ...base, imports: [imp(1, '2026-09-03', [p('甲')])], registeredTeamIds: [1, 2, 3] });
		expect(r).toMatchObject({ membersAdded: 0, membersRegistered: 0 });
	});

	it('throws on a bad month or a bad date', () => {
		expect(() => organisationMonth({ ...base, month: '2026-13' })).toThrow();
		expect(() => organisationMonth({ ...base, month: '2026-1' })).toThrow();
		expect(() => organisationMonth({ ...base, units: [{ foundedOn: '2026-02-30' }] })).toThrow();
		expect(() => organisationMonth({ ...base, imports: [imp(1, 'yesterday', [p('甲')])] })).toThrow();
	});
});
