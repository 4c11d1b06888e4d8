import { error, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { ensureDatabaseReady } from '$lib/server/db';
import { ensureAppSecrets } from '$lib/server/app-secret';
import { deleteExpiredSessions, deleteSessionCookie, sessionCookieName, validateSessionToken } from '$lib/server/auth/session';
import { takeSnapshots } from '$lib/server/snapshots';
import * as stagedUploads from '$lib/server/staged-uploads';
import { purgeExpired } from '$lib/server/recycle-bin';
import * as orgBin from '$lib/server/organisation/bin';
import { forgetOldFormTokens } from '$lib/server/audit';
import { forgetOldStagedFiles } from '$lib/server/form-actions';
import { FILE_MAX_BYTES, UPLOAD_MAX_BYTES } from '$lib/server/files';
import { sizeText } from '$lib/forms';
import { dev } from '$app/environment';

/**
 * Migrations run before the first request is served. Hourly: expired sessions go, today's snapshots
 * are taken, recycle-bin entries past their 30 days are purged, abandoned staged imports go, and form
 * tokens and kept files older than a day are forgotten.
 */
export const init: ServerInit = async () => {
	await ensureDatabaseReady();
	await ensureAppSecrets();
	if (!dev && UPLOAD_MAX_BYTES < FILE_MAX_BYTES) {
		console.warn(`BODY_SIZE_LIMIT ${process.env.BODY_SIZE_LIMIT ?? '(unset: 512K)'} is below FILE_MAX_BYTES (${sizeText(FILE_MAX_BYTES)}): files over ${sizeText(UPLOAD_MAX_BYTES)} cannot be uploaded. Start with \`npm start\` or set BODY_SIZE_LIMIT=11M.`);
	}
	const hourly = async () => {
		await deleteExpiredSessions();
		await takeSnapshots();
		await purgeExpired();
		await orgBin.purgeExpired();
		await forgetOldFormTokens();
		await forgetOldStagedFiles();
		// an unreachable bucket must not keep the server from starting: the next hour tries again
		await stagedUploads.sweep().catch((e) => console.error('sweeping staged imports failed', e));
	};
	await hourly();
	setInterval(() => hourly().catch((e) => console.error('hourly upkeep failed', e)), 3_600_000).unref();
};

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * SvelteKit's own CSRF check covers form posts only; every other state-changing request must
 * come from our own origin too (a cross-site JSON post would otherwise ride the cookie).
 */
const handleOrigin: Handle = async ({ event, resolve }) => {
	if (UNSAFE_METHODS.has(event.request.method)) {
		const origin = event.request.headers.get('origin');
		if (origin !== event.url.origin) error(403, '跨站请求已被拒绝');
		// SvelteKit answers 500 to a named "?/default"; it is simply a bad request.
		if (event.url.searchParams.has('/default')) error(400, '请求有误');
	}
	return resolve(event);
};

const FORM_TYPES = new Set(['multipart/form-data', 'application/x-www-form-urlencoded']);

/**
 * More fields than any form of ours sends (the largest, a call's 入选名单, has one per nomination).
 * Counted in the raw body before it is parsed: 2.5 million fields took the parser 1.5 s, and
 * nothing a single request sends may stall the server for everybody else.
 */
const MAX_FORM_FIELDS = 5_000;

function occurrences(haystack: Buffer, needle: Buffer, atMost: number): number {
	let n = 0;
	for (let at = haystack.indexOf(needle); at !== -1 && n <= atMost; at = haystack.indexOf(needle, at + needle.length)) n++;
	return n;
}

async function boundedFormData(request: Request, type: string): Promise<FormData> {
	const bytes = Buffer.from(await request.arrayBuffer());
	const tooMany = () => error(400, `提交的表单字段过多（超过 ${MAX_FORM_FIELDS} 项），请通过页面上的表单提交`);
	if (type === 'application/x-www-form-urlencoded') {
		if (occurrences(bytes, Buffer.from('&'), MAX_FORM_FIELDS) >= MAX_FORM_FIELDS) tooMany();
		const form = new FormData();
		for (const [key, value] of new URLSearchParams(bytes.toString('utf8'))) form.append(key, value);
		return form;
	}
	const boundary = boundaryOf(request.headers.get('content-type') ?? '');
	if (!boundary) error(400, '提交的表单内容无法解析，请刷新页面后重试');
	// every part starts with the delimiter, and the body ends with one more
	if (occurrences(bytes, Buffer.from(`--${boundary}`), MAX_FORM_FIELDS + 1) > MAX_FORM_FIELDS + 1) tooMany();
	// the parser is handed the boundary that was counted, never its own reading of the header
	return new Response(bytes, { headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` } }).formData();
}

/** RFC 2046's boundary characters: no quote, backslash or semicolon, so nothing to unescape. */
const BOUNDARY = /^(?:"([0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?])"|([0-9A-Za-z'()+_,\-./:=?]{1,70}))$/;

/**
 * The one boundary of a multipart content type, or null. A second `boundary` parameter, one hidden
 * inside another parameter's name (`xboundary=`) or an escaped quoted value would let the count
 * above and the parser read different boundaries, and the count would guard nothing.
 */
function boundaryOf(contentType: string): string | null {
	const params = contentType.split(';').slice(1).map((p) => p.trim());
	const found = params.filter((p) => p.slice(0, 9).toLowerCase() === 'boundary=');
	if (found.length !== 1) return null;
	const m = BOUNDARY.exec(found[0].slice(9));
	return m ? (m[1] ?? m[2]) : null;
}

/**
 * A body the forms never send is a bad request, not a server error: SvelteKit lets text/plain
 * and a broken multipart body through to the action, where `request.formData()` throws (500).
 * Parsing stays lazy, so each action's guard still answers before its body is read.
 */
const handleFormBody: Handle = async ({ event, resolve }) => {
	if (UNSAFE_METHODS.has(event.request.method)) {
		const type = (event.request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
		if (type === 'text/plain') error(415, '提交格式不受支持，请通过页面上的表单提交');
		if (FORM_TYPES.has(type)) {
			const request = event.request;
			request.formData = () =>
				boundedFormData(request, type).catch((e: unknown) => {
					const status = (e as { status?: number })?.status;
					if (status === 413 || status === 400) throw e;
					error(400, '提交的表单内容无法解析，请刷新页面后重试');
				});
		}
		const response = await resolve(event);
		// A guard that refuses before the body is read would otherwise close the connection while the
		// browser is still sending it: the user sees a network error instead of the 403/404 page.
		if (event.request.body && !event.request.bodyUsed) await event.request.arrayBuffer().catch(() => undefined);
		return response;
	}
	return resolve(event);
};

/** Pages a user who must choose a new password may still reach. */
const ALLOWED_BEFORE_NEW_PASSWORD = ['/account', '/logout', '/health'];

/**
 * How many cookies of this name the request carries. Browsers send two when another site on the
 * same registrable domain planted one with a narrower path ("cookie tossing"); which one the
 * parser picks is then the attacker's choice, so such a request is treated as signed out.
 */
function cookieCount(header: string | null, name: string): number {
	if (!header) return 0;
	return header.split(';').filter((part) => part.split('=')[0].trim() === name).length;
}

const handleAuth: Handle = async ({ event, resolve }) => {
	const name = sessionCookieName(event.url);
	const ambiguous = cookieCount(event.request.headers.get('cookie'), name) > 1;
	const token = ambiguous ? undefined : event.cookies.get(name);
	event.locals.user = null;
	event.locals.session = null;
	if (ambiguous) deleteSessionCookie(event.cookies, event.url);
	// an empty or malformed value is validated too, so it is cleared like any dead session
	if (token !== undefined) {
		const { session, user } = await validateSessionToken(token);
		if (session) {
			event.locals.user = user;
			event.locals.session = session;
		} else {
			deleteSessionCookie(event.cookies, event.url);
		}
	}
	const user = event.locals.user;
	if (user?.mustChangePassword && !ALLOWED_BEFORE_NEW_PASSWORD.some((p) => event.url.pathname.startsWith(p))) {
		redirect(303, '/account');
	}
	const response = await resolve(event);
	// Pages carry personal data and figures: never cache them in shared or browser caches.
	if (user) response.headers.set('cache-control', 'no-store');
	return response;
};

const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	// a locked or full database (see storageFailure): tell clients when to try again
	if (response.status === 503 && !response.headers.has('retry-after')) response.headers.set('retry-after', '5');
	if (event.url.protocol === 'https:') {
		response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	}
	return response;
};

/** Requests slower than this are logged, so an operator sees where time goes (and load tests can tell server from client). */
const SLOW_REQUEST_MS = 1000;

const handleTiming: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const response = await resolve(event);
	const ms = performance.now() - started;
	if (ms > SLOW_REQUEST_MS) console.warn(`[slow request] ${event.request.method} ${event.url.pathname} ${response.status} ${Math.round(ms)} ms`);
	return response;
};

export const handle = sequence(handleTiming, handleHeaders, handleOrigin, handleAuth, handleFormBody);

/** Unexpected errors: full detail in the server log under an id, only the id for the user. */
export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	const errorId = crypto.randomUUID().slice(0, 8);
	if (status !== 404) console.error(`[${errorId}] ${event.request.method} ${event.url.pathname}`, err);
	const known: Record<number, string> = {
		404: '页面不存在',
		405: '请求方式不受支持',
		// without scripts the browser's 后退 brings the form back as it was typed
		413: `上传内容过大：每次提交的文件不能超过 ${sizeText(UPLOAD_MAX_BYTES)}。请用浏览器的“后退”回到表单，换一个较小的文件再提交。`,
		415: '提交格式不受支持，请通过页面上的表单提交'
	};
	return { message: known[status] ?? (status >= 500 ? '系统出错了' : message), errorId };
};
