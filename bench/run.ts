/**
 * `npm run bench`: builds the app, starts the production server (adapter-node) on a copy of the
 * national-scale database (`npm run bench:data` makes it when missing) on a loopback port, where
 * every view is rendered fresh (no page is kept between requests); and drives each route with
 * autocannon for a fixed time at a fixed concurrency, logged in as the role that uses it, three
 * times, keeping the median run. Throughput is the requests over
 * the exact elapsed time. A trivial route of the same server, measured in the same run, is the
 * baseline. Then a mixed load: 20 saves a second while 8 readers open the three pages. Prints
 * p50/p95/p99 latency, requests per second and the ratio to the baseline per route, the server's
 * RSS, and the gzipped JS and CSS each page ships; writes the same to bench/results.json, and
 * exits non-zero when a target is missed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createClient } from '@libsql/client';
import autocannon from 'autocannon';
import { chromium } from 'playwright-core';
import { BENCH_PASSWORD } from './generate';

const PORT = 3456;
const BASE = `http://127.0.0.1:${PORT}`;
const SOURCE_DB = 'bench/bench.db';
const RUN_DB = 'bench/run.db';

interface Route {
	name: string;
	path: string;
	role: 'staff' | 'leader' | 'editor' | null;
	connections: number;
	method?: 'GET' | 'POST';
	body?: () => string;
	page?: boolean;
}

/** The targets (issue 17: pages rendered fresh), checked against this run's figures. */
const TARGETS = {
	pageRatio: 0.1,
	pageP95: 25,
	mixedReaderP95: 40,
	saveP95: 15,
	rssMb: 400,
	pageJsKb: 150
};

/** Seconds each route is driven for, per run; runs per route (the median is kept). */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RUNS = 3;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

async function waitForHealth(server: ChildProcess) {
	for (let i = 0; i < 600; i++) {
		if (server.exitCode !== null) throw new Error('the server exited while starting');
		try {
			if ((await fetch(`${BASE}/health`)).ok) return;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error('the server did not start');
}

async function login(username: string): Promise<string> {
	const res = await fetch(`${BASE}/login`, {
		method: 'POST',
		headers: { origin: BASE, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: new URLSearchParams({ username, password: BENCH_PASSWORD }),
		redirect: 'manual'
	});
	const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	if (res.status !== 303 || !cookie) throw new Error(`login as ${username} failed: ${res.status}`);
	return cookie;
}

function memoryOf(pid: number) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0);
	return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
}

/**
 * The JS and CSS a page makes the browser fetch, gzipped as a server would send them: the page is
 * opened in Chromium and every script and stylesheet it loads until the network is idle is counted
 * (SvelteKit loads a page's own chunks from its start script, and a chart or the map lazily, so
 * reading the HTML's links alone misses them).
 */
async function assetsOf(path: string, cookie: string) {
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
	try {
		const context = await browser.newContext();
		await context.addCookies(
			cookie.split('; ').map((pair) => {
				const at = pair.indexOf('=');
				return { name: pair.slice(0, at), value: pair.slice(at + 1), url: BASE };
			})
		);
		const page = await context.newPage();
		const loaded: Promise<{ type: string; bytes: number }>[] = [];
		page.on('response', (response) => {
			const type = response.request().resourceType();
			if (type === 'script' || type === 'stylesheet') loaded.push(response.body().then((b) => ({ type, bytes: gzipSync(b, { level: 9 }).length })));
		});
		await page.goto(BASE + path, { waitUntil: 'networkidle' });
		// the map's code is imported once the page has hydrated, sometimes after the network first
		// fell idle: wait until a whole second passes with nothing new, so every run counts it
		for (let seen = -1; seen !== loaded.length; ) {
			seen = loaded.length;
			await page.waitForTimeout(1000);
		}
		const files = await Promise.all(loaded);
		const sum = (type: string) => files.filter((f) => f.type === type).reduce((n, f) => n + f.bytes, 0);
		const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
		return { jsKb: kb(sum('script')), cssKb: kb(sum('stylesheet')), files: files.length };
	} finally {
		await browser.close();
	}
}

function percentile(sorted: number[], p: number) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(route: Route, cookie: string | null, seconds = SECONDS) {
	const times: number[] = [];
	const statuses = new Map<number, number>();
	// what every browser sends: pages may come compressed
	const headers: Record<string, string> = { origin: BASE, 'accept-encoding': 'gzip, deflate, br' };
	if (cookie) headers.cookie = cookie;
	const instance = autocannon({
		url: BASE,
		connections: route.connections,
		duration: seconds,
		timeout: 30,
		requests: [
			route.method === 'POST'
				? {
						method: 'POST',
						path: route.path,
						headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true', accept: 'application/json' },
						setupRequest: (req: Record<string, unknown>) => ({ ...req, body: route.body!() })
					}
				: { method: 'GET', path: route.path, headers }
		]
	});
	instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
		times.push(responseTime);
		statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
	});
	const result = await instance;
	// the exact time the run took, not autocannon's whole-second buckets
	const elapsed = (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000;
	times.sort((a, b) => a - b);
	const ok = [...statuses].filter(([s]) => s === 200).reduce((n, [, c]) => n + c, 0);
	return {
		name: route.name,
		path: route.path,
		role: route.role,
		connections: route.connections,
		requests: times.length,
		ok,
		errors: result.errors + result.timeouts + (times.length - ok),
		p50: Math.round(percentile(times, 50) * 10) / 10,
		p95: Math.round(percentile(times, 95) * 10) / 10,
		p99: Math.round(percentile(times, 99) * 10) / 10,
		rps: Math.round(times.length / elapsed)
	};
}

/** Three fixed-time runs after a short warm-up; the run with the median throughput is kept. */
async function medianOf(route: Route, cookie: string | null) {
	await measure(route, cookie, 3);
	const runs = [];
	for (let i = 0; i < RUNS; i++) runs.push(await measure(route, cookie));
	runs.sort((a, b) => a.rps - b.rps);
	return { ...runs[Math.floor(RUNS / 2)], runs: runs.map((r) => r.rps) };
}

/** The server process's CPU time so far (user + system), in ms; Linux's clock ticks are 10 ms. */
function cpuMsOf(pid: number) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The server's CPU time per view, one request at a time for 2 s, the least of three rounds:
 * what a view costs the server's one thread, which the machine's noise and autocannon's share of
 * the cores disturb far less than throughput does. The figure to compare between commits.
 */
async function cpuPerView(route: Route, cookie: string | null, pid: number) {
	const view = async () => {
		const res = await fetch(BASE + route.path, { headers: { 'accept-encoding': 'gzip, deflate, br', ...(cookie ? { cookie } : {}) } });
		await res.arrayBuffer();
		if (res.status !== 200) throw new Error(`${route.path} answered ${res.status}`);
	};
	for (let i = 0; i < 10; i++) await view();
	const rounds: number[] = [];
	for (let r = 0; r < 3; r++) {
		const cpu = cpuMsOf(pid);
		const until = performance.now() + 2000;
		let views = 0;
		while (performance.now() < until) {
			await view();
			views++;
		}
		rounds.push((cpuMsOf(pid) - cpu) / views);
	}
	return { name: route.name, path: route.path, ms: Math.round(Math.min(...rounds) * 100) / 100, rounds: rounds.map((x) => Math.round(x * 10) / 10) };
}

/**
 * Readers and writers at once: 8 connections opening the dashboard, a pilot page and the summary
 * in turn while 20 activity saves a second go in; the readers' latency is what users feel.
 */
async function mixedLoad(pages: Route[], cookies: Record<string, string>, save: Route, seconds = SECONDS) {
	const headers = (cookie: string) => ({ origin: BASE, 'accept-encoding': 'gzip, deflate, br', cookie });
	const readerTimes: number[] = [];
	let readerErrors = 0;
	const readers = autocannon({
		url: BASE,
		connections: 8,
		duration: seconds,
		timeout: 30,
		requests: pages.map((p) => ({ method: 'GET', path: p.path, headers: headers(cookies[p.role!]) }))
	});
	readers.on('response', (_c: unknown, status: number, _b: number, time: number) => {
		readerTimes.push(time);
		if (status !== 200) readerErrors++;
	});
	let saves = 0;
	let saveErrors = 0;
	const writers = autocannon({
		url: BASE,
		connections: 2,
		overallRate: 20,
		duration: seconds,
		timeout: 30,
		requests: [
			{
				method: 'POST',
				path: save.path,
				headers: { ...headers(cookies[save.role!]), 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true', accept: 'application/json' },
				setupRequest: (req: Record<string, unknown>) => ({ ...req, body: save.body!() })
			}
		]
	});
	writers.on('response', (_c: unknown, status: number) => {
		saves++;
		if (status !== 200) saveErrors++;
	});
	const [r, w] = await Promise.all([readers, writers]);
	readerTimes.sort((a, b) => a - b);
	const round = (n: number) => Math.round(n * 10) / 10;
	return {
		readers: readerTimes.length,
		readerP50: round(percentile(readerTimes, 50)),
		readerP95: round(percentile(readerTimes, 95)),
		saves,
		savesPerSecond: round(saves / ((new Date(w.finish).getTime() - new Date(w.start).getTime()) / 1000)),
		errors: readerErrors + saveErrors + r.errors + r.timeouts + w.errors + w.timeouts
	};
}

/**
 * A page's first view after a write: the pilots' stored tallies it shows are stale, so this is
 * the full cost of counting and rendering it. Sequential, one write before each view.
 */
async function firstViewsAfterWrite(route: Route, cookie: string, save: () => Promise<void>, views = 20) {
	const times: number[] = [];
	for (let i = 0; i < views; i++) {
		await save();
		const started = performance.now();
		const res = await fetch(BASE + route.path, { headers: { cookie } });
		await res.arrayBuffer();
		if (res.status !== 200) throw new Error(`${route.path} answered ${res.status} after a write`);
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	const round = (n: number) => Math.round(n * 10) / 10;
	return { name: route.name, path: route.path, role: route.role, views, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(times[times.length - 1]) };
}

async function main() {
	if (!existsSync(SOURCE_DB)) run('npx', ['tsx', 'bench/generate.ts', '--out', SOURCE_DB]);
	const meta = createClient({ url: `file:${SOURCE_DB}` });
	const bench = JSON.parse(String((await meta.execute("select value from app_meta where key = 'bench'")).rows[0].value)) as { today: string; largestRound: number; editorPilot: number };
	const largest = Number((await meta.execute({ sql: 'select count(*) n from pilots where round_id = ?', args: [bench.largestRound] })).rows[0].n);
	meta.close();

	// its own output directory, so a running `npm start` of this checkout keeps its build/
	run('npx', ['vite', 'build'], { BUILD_DIR: '.bench-build' });
	for (const suffix of ['', '-wal', '-shm']) rmSync(RUN_DB + suffix, { force: true });
	copyFileSync(SOURCE_DB, RUN_DB);
	mkdirSync('bench/run-data', { recursive: true });

	const server = spawn(process.execPath, ['.bench-build'], {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(PORT),
			ORIGIN: BASE,
			DATABASE_URL: `file:${RUN_DB}`,
			DATA_DIR: 'bench/run-data',
			SHIDIANTONG_TODAY: bench.today,
			NODE_ENV: 'production'
		}
	});
	try {
		const startedAt = Date.now();
		await waitForHealth(server);
		const startSeconds = (Date.now() - startedAt) / 1000;
		const cookies = { staff: await login('bench-staff'), leader: await login('bench-leader'), editor: await login('bench-editor') };
		let n = 0;
		const activity = () =>
			new URLSearchParams({ title: `压测活动${++n}`, date: bench.today, kind: 'science_lecture', field: 'science_education', volunteers: '10', experts: '1', served: '120', serviceHours: '30' }).toString();
		const routes: Route[] = [
			{ name: 'baseline /health', path: '/health', role: null, connections: 8 },
			{ name: 'dashboard (largest province)', path: `/province?round=${bench.largestRound}`, role: 'staff', connections: 8, page: true },
			{ name: 'pilot page', path: `/pilots/${bench.editorPilot}`, role: 'editor', connections: 8, page: true },
			{ name: 'summary page', path: `/summary?round=${bench.largestRound}`, role: 'leader', connections: 8, page: true },
			{ name: 'export pilots.xlsx', path: `/province/pilots.xlsx?round=${bench.largestRound}`, role: 'staff', connections: 4 },
			{ name: 'activity save', path: `/pilots/${bench.editorPilot}/activities?/save`, role: 'editor', connections: 4, method: 'POST', body: activity }
		];
		// first, before the saves below add thousands of activities to the editor's pilot
		const cpu = [];
		for (const r of routes.filter((x) => x.method !== 'POST' && (x.page || !x.role))) cpu.push(await cpuPerView(r, r.role ? cookies[r.role] : null, server.pid!));
		// Each route is warmed up just before it is measured, so the figures are for a
		// long-running server whose code the JIT has compiled, not for its first calls.
		const results = [];
		for (const r of routes) results.push(await medianOf(r, r.role ? cookies[r.role] : null));
		const mixed = await mixedLoad(routes.filter((r) => r.page), cookies, routes.find((r) => r.method === 'POST')!);
		const saveOnce = async () => {
			const res = await fetch(`${BASE}/pilots/${bench.editorPilot}/activities?/save`, {
				method: 'POST',
				headers: { origin: BASE, cookie: cookies.editor, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true', accept: 'application/json' },
				body: activity()
			});
			if (!res.ok) throw new Error(`save answered ${res.status}`);
			await res.arrayBuffer();
		};
		const afterWrite = [];
		for (const r of routes.filter((x) => x.page)) afterWrite.push(await firstViewsAfterWrite(r, cookies[r.role!], saveOnce));
		const memory = memoryOf(server.pid!);
		const pages = [];
		for (const r of routes.filter((x) => x.page)) pages.push({ name: r.name, path: r.path, ...(await assetsOf(r.path, cookies[r.role!])) });

		const baseline = results[0].rps;
		const rows = results.map((r) => ({ ...r, ratio: Math.round((r.rps / baseline) * 100) / 100 }));
		const byName = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))!;
		const pageChecks = ['dashboard', 'pilot', 'summary'].flatMap((name) => [
			{ target: `${name} ≥ ${TARGETS.pageRatio}× baseline (fresh)`, value: byName(name).ratio, ok: byName(name).ratio >= TARGETS.pageRatio },
			{ target: `${name} p95 ≤ ${TARGETS.pageP95} ms at c8 (fresh)`, value: byName(name).p95, ok: byName(name).p95 <= TARGETS.pageP95 }
		]);
		const checks = [
			...pageChecks,
			{ target: `readers p95 ≤ ${TARGETS.mixedReaderP95} ms under 20 saves/s`, value: mixed.readerP95, ok: mixed.readerP95 <= TARGETS.mixedReaderP95 },
			{ target: `activity save p95 ≤ ${TARGETS.saveP95} ms at c4`, value: byName('activity').p95, ok: byName('activity').p95 <= TARGETS.saveP95 },
			{ target: `peak RSS ≤ ${TARGETS.rssMb} MB`, value: memory.peakRssMb, ok: memory.peakRssMb <= TARGETS.rssMb },
			{ target: `page JS ≤ ${TARGETS.pageJsKb} KB gz`, value: Math.max(...pages.map((p) => p.jsKb)), ok: pages.every((p) => p.jsKb <= TARGETS.pageJsKb) },
			{ target: 'no failed requests', value: rows.reduce((s, r) => s + r.errors, 0) + mixed.errors, ok: rows.every((r) => r.errors === 0) && mixed.errors === 0 }
		];

		console.log(`\n试点通 benchmark · ${bench.today} · largest province ${largest} pilots · server ready in ${startSeconds.toFixed(1)} s\n`);
		console.table(rows.map((r) => ({ route: r.name, role: r.role ?? '—', conc: r.connections, requests: r.requests, 'p50 ms': r.p50, 'p95 ms': r.p95, 'p99 ms': r.p99, 'req/s': r.rps, 'runs req/s': r.runs.join(' / '), '× baseline': r.ratio, errors: r.errors })));
		const cpuBase = cpu[0].ms;
		console.log('server CPU per view, one request at a time (least of three 2 s rounds):');
		console.table(cpu.map((c) => ({ route: c.name, 'CPU ms': c.ms, rounds: c.rounds.join(' / '), '× baseline': Math.round((c.ms / cpuBase) * 10) / 10 })));
		console.log(`mixed load: readers p50 ${mixed.readerP50} ms, p95 ${mixed.readerP95} ms over ${mixed.readers} views while ${mixed.savesPerSecond} saves/s went in`);
		console.log('first view after a write (stale tallies recounted, page rendered afresh), sequential:');
		console.table(afterWrite.map((a) => ({ page: a.name, role: a.role, views: a.views, 'p50 ms': a.p50, 'p95 ms': a.p95, 'max ms': a.max })));
		console.table(pages.map((p) => ({ page: p.name, 'JS KB gz': p.jsKb, 'CSS KB gz': p.cssKb, files: p.files })));
		console.log(`server RSS ${memory.rssMb} MB (peak ${memory.peakRssMb} MB)`);
		console.table(checks.map((c) => ({ target: c.target, value: c.value, met: c.ok ? 'yes' : 'NO' })));

		mkdirSync('bench', { recursive: true });
		writeFileSync(
			'bench/results.json',
			JSON.stringify({ at: new Date().toISOString(), today: bench.today, node: process.version, cpus: (await import('node:os')).cpus().length, largestProvincePilots: largest, serverReadySeconds: startSeconds, seconds: SECONDS, runs: RUNS, routes: rows, cpuPerView: cpu, mixed, afterWrite, pages, memory, checks }, null, '\t') + '\n'
		);
		if (!checks.every((c) => c.ok)) process.exitCode = 1;
	} finally {
		server.kill('SIGTERM');
	}
}

await main();
