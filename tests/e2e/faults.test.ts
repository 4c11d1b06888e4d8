/**
 * Faults against the production build, on a server of this file's own (fresh demo database):
 * the server killed in the middle of concurrent saves, two editors saving one item at once, the
 * database locked by another process, and a disk that fills up. The soak run (npm run
 * test:soak) repeats the crash test many more times.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { statSync } from 'node:fs';
import { createClient } from '@libsql/client';
import { launchServer, startServer, type RunningServer } from '../support/server';
import { scalar, signIn } from '../support/http';
import {
	acknowledged,
	activityForm,
	checkDatabase,
	checkSaves,
	cloneAccount,
	get,
	killCycles,
	LEAK,
	post,
	sleep,
	storedSaves,
	withDatabase,
	type BurstResult
} from '../support/faults';

const today = inject('today');
let server: RunningServer;
let pilotId = 0;
let teamId = 0;
let editorA = '';
let editorB = '';

const save = (title: string, cookie = editorA, extra: Record<string, string> = {}) =>
	post(server.url, `/pilots/${pilotId}/activities?/save`, cookie, activityForm(title, today, extra));

beforeAll(async () => {
	server = await startServer(today);
	// 洛阳市, on this file's own database: nothing else edits it
	pilotId = await scalar(server.databaseUrl, "select id from pilots where division_code = '410300'");
	teamId = await scalar(server.databaseUrl, 'select min(id) from teams where pilot_id = ?', [pilotId]);
	await cloneAccount(server.databaseUrl, 'editor-410300', 'editor-410300-b');
	editorA = await signIn(server.url, 'editor-410300');
	editorB = await signIn(server.url, 'editor-410300-b');
});

afterAll(async () => {
	await server?.stop();
});

describe('the server killed in the middle of concurrent saves', () => {
	it('keeps every acknowledged save and no half of any other, 3 kills', async () => {
		const run = await killCycles({
			server,
			kills: 3,
			seed: 20261123,
			workers: 8,
			cookies: [editorA, editorB],
			pilotId,
			teamId,
			date: today,
			killWindowMs: [300, 1200],
			onCycle: (c) =>
				console.log(
					`[faults] kill ${c.cycle} after ${c.killAfterMs} ms: ${c.acked} acknowledged (all stored: ${c.ackedMissing.length === 0}), unacknowledged ${c.unackedPresent} stored whole + ${c.unackedAbsent} absent, partial ${c.partial.length}, restart ${c.restartMs} ms, integrity ${c.integrity}`
				)
		});
		server = run.server;
		for (const c of run.cycles) {
			expect(c.ackedMissing).toEqual([]);
			expect(c.partial).toEqual([]);
			expect(c.strays).toEqual([]);
			expect(c.integrity).toBe('ok');
			expect(c.foreignKeyProblems).toBe(0);
		}
		expect(run.cycles.reduce((n, c) => n + c.acked, 0)).toBeGreaterThan(0);
		// the restarted server takes saves without any repair
		expect(acknowledged(await save('崩溃后第一条'))).toBe(true);
	});
});

describe('two editors saving the same item at once', () => {
	it('lets exactly one win; the others get a Chinese conflict message and overwrite nothing', async () => {
		const [row] = await withDatabase(server.databaseUrl, async (db) =>
			(await db.execute({ sql: 'select id, version from activities where pilot_id = ? order by id limit 1', args: [pilotId] })).rows.map((r) => ({
				id: Number(r.id),
				version: Number(r.version)
			}))
		);
		const cookies = [editorA, editorB, await signIn(server.url, 'editor-410300'), await signIn(server.url, 'editor-410300-b')];
		const answers = await Promise.all(
			cookies.map((cookie, i) => save(`同时修改-${i}`, cookie, { id: String(row.id), version: String(row.version) }))
		);
		const statuses = answers.map((a) => a?.status);
		expect(statuses.filter((s) => s === 200)).toHaveLength(1);
		expect(statuses.filter((s) => s === 409)).toHaveLength(cookies.length - 1);
		const winner = statuses.indexOf(200);
		for (const a of answers.filter((a) => a?.status === 409)) {
			expect(a!.text).toContain('这条记录已被他人修改');
			expect(a!.text).not.toMatch(LEAK);
		}
		const stored = await withDatabase(server.databaseUrl, async (db) => {
			const r = (await db.execute({ sql: 'select title, version from activities where id = ?', args: [row.id] })).rows[0];
			const updates = Number(
				(await db.execute({ sql: "select count(*) from audit_log where action = 'activity.update' and entity_id = ?", args: [String(row.id)] })).rows[0][0]
			);
			return { title: String(r.title), version: Number(r.version), updates };
		});
		expect(stored).toEqual({ title: `同时修改-${winner}`, version: row.version + 1, updates: 1 });
		// a late save carrying the old version is refused too
		const late = await save('迟到的修改', editorB, { id: String(row.id), version: String(row.version) });
		expect(late?.status).toBe(409);
	});
});

describe('a database locked by another process', () => {
	const page = () => get(server.url, `/pilots/${pilotId}/activities`, editorA);

	it('waits for a lock held less than the busy timeout, and keeps serving reads meanwhile', async () => {
		expect((await page())?.status).toBe(200); // tallies fresh: the read below needs no write
		const locker = createClient({ url: server.databaseUrl });
		const tx = await locker.transaction('write'); // BEGIN IMMEDIATE
		try {
			// the order of events, not their durations: a read is answered while the save still waits,
			// and the save is answered only once the other process lets go
			let released = false;
			let savedWhileLocked = false;
			const saving = save('锁-短').then((r) => ((savedWhileLocked = !released), r));
			await sleep(300);
			const read = await page();
			expect(read?.status).toBe(200);
			expect(savedWhileLocked, 'the save did not wait for the lock').toBe(false);
			await sleep(1200);
			released = true;
			await tx.commit();
			const saved = await saving;
			expect(saved?.status).toBe(200);
			expect(savedWhileLocked).toBe(false);
			console.log(`[faults] lock held 1.5 s: save waited ${Math.round(saved!.ms)} ms and succeeded; a read meanwhile took ${Math.round(read!.ms)} ms`);
		} finally {
			tx.close();
			locker.close();
		}
	});

	it('answers 503 with a Chinese message when the lock outlasts the busy timeout, then recovers', async () => {
		const locker = createClient({ url: server.databaseUrl });
		const tx = await locker.transaction('write');
		let refused;
		try {
			const saving = save('锁-长');
			await sleep(500);
			const read = await page();
			expect(read?.status).toBe(200);
			// answered while the lock is still held: the server gave up waiting, it did not hang
			refused = await saving;
			const readAfter = await page();
			expect(readAfter?.status).toBe(200);
			console.log(`[faults] lock held past the busy timeout: save answered ${refused?.status} after ${Math.round(refused!.ms)} ms; reads took ${Math.round(read!.ms)} / ${Math.round(readAfter!.ms)} ms`);
		} finally {
			await tx.commit();
			locker.close();
		}
		expect(refused?.status).toBe(503);
		expect(refused!.headers.get('retry-after')).toBe('5');
		expect(refused!.text).toContain('系统繁忙');
		expect(refused!.text).not.toMatch(LEAK);
		// the connection is not left broken (libsql #352): later writes commit
		for (const n of [1, 2, 3]) expect((await save(`锁-释放后-${n}`))?.status).toBe(200);
		const stored = await storedSaves(server.databaseUrl, pilotId, '锁');
		expect([...stored.activities.keys()].sort()).toEqual(['锁-短', '锁-释放后-1', '锁-释放后-2', '锁-释放后-3'].sort());
		expect(await checkDatabase(server.databaseUrl)).toEqual({ integrity: 'ok', foreignKeyProblems: 0 });
	});
});

describe('a full disk', () => {
	it('refuses saves cleanly, keeps serving reads, and takes saves again once there is room', async () => {
		// RLIMIT_FSIZE (ulimit -f) needs no privileges: no file the server writes may grow more than
		// 256 KiB past the database's size, so the write-ahead log runs out of room after a few saves.
		await server.stop();
		const file = server.databaseUrl.slice('file:'.length);
		await withDatabase(server.databaseUrl, (db) => db.execute('PRAGMA wal_checkpoint(TRUNCATE)'));
		const limit = statSync(file).size + 256 * 1024;
		server = await launchServer({ databaseUrl: server.databaseUrl, dataDir: server.dataDir, today, fileSizeLimitBytes: limit });

		const burst: BurstResult = { acked: [], unacked: [], refused: [] };
		let refused = null;
		for (let n = 0; n < 400 && !refused; n++) {
			const title = `满盘-${n}`;
			const a = await save(title, editorA, { teamIds: String(teamId) });
			if (acknowledged(a)) burst.acked.push(title);
			else {
				burst.unacked.push(title);
				refused = a;
			}
		}
		expect(refused).not.toBeNull();
		expect(refused!.status).toBe(503);
		expect(refused!.text).toContain('存储空间不足');
		expect(refused!.text).not.toMatch(LEAK);
		// still full: refused again, and reads keep working
		const again = await save('满盘-再试', editorA, { teamIds: String(teamId) });
		expect(again?.status).toBe(503);
		burst.unacked.push('满盘-再试');
		const read = await get(server.url, `/pilots/${pilotId}/activities`, editorA);
		expect(read?.status).toBe(200);
		expect(read!.text).toContain(burst.acked.at(-1));
		console.log(`[faults] disk full after ${burst.acked.length} saves (limit ${limit} bytes): ${refused!.status}; read ${read!.status}`);

		// room again: the log is checkpointed into the database file by another process
		await withDatabase(server.databaseUrl, (db) => db.execute('PRAGMA wal_checkpoint(TRUNCATE)'));
		for (const n of [1, 2, 3]) {
			const title = `满盘-腾出空间后-${n}`;
			expect((await save(title, editorA, { teamIds: String(teamId) }))?.status).toBe(200);
			burst.acked.push(title);
		}
		const check = checkSaves(await storedSaves(server.databaseUrl, pilotId, '满盘'), burst, true);
		expect(check.ackedMissing).toEqual([]);
		expect(check.unackedPresent).toBe(0);
		expect(check.partial).toEqual([]);
		expect(await checkDatabase(server.databaseUrl)).toEqual({ integrity: 'ok', foreignKeyProblems: 0 });
		expect(server.log()).toMatch(/write refused by the database \(SQLITE_(FULL|IOERR)/);
	});
});
