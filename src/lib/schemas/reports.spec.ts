import { describe, expect, it } from 'vitest';
import { reportSchema } from './reports';

const base = {
	month: '2026-11',
	narrative: '本月开展科普讲座两场。',
	mobileMuseumTours: '0',
	mobileMuseumCovered: 'no',
	caravanTours: '0',
	caravanCovered: 'no',
	ruralTrainings: '0',
	ruralTrainees: '0',
	farmerContest: '0',
	provincialContest: '0',
	infoOfficers: '0',
	articlesShared: '0'
};

describe('report schema', () => {
	it('refuses people trained in a month with no training, at the trainees, with both figures named', () => {
		const r = reportSchema.safeParse({ ...base, ruralTrainees: '999999' });
		expect(r.success).toBe(false);
		expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['ruralTrainees', expect.stringContaining('培训人次应为 0')]]);
	});

	it('takes trainings with their trainees, and none with none', () => {
		expect(reportSchema.safeParse({ ...base, ruralTrainings: '2', ruralTrainees: '80' }).success).toBe(true);
		expect(reportSchema.safeParse(base).success).toBe(true);
	});
});
