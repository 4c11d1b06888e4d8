/**
 * selectRows reads rows as one JSON array: it must give exactly what a drizzle select of the same
 * columns gives — numbers, text, nulls, JSON and boolean columns, Chinese and quoted text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { selectRows } from '$lib/server/db/json-rows';
import { activities, divisions, pilots, pilotTallies, rounds, stations, teams } from '$lib/server/db/schema';
import { loadDemoDatabase } from '../support/demo-db';

beforeAll(async () => {
	await loadDemoDatabase();
});

const byId = <T extends { id: number }>(rows: T[]) => [...rows].sort((a, b) => a.id - b.id);

describe('selectRows', () => {
	it('gives the rows a drizzle select gives, column mappings included', async () => {
		const [team] = await db.select().from(teams).limit(1);
		// text that JSON must carry through: quotes, backslashes, a line break, Chinese, an emoji
		await db.update(teams).set({ name: '队"引号"\\反斜杠\n换行 🚀' }).where(eq(teams.id, team.id));
		const pilotIds = (await db.selectDistinct({ pilotId: teams.pilotId }).from(teams).limit(3)).map((r) => r.pilotId);

		const teamColumns = { id: teams.id, name: teams.name, pilotId: teams.pilotId, rosterSize: teams.rosterSize, registered: teams.registered, version: teams.version };
		const fromJson = await selectRows(teamColumns, teams, inArray(teams.pilotId, pilotIds));
		expect(fromJson.length).toBeGreaterThan(0);
		expect(byId(fromJson)).toEqual(byId(await db.select(teamColumns).from(teams).where(inArray(teams.pilotId, pilotIds))));
		expect(fromJson.find((t) => t.id === team.id)?.name).toBe('队"引号"\\反斜杠\n换行 🚀');
		expect(fromJson.some((t) => typeof t.registered === 'boolean')).toBe(true);

		const activityColumns = { id: activities.id, date: activities.date, keyGroups: activities.keyGroups, projectId: activities.projectId, served: activities.served };
		const acts = await selectRows(activityColumns, activities, inArray(activities.pilotId, pilotIds));
		expect(byId(acts)).toEqual(byId(await db.select(activityColumns).from(activities).where(inArray(activities.pilotId, pilotIds))));
		expect(acts.every((a) => Array.isArray(a.keyGroups))).toBe(true);

		const stationColumns = { id: stations.id, venue: stations.venue, teamId: stations.teamId };
		expect(byId(await selectRows(stationColumns, stations, undefined))).toEqual(byId(await db.select(stationColumns).from(stations)));

		const roundColumns = { id: rounds.id, cityTargets: rounds.cityTargets, orgSizes: rounds.orgSizes };
		expect(byId(await selectRows(roundColumns, rounds, undefined))).toEqual(byId(await db.select(roundColumns).from(rounds)));
	});

	it('reads a join in the order asked, SQL expressions as SQLite gives them', async () => {
		const columns = {
			id: pilots.id,
			name: pilots.name,
			divisionName: divisions.name,
			tallyActual: pilotTallies.actual,
			hasFigures: sql<number>`${pilotTallies.activityFigures} is not null`
		};
		const from = sql`${pilots} inner join ${divisions} on ${divisions.code} = ${pilots.divisionCode} left join ${pilotTallies} on ${pilotTallies.pilotId} = ${pilots.id}`;
		const drizzleSelect = () =>
			db
				.select(columns)
				.from(pilots)
				.innerJoin(divisions, eq(divisions.code, pilots.divisionCode))
				.leftJoin(pilotTallies, eq(pilotTallies.pilotId, pilots.id));
		// the order is the statement's: descending by name, the reverse of the ids' order
		const fromJson = await selectRows(columns, from, undefined, sql`${pilots.name} desc, ${pilots.id} desc`);
		expect(fromJson.length).toBeGreaterThan(3);
		expect(fromJson).toEqual(await drizzleSelect().orderBy(desc(pilots.name), desc(pilots.id)));
		expect(fromJson.map((p) => p.id)).not.toEqual((await drizzleSelect().orderBy(asc(pilots.id))).map((p) => p.id));
		// a pilot without a tally reads null for the joined JSON column and 0 for the expression
		const [untallied] = await db.insert(pilots).values({ ...(await db.select().from(pilots).limit(1))[0], id: undefined, name: '无统计的试点', divisionCode: '410102' }).returning();
		const row = (await selectRows(columns, from, eq(pilots.id, untallied.id)))[0];
		expect(row).toEqual({ id: untallied.id, name: '无统计的试点', divisionName: '中原区', tallyActual: null, hasFigures: 0 });
	});

	it('gives no rows when nothing matches', async () => {
		expect(await selectRows({ id: teams.id }, teams, eq(teams.id, -1))).toEqual([]);
	});
});
