/**
 * Timing of the attack workbooks (issue 15), kept out of `npm test` because it measures time:
 * each hostile workbook is posted to ?/checkRoster by a pilot's editor while another client asks
 * /health every 20 ms. Figures: how long each refusal took, the slowest /health answer during it,
 * and the server's RSS growth. The target: refused in under 2 s, /health under 200 ms, RSS
 * growth under 150 MB. Figures: stdout and tests/soak/results/workbooks.json.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startServer, type RunningServer } from '../support/server';
import { signIn } from '../support/http';
import { encode, send, serverPid } from '../support/fuzz';
import { attackWorkbooks, sheetEntries, zip } from '../support/zip';
import { withDatabase } from '../support/faults';
import { saveResults } from './results';

const ROSTER = ['姓名', '性别', '单位', '职务/职称', '专业特长', '联系电话'];
const today = inject('today');
let server: RunningServer;
let cookie = '';
let pilotId = 0;
let teamId = 0;

beforeAll(async () => {
	server = await startServer(today);
	cookie = await signIn(server.url, 'editor-410300');
	[pilotId, teamId] = await withDatabase(server.databaseUrl, async (db) => {
		const r = (await db.execute("select p.id, (select min(id) from teams t where t.pilot_id = p.id) from pilots p where division_code = '410300'")).rows[0];
		return [Number(r[0]), Number(r[1])];
	});
});
afterAll(async () => {
	await server?.stop();
});

describe('attack workbooks', () => {
	it('are each refused quickly while /health keeps answering and memory stays bounded', async () => {
		const pid = serverPid(server.url)!;
		const rss = () => Number(readFileSync(`/proc/${pid}/status`, 'latin1').match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) / 1024;
		const files: Record<string, Uint8Array> = {
			...attackWorkbooks(ROSTER),
			fullRoster: zip(sheetEntries([ROSTER, ...Array.from({ length: 20_000 }, (_, i) => [`队员${i}`, '男', `单位${i}`, '工程师', '科普', `139${String(i).padStart(8, '0')}`])]))
		};
		// warm-up: the first request to a route loads its modules; that is not the workbook's cost
		const warm = await encode([['teamId', String(teamId)], ['file', new File([zip(sheetEntries([ROSTER, ['张三']])) as BlobPart], 'roster.xlsx')]], true);
		await send(server.url, `/pilots/${pilotId}/import?/checkRoster`, { cookie, ...warm });
		const baseline = rss();
		const figures: Record<string, { bytes: number; status: number; ms: number; healthMaxMs: number; healthAnswers: number; rssGrowthMB: number }> = {};
		for (const [name, bytes] of Object.entries(files)) {
			for (let round = 0; round < 3; round++) {
				const { body, type } = await encode([['teamId', String(teamId)], ['file', new File([bytes as BlobPart], 'roster.xlsx')]], true);
				let peak = rss();
				let healthMax = 0;
				let answers = 0;
				let done = false;
				const started = performance.now();
				const upload = send(server.url, `/pilots/${pilotId}/import?/checkRoster`, { cookie, body, type }).then((r) => {
					done = true;
					return { ...r, ms: performance.now() - started };
				});
				while (!done) {
					const t = performance.now();
					const res = await fetch(`${server.url}/health`);
					await res.arrayBuffer();
					healthMax = Math.max(healthMax, performance.now() - t);
					answers++;
					peak = Math.max(peak, rss());
					await new Promise((r) => setTimeout(r, 20));
				}
				const res = await upload;
				const previous = figures[name];
				figures[name] = {
					bytes: bytes.length,
					status: res.status,
					ms: Math.max(previous?.ms ?? 0, Math.round(res.ms)),
					healthMaxMs: Math.max(previous?.healthMaxMs ?? 0, Math.round(healthMax)),
					healthAnswers: answers,
					rssGrowthMB: Math.max(previous?.rssGrowthMB ?? 0, Math.round(peak - baseline))
				};
			}
		}
		console.table(figures);
		console.log(`figures: ${saveResults('workbooks', { baselineRssMB: Math.round(baseline), figures })}`);
		for (const [name, f] of Object.entries(figures)) {
			if (name === 'fullRoster') continue;
			expect(f.status, name).toBe(400);
			expect(f.ms, `${name}: refused in under 2 s`).toBeLessThan(2_000);
			expect(f.healthMaxMs, `${name}: /health answered in under 200 ms`).toBeLessThan(200);
			expect(f.rssGrowthMB, `${name}: RSS grew less than 150 MB`).toBeLessThan(150);
		}
		expect(figures.fullRoster.status).toBe(200);
		expect(figures.fullRoster.healthMaxMs, 'fullRoster: /health answered in under 200 ms').toBeLessThan(200);
	});
});
