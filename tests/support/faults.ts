/**
 * Shared by the fault tests (tests/e2e/faults.test.ts, short) and the soak run (tests/soak/,
 * full): activity saves over HTTP the way a browser without JavaScript posts them, bursts of
 * them that a crash may cut short, and what must hold in the database afterwards.
 */
import { createClient } from '@libsql/client';
import { prng } from '../../src/lib/random';
import { launchServer, type RunningServer } from './server';

/** Every activity a fault test creates carries a title starting with its own prefix. */
export function activityForm(title: string, date: string, extra: Record<string, string | string[]> = {}): FormData {
	const f = new FormData();
	const fields: Record<string, string | string[]> = {
		title,
		date,
		kind: 'science_lecture',
		field: 'health',
		volunteers: '10',
		experts: '2',
		served: '100',
		serviceHours: '20',
		...extra
	};
	for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
	return f;
}

export interface Answer {
	status: number;
	text: string;
	ms: number;
	headers: Headers;
}

/** Why requests got no answer (timeout, reset, refused...), counted by kind: for reports. */
export const transportErrors = new Map<string, number>();

function noted(e: unknown): null {
	const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
	const key = err.name === 'TimeoutError' ? 'timeout' : (err.cause?.code ?? err.cause?.message ?? err.message ?? String(e));
	transportErrors.set(key, (transportErrors.get(key) ?? 0) + 1);
	return null;
}

/** One POST with a timeout; a refused or cut connection is `null` (the client saw no answer). */
export async function post(baseURL: string, path: string, cookie: string, body: FormData | URLSearchParams, timeoutMs = 30_000): Promise<Answer | null> {
	const started = performance.now();
	try {
		const res = await fetch(`${baseURL}${path}`, {
			method: 'POST',
			headers: { origin: baseURL, cookie, accept: 'text/html' },
			body,
			redirect: 'manual',
			signal: AbortSignal.timeout(timeoutMs)
		});
		const text = await res.text();
		return { status: res.status, text, ms: performance.now() - started, headers: res.headers };
	} catch (e) {
		return noted(e);
	}
}

export async function get(baseURL: string, path: string, cookie: string, timeoutMs = 30_000): Promise<Answer | null> {
	const started = performance.now();
	try {
		const res = await fetch(`${baseURL}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
		const text = await res.text();
		return { status: res.status, text, ms: performance.now() - started, headers: res.headers };
	} catch (e) {
		return noted(e);
	}
}

/** Acknowledged: the server said the save happened (the no-JS page answers 200, a redirect 303). */
export const acknowledged = (a: Answer | null) => a !== null && (a.status === 200 || a.status === 303);

export interface BurstResult {
	/** titles whose save the client saw acknowledged */
	acked: string[];
	/** titles sent without an acknowledgement: no answer (cut by the crash) or an error status */
	unacked: string[];
	/** answers that were neither an acknowledgement nor a cut connection */
	refused: { title: string; status: number }[];
}

/**
 * `workers` clients each saving activities one after another until `stop()` returns true or
 * the server stops answering. Titles are `${prefix}-w<worker>-<n>`, unique per save.
 */
export async function saveBurst(options: {
	baseURL: string;
	pilotId: number;
	cookies: string[];
	date: string;
	prefix: string;
	workers: number;
	extra?: Record<string, string | string[]>;
	stop: () => boolean;
	maxPerWorker?: number;
}): Promise<BurstResult> {
	const result: BurstResult = { acked: [], unacked: [], refused: [] };
	await Promise.all(
		Array.from({ length: options.workers }, async (_, w) => {
			const cookie = options.cookies[w % options.cookies.length];
			for (let n = 0; n < (options.maxPerWorker ?? Infinity) && !options.stop(); n++) {
				const title = `${options.prefix}-w${w}-${n}`;
				const answer = await post(options.baseURL, `/pilots/${options.pilotId}/activities?/save`, cookie, activityForm(title, options.date, options.extra), 15_000);
				if (acknowledged(answer)) result.acked.push(title);
				else {
					result.unacked.push(title);
					if (answer) result.refused.push({ title, status: answer.status });
					else break; // the server is gone
				}
			}
		})
	);
	return result;
}

export async function withDatabase<T>(databaseUrl: string, fn: (db: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
	const db = createClient({ url: databaseUrl });
	try {
		return await fn(db);
	} finally {
		db.close();
	}
}

/** `PRAGMA integrity_check` and `PRAGMA foreign_key_check`, as the fault tests assert them. */
export async function checkDatabase(databaseUrl: string): Promise<{ integrity: string; foreignKeyProblems: number }> {
	return withDatabase(databaseUrl, async (db) => {
		const integrity = (await db.execute('PRAGMA integrity_check')).rows.map((r) => String(r[0])).join('\n');
		const foreignKeyProblems = (await db.execute('PRAGMA foreign_key_check')).rows.length;
		return { integrity, foreignKeyProblems };
	});
}

export interface Stored {
	/** title → activity id, for activities whose title starts with the prefix */
	activities: Map<string, number>;
	/** title → entity id of its `activity.create` audit row */
	audits: Map<string, number>;
	/** activity ids that have their team link */
	linked: Set<number>;
}

/** What the database holds of one prefix's saves. */
export async function storedSaves(databaseUrl: string, pilotId: number, prefix: string): Promise<Stored> {
	return withDatabase(databaseUrl, async (db) => {
		const like = `${prefix}-%`;
		const rows = (await db.execute({ sql: 'select id, title from activities where pilot_id = ? and title like ?', args: [pilotId, like] })).rows;
		const audits = (
			await db.execute({
				sql: "select entity_id, json_extract(after, '$.title') as title from audit_log where action = 'activity.create' and pilot_id = ? and json_extract(after, '$.title') like ?",
				args: [pilotId, like]
			})
		).rows;
		const links = (
			await db.execute({
				sql: 'select distinct at.activity_id from activity_teams at join activities a on a.id = at.activity_id where a.pilot_id = ? and a.title like ?',
				args: [pilotId, like]
			})
		).rows;
		return {
			activities: new Map(rows.map((r) => [String(r.title), Number(r.id)])),
			audits: new Map(audits.map((r) => [String(r.title), Number(r.entity_id)])),
			linked: new Set(links.map((r) => Number(r.activity_id)))
		};
	});
}

export interface CrashCheck {
	acked: number;
	ackedMissing: string[];
	unackedPresent: number;
	unackedAbsent: number;
	/** titles with a row but no audit row or team link, or the other way round */
	partial: string[];
	/** titles stored more than once or stored without being sent */
	strays: string[];
}

/**
 * After a crash and restart: every acknowledged save is stored; every save is all there (row,
 * team link when `linked`, audit row naming the same id) or not there at all.
 */
export function checkSaves(stored: Stored, burst: BurstResult, linked: boolean): CrashCheck {
	const sent = new Set([...burst.acked, ...burst.unacked]);
	const partial: string[] = [];
	for (const title of new Set([...stored.activities.keys(), ...stored.audits.keys()])) {
		const id = stored.activities.get(title);
		const whole = id !== undefined && stored.audits.get(title) === id && (!linked || stored.linked.has(id));
		if (!whole) partial.push(title);
	}
	const unackedPresent = burst.unacked.filter((t) => stored.activities.has(t)).length;
	return {
		acked: burst.acked.length,
		ackedMissing: burst.acked.filter((t) => !stored.activities.has(t)),
		unackedPresent,
		unackedAbsent: burst.unacked.length - unackedPresent,
		partial,
		strays: [...stored.activities.keys()].filter((t) => !sent.has(t))
	};
}

/** A copy of the demo editor `username` with the same password (its hash copied), for a second session holder. */
export async function cloneAccount(databaseUrl: string, username: string, newUsername: string): Promise<void> {
	await withDatabase(databaseUrl, async (db) => {
		await db.execute({
			sql: `insert into users (username, display_name, role, pilot_id, password_hash, created_at, updated_at)
				select ?, display_name || '（' || ? || '）', role, pilot_id, password_hash, created_at, updated_at from users where username = ?`,
			args: [newUsername, newUsername, username]
		});
	});
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Response text that must never reach a user: SQLite's words, SQL, or a stack trace. */
export const LEAK = /SQLITE|sqlite|libsql|Failed query|insert into|\n\s+at .+:\d+:\d+|node_modules/i;

export interface KillCycle extends CrashCheck {
	cycle: number;
	killAfterMs: number;
	integrity: string;
	foreignKeyProblems: number;
	restartMs: number;
}

/**
 * The crash test: `kills` times, start a burst of concurrent saves, SIGKILL the server at a
 * random moment (seeded), start it again on the same database, and check what the database
 * holds against what the clients saw. Returns the server running after the last restart.
 */
export async function killCycles(options: {
	server: RunningServer;
	kills: number;
	seed: number;
	workers: number;
	cookies: string[];
	pilotId: number;
	teamId: number;
	date: string;
	/** the kill lands this long after the burst starts: uniform in [min, max) ms */
	killWindowMs: [number, number];
	onCycle?: (c: KillCycle) => void;
}): Promise<{ server: RunningServer; cycles: KillCycle[] }> {
	const random = prng(options.seed);
	let server = options.server;
	const cycles: KillCycle[] = [];
	for (let cycle = 1; cycle <= options.kills; cycle++) {
		const prefix = `崩溃${options.seed}-${cycle}`;
		let stopped = false;
		const running = saveBurst({
			baseURL: server.url,
			pilotId: options.pilotId,
			cookies: options.cookies,
			date: options.date,
			prefix,
			workers: options.workers,
			extra: { teamIds: String(options.teamId) },
			stop: () => stopped
		});
		const [min, max] = options.killWindowMs;
		const killAfterMs = Math.round(min + random() * (max - min));
		await sleep(killAfterMs);
		await server.kill();
		const burst = await running;
		stopped = true;
		const started = performance.now();
		server = await launchServer({ databaseUrl: server.databaseUrl, dataDir: server.dataDir, today: server.today });
		const restartMs = Math.round(performance.now() - started);
		const check = checkSaves(await storedSaves(server.databaseUrl, options.pilotId, prefix), burst, true);
		const db = await checkDatabase(server.databaseUrl);
		const result = { cycle, killAfterMs, restartMs, ...check, ...db };
		cycles.push(result);
		options.onCycle?.(result);
	}
	return { server, cycles };
}
