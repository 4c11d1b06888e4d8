/**
 * The pilot page's calendar and recent history read from their indexes: the calendar's days with
 * their counts and first titles in the order they were entered, the history newest first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { activities, auditLog } from '$lib/server/db/schema';
import * as activitiesOfPilot from '$lib/server/pilots/activities';
import { recentOf } from '$lib/server/audit';
import { loadDemoDatabase } from '../support/demo-db';

beforeAll(async () => {
	await loadDemoDatabase();
});

describe('pilot history', () => {
	it('the calendar counts each day and names its first three activities in the order they were entered', async () => {
		const [template] = await db.select().from(activities).limit(1);
		const { id: _id, ...copy } = template;
		const day = '2026-01-15';
		const titles = ['第一场', '第二场', '第三场', '第四场', '第五场'];
		// entered out of date order, and a lone activity on another day
		await db.insert(activities).values({ ...copy, date: '2026-01-16', title: '次日活动' });
		for (const title of titles) await db.insert(activities).values({ ...copy, date: day, title });
		const expected = new Map<string, { count: number; titles: string[] }>();
		for (const a of await db.select().from(activities).where(eq(activities.pilotId, template.pilotId)).orderBy(activities.id)) {
			const e = expected.get(a.date) ?? { count: 0, titles: [] };
			e.count++;
			if (e.titles.length < activitiesOfPilot.CALENDAR_TITLES) e.titles.push(a.title);
			expected.set(a.date, e);
		}
		const calendar = await activitiesOfPilot.calendar(template.pilotId);
		expect(calendar).toEqual([...expected].sort(([a], [b]) => a.localeCompare(b)).map(([date, e]) => ({ date, ...e })));
		expect(calendar.find((d) => d.date === day)?.count).toBeGreaterThanOrEqual(5);
		expect(calendar.find((d) => d.date === '2026-01-16')?.titles).toContain('次日活动');
	});

	it('recent history is the newest entries first, the later of two at the same moment first', async () => {
		const pilotId = (await db.select({ pilotId: activities.pilotId }).from(activities).limit(1))[0].pilotId;
		const base = { userId: null, username: 'system', role: null, pilotId, ip: null, action: 'pilot.update', entityType: 'pilot', entityId: String(pilotId), before: null, after: null };
		const at = 4_000_000_000_000;
		await db.insert(auditLog).values([
			{ ...base, at: at + 2, action: 'newest' },
			{ ...base, at, action: 'same-moment-first' },
			{ ...base, at, action: 'same-moment-second' },
			{ ...base, at: at - 1, action: 'older' }
		]);
		const recent = await recentOf(pilotId, 4);
		expect(recent.map((r) => r.action)).toEqual(['newest', 'same-moment-second', 'same-moment-first', 'older']);
		await db.insert(auditLog).values(Array.from({ length: 10 }, (_, i) => ({ ...base, at: at - 100 - i, action: `old-${i}` })));
		expect((await recentOf(pilotId)).map((r) => r.action).slice(3)).toEqual(['older', ...Array.from({ length: 8 }, (_, i) => `old-${i}`)]);
	});
});
