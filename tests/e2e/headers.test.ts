/**
 * Response headers and limits on the production build (RELSEC B5, D5, H1, items 15, 23, 28):
 * the Content-Security-Policy of every page (nonce mode: a fresh nonce per response on the start-up script),
 * no CSP violation in Chromium on the pages with charts while the charts still draw, evidence
 * files served inert, BODY_SIZE_LIMIT enforced with nothing stored, and error pages that give
 * away no stack, SQL or path.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fingerprint, scalar, signIn } from '../support/http';
import { launchBrowser, login, VIEWPORTS } from '../support/browser';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
/** tests/support/server.ts keeps the database in DATA_DIR itself. */
const dataDir = dirname(databaseUrl.slice('file:'.length));

let staff = '';
let leader = '';
let editor = '';
let pilotId = 0;

beforeAll(async () => {
	[staff, leader, editor] = await Promise.all([signIn(baseURL, 'staff'), signIn(baseURL, 'leader'), signIn(baseURL, 'editor-410300')]);
	pilotId = await scalar(databaseUrl, "select id from pilots where division_code = '410300'");
});

/** Directive name -> its sources. */
function parseCsp(header: string | null): Map<string, string[]> {
	const map = new Map<string, string[]>();
	for (const part of (header ?? '').split(';')) {
		const [name, ...sources] = part.trim().split(/\s+/);
		if (name) map.set(name, sources);
	}
	return map;
}

/** Each inline script's nonce attribute (null without one). */
const inlineScriptNonces = (html: string) => [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>[\s\S]*?<\/script>/g)].map((m) => /\bnonce="([^"]+)"/.exec(m[1])?.[1] ?? null);

describe('Content-Security-Policy on pages', () => {
	const pages = () => [
		{ path: '/login', cookie: '' },
		{ path: '/summary', cookie: leader },
		{ path: '/province', cookie: staff },
		{ path: `/pilots/${pilotId}`, cookie: editor },
		{ path: '/no-such-page', cookie: staff }
	];

	it('is sent as a header with the required directives and the nonce every inline script carries', async () => {
		for (const { path, cookie } of pages()) {
			const res = await fetch(`${baseURL}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
			expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
			const csp = parseCsp(res.headers.get('content-security-policy'));
			expect(csp.get('default-src'), path).toEqual(["'self'"]);
			expect(csp.get('script-src')?.[0], path).toBe("'self'");
			const nonces = csp.get('script-src')?.slice(1) ?? [];
			expect(nonces.length, path).toBe(1);
			expect(nonces[0], path).toMatch(/^'nonce-[A-Za-z0-9+/=_-]{16,}'$/);
			expect(csp.get('style-src'), path).toEqual(["'self'", "'unsafe-inline'"]);
			expect(csp.get('img-src'), path).toEqual(["'self'", 'data:', 'blob:']);
			expect(csp.get('object-src'), path).toEqual(["'none'"]);
			expect(csp.get('base-uri'), path).toEqual(["'none'"]);
			expect(csp.get('form-action'), path).toEqual(["'self'"]);
			expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
			expect(res.headers.get('content-security-policy'), path).not.toMatch(/sha256-|unsafe-eval/);
			expect(csp.get('script-src'), path).not.toContain("'unsafe-inline'");
			// The rest of the header set stays.
			expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
			expect(res.headers.get('x-frame-options'), path).toBe('DENY');
			const html = await res.text();
			expect(html, path).not.toMatch(/http-equiv="content-security-policy"/i);
			const scripts = inlineScriptNonces(html);
			expect(scripts.length, path).toBeGreaterThan(0);
			for (const nonce of scripts) expect(`'nonce-${nonce}'`, path).toBe(nonces[0]);
		}
	});

	it('gives every response its own nonce, even the same page twice', async () => {
		const nonceOf = async () => parseCsp((await fetch(`${baseURL}/summary`, { headers: { cookie: leader } })).headers.get('content-security-policy')).get('script-src')?.[1];
		const seen = new Set(await Promise.all(Array.from({ length: 5 }, nonceOf)));
		expect(seen.size).toBe(5);
		expect([...seen].every(Boolean)).toBe(true);
	});
});

describe('in Chromium', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	/** Opens a page as a user and collects CSP violations, console errors and uncaught errors. */
	async function visit(username: string, path: (landing: URL) => string) {
		const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
		await context.addInitScript(() => {
			const w = window as unknown as { __csp: string[] };
			w.__csp = [];
			document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
		});
		const page = await context.newPage();
		const problems: string[] = [];
		page.on('console', (m) => {
			if (m.type() === 'error' || /content security policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
		});
		page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
		await login(page, baseURL, username);
		await page.goto(`${baseURL}${path(new URL(page.url()))}`, { waitUntil: 'networkidle' });
		return { context, page, problems };
	}

	const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

	/** Every chart canvas painted (a drawn chart paints well over 1% of its pixels). */
	const drawnCharts = (page: Page) =>
		page.locator('canvas').evaluateAll((canvases) =>
			canvases.map((c) => {
				const canvas = c as HTMLCanvasElement;
				const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
				let painted = 0;
				for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
				return painted / (canvas.width * canvas.height) > 0.01;
			})
		);

	const cases: [username: string, path: (landing: URL) => string, minCharts: number][] = [
		['leader', () => '/summary', 7],
		['staff', () => '/province', 2],
		['editor-410300', (landing) => landing.pathname, 1]
	];
	for (const [username, path, minCharts] of cases) {
		it(`${username}: charts draw with no CSP violation on ${username === 'editor-410300' ? 'the pilot page' : path(new URL(baseURL))}`, async () => {
			const { context, page, problems } = await visit(username, path);
			try {
				if (username === 'editor-410300') expect(page.url()).toMatch(/\/pilots\/\d+$/);
				await expect.poll(() => drawnCharts(page), { timeout: 10_000 }).toSatisfy((d: boolean[]) => d.length >= minCharts && d.every(Boolean));
				// Hydrated: client-side navigation works (a link followed without a full reload keeps window state).
				await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
				await page.locator('a.brand').click();
				await page.waitForLoadState('networkidle');
				expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
				expect(await violations(page)).toEqual([]);
				expect(problems).toEqual([]);
			} finally {
				await context.close();
			}
		});
	}
});

describe('evidence files', () => {
	it('are served inert: sandbox CSP (not the page policy), nosniff, a disposition with the name', async () => {
		const fileId = await scalar(databaseUrl, 'select min(id) from files where pilot_id = ?', [pilotId]);
		const res = await fetch(`${baseURL}/pilots/${pilotId}/files/${fileId}`, { headers: { cookie: editor } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-disposition')).toMatch(/^(inline|attachment); filename="file"; filename\*=UTF-8''\S+$/);
		expect(res.headers.get('cache-control')).toMatch(/no-store/);
		await res.arrayBuffer();
	});
});

describe('request body limit (BODY_SIZE_LIMIT=11M)', () => {
	const LIMIT = 11 * 1024 * 1024;

	/** A station form with a "photo" that brings the whole multipart body to exactly `total` bytes. */
	function stationBody(total: number): { body: Uint8Array<ArrayBuffer>; type: string } {
		const boundary = '----shidiantong-limit-test';
		const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
		const head = Buffer.from(
			field('name', '超限测试站点') +
				field('facilityType', 'park') +
				field('venue', 'on') +
				`--${boundary}\r\nContent-Disposition: form-data; name="venuePhoto"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`
		);
		const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
		const body = new Uint8Array(total);
		body.set(head, 0);
		body.set([0xff, 0xd8, 0xff, 0xe0], head.length);
		body.set(tail, total - tail.length);
		return { body, type: `multipart/form-data; boundary=${boundary}` };
	}

	const storedFiles = () => {
		const root = join(dataDir, 'files');
		return readdirSync(root, { recursive: true, withFileTypes: true })
			.filter((e) => e.isFile())
			.map((e) => join(e.parentPath, e.name))
			.sort();
	};

	const post = (body: BodyInit, type: string, extra: RequestInit = {}) =>
		fetch(`${baseURL}/pilots/${pilotId}/stations?/save`, {
			method: 'POST',
			headers: { origin: baseURL, cookie: editor, accept: 'text/html', 'content-type': type },
			body,
			redirect: 'manual',
			...extra
		});

	it('answers 413 one byte above the limit and stores nothing; at the limit the app refuses the file itself', async () => {
		const before = await fingerprint(databaseUrl);
		const filesBefore = storedFiles();

		const over = stationBody(LIMIT + 1);
		const res = await post(over.body, over.type);
		expect(res.status).toBe(413);
		expect(await res.text()).not.toMatch(/SQLITE|node_modules|\n\s+at /);

		// Exactly at the limit the body is read; the 10 MB file limit refuses it with a message.
		const at = stationBody(LIMIT);
		const ok = await post(at.body, at.type);
		expect(ok.status).toBe(400);
		expect(await ok.text()).toContain('文件不能超过 10 MB');

		expect(await fingerprint(databaseUrl)).toBe(before);
		expect(storedFiles()).toEqual(filesBefore);
	});

	it('answers 413 to a streamed body without Content-Length once it passes the limit', async () => {
		const before = await fingerprint(databaseUrl);
		const filesBefore = storedFiles();
		const { body, type } = stationBody(LIMIT + 64 * 1024);
		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				for (let i = 0; i < body.length; i += 1 << 20) controller.enqueue(body.subarray(i, i + (1 << 20)));
				controller.close();
			}
		});
		const res = await post(stream, type, { duplex: 'half' } as RequestInit);
		expect(res.status).toBe(413);
		expect(await res.text()).not.toMatch(/SQLITE|node_modules|\n\s+at /);
		expect(await fingerprint(databaseUrl)).toBe(before);
		expect(storedFiles()).toEqual(filesBefore);
	});
});

describe('error responses give nothing away', () => {
	/** No stack frame, SQL engine name, file path or source location in a body. */
	function expectClean(body: string, label: string) {
		expect(body, label).not.toMatch(/\bat [\w$.<>]+ \(|\n\s+at |SQLITE|sqlite_|node_modules|\/work\/|\/tmp\/|\.ts:\d+|\.js:\d+:\d+|Error: /);
		expect(body, label).not.toContain(process.cwd());
		expect(body, label).not.toContain(dataDir);
	}

	it('404: a page that does not exist, for anonymous and signed-in callers, as HTML and JSON', async () => {
		for (const cookie of ['', staff]) {
			const page = await fetch(`${baseURL}/pilots/999999`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
			const missing = await fetch(`${baseURL}/no/such/page`, { headers: { cookie, accept: 'text/html' } });
			expect(missing.status).toBe(404);
			expectClean(await missing.text(), '404 page');
			expectClean(await page.text(), '/pilots/999999');
		}
		const json = await fetch(`${baseURL}/api/v1/pilots/999999`, { headers: { cookie: staff } });
		expect(json.status).toBe(404);
		expectClean(await json.text(), '404 json');
	});

	it('400: a named default action and a malformed path', async () => {
		const res = await fetch(`${baseURL}/login?/default`, {
			method: 'POST',
			headers: { origin: baseURL, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: 'username=x&password=y'
		});
		expect(res.status).toBe(400);
		expectClean(await res.text(), '?/default');
		const malformed = await fetch(`${baseURL}/pilots/%E0%A4%A`, { headers: { cookie: staff, accept: 'text/html' } });
		expect(malformed.status).toBeGreaterThanOrEqual(400);
		expect(malformed.status).toBeLessThan(500);
		expectClean(await malformed.text(), 'malformed path');
	});

	it('a post in a format no form of the app sends (text/plain) gets 415 on the app’s own error page', async () => {
		const res = await fetch(`${baseURL}/pilots/${pilotId}/activities?/save`, {
			method: 'POST',
			headers: { origin: baseURL, cookie: editor, accept: 'text/html', 'content-type': 'text/plain' },
			body: 'title=x'
		});
		expect(res.status).toBe(415);
		const page = await res.text();
		expect(page).toContain('<title>415 · 试点通</title>');
		expect(page).toContain('提交格式不受支持，请通过页面上的表单提交');
		expect(page).toContain('返回首页');
		expectClean(page, '415 page');
	});

	it('a form post of more fields than any form sends is refused before it is parsed, signed out too, and the server answers others', async () => {
		// 200,000 names, each its own: the per-name lookup of the old parsing kept the server busy for minutes
		const many = Array.from({ length: 200_000 }, (_, i) => `k${i}=1`).join('&');
		const urlencoded = fetch(`${baseURL}/login`, {
			method: 'POST',
			headers: { origin: baseURL, accept: 'application/json', 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
			body: `username=x&password=y&${many}`
		});
		const boundary = 'many-parts';
		const parts = Array.from({ length: 6_000 }, (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="p${i}"\r\n\r\n1\r\n`).join('');
		const multipart = fetch(`${baseURL}/pilots/${pilotId}/stations?/save`, {
			method: 'POST',
			headers: { origin: baseURL, cookie: editor, accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}` },
			body: `${parts}--${boundary}--\r\n`
		});
		const [a, b] = await Promise.all([urlencoded, multipart]);
		expect(a.status).toBe(400);
		expect(((await a.json()) as { error: { message: string } }).error.message).toBe('提交的表单字段过多（超过 5000 项），请通过页面上的表单提交');
		expect(b.status).toBe(400);
		expect(await b.text()).toContain('提交的表单字段过多');
		expect((await fetch(`${baseURL}/health`)).status).toBe(200);
		// a content type whose boundary the count and the parser could read differently: counted as the parser reads it, or refused
		const crafted = (type: string, delimiter: string) =>
			fetch(`${baseURL}/login`, {
				method: 'POST',
				headers: { origin: baseURL, accept: 'text/html', 'content-type': type },
				body: Array.from({ length: 6_000 }, (_, i) => `--${delimiter}\r\nContent-Disposition: form-data; name="p${i}"\r\n\r\n1\r\n`).join('') + `--${delimiter}--\r\n`
			});
		const hidden = await crafted('multipart/form-data; xboundary=zzz; boundary=r', 'r');
		expect(hidden.status).toBe(400);
		expect(await hidden.text()).toContain('提交的表单字段过多');
		for (const type of ['multipart/form-data; boundary="r\\x"', 'multipart/form-data; boundary=zzz; boundary=r', 'multipart/form-data; boundary="r"; Boundary=zzz']) {
			const res = await crafted(type, 'r');
			expect({ type, status: res.status }).toEqual({ type, status: 400 });
			expect(await res.text()).toContain('提交的表单内容无法解析');
		}
		// a form as the pages send it still goes through the same parsing
		const signIn = await fetch(`${baseURL}/login`, {
			method: 'POST',
			headers: { origin: baseURL, accept: 'application/json', 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ username: 'no-such-user', password: 'wrong-password' }).toString()
		});
		expect(((await signIn.json()) as { type: string }).type).toBe('failure');
	});

	it('a form post whose multipart body cannot be parsed is a 400 with a Chinese message, not a 500', async () => {
		const send = (accept: string, extra: Record<string, string> = {}) =>
			fetch(`${baseURL}/pilots/${pilotId}/stations?/save`, {
				method: 'POST',
				headers: { origin: baseURL, cookie: editor, accept, 'content-type': 'multipart/form-data; boundary=nothing-like-this', ...extra },
				body: '--other\r\nContent-Disposition: form-data; name="x"\r\n\r\nbroken'
			});
		const html = await send('text/html');
		expect(html.status).toBe(400);
		const page = await html.text();
		expect(page).toContain('提交的表单内容无法解析');
		expectClean(page, '400 page');
		// The same through the enhanced form (JSON): the message and nothing else.
		const json = await send('application/json', { 'x-sveltekit-action': 'true' });
		expect(json.status).toBe(400);
		const data = (await json.json()) as { type: string; error: Record<string, unknown> };
		expect(data.type).toBe('error');
		expect(data.error).toEqual({ message: '提交的表单内容无法解析，请刷新页面后重试' });
		expectClean(JSON.stringify(data), '400 json');
	});
});

// handleError, the hook every unexpected error passes through, called directly.
vi.mock('$lib/server/db', () => ({ ensureDatabaseReady: async () => {} }));
vi.mock('$lib/server/auth/session', () => ({}));
vi.mock('$lib/server/snapshots', () => ({}));

describe('handleError', () => {
	it('returns only a generic message and an id, and logs the detail under that id', async () => {
		const { handleError } = await import('../../src/hooks.server');
		const logged: unknown[][] = [];
		const spy = vi.spyOn(console, 'error').mockImplementation((...args) => void logged.push(args));
		try {
			const err = new Error('SQLITE_ERROR: no such table: pilots');
			err.stack = `${err.message}\n    at select (/work/app/node_modules/@libsql/client/lib-esm/sqlite3.js:556:15)`;
			const event = { request: new Request('http://127.0.0.1/province'), url: new URL('http://127.0.0.1/province') };
			const out = (await handleError({ error: err, event, status: 500, message: 'Internal Error' } as unknown as Parameters<typeof handleError>[0])) as {
				message: string;
				errorId: string;
			};
			expect(Object.keys(out).sort()).toEqual(['errorId', 'message']);
			expect(out.message).toBe('系统出错了');
			expect(out.errorId).toMatch(/^[0-9a-f]{8}$/);
			expect(JSON.stringify(out)).not.toMatch(/SQLITE|at select|\/work\//);
			expect(logged).toHaveLength(1);
			expect(String(logged[0][0])).toContain(`[${out.errorId}] GET /province`);
			expect(logged[0][1]).toBe(err);

			const notFound = await handleError({ error: new Error('Not found: /x'), event, status: 404, message: 'Not Found' } as unknown as Parameters<typeof handleError>[0]);
			expect(notFound).toMatchObject({ message: '页面不存在' });
			expect(logged).toHaveLength(1); // 404s are not logged as errors
		} finally {
			spy.mockRestore();
		}
	});
});
