import { error, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { ensureDatabaseReady } from '$lib/server/db';
import { deleteExpiredSessions, deleteSessionCookie, sessionCookieName, validateSessionToken } from '$lib/server/auth/session';
import { takeSnapshots } from '$lib/server/snapshots';

/** Migrations run before the first request is served; hourly, expired sessions go and today's snapshots are taken. */
export const init: ServerInit = async () => {
	await ensureDatabaseReady();
	const hourly = async () => {
		await deleteExpiredSessions();
		await takeSnapshots();
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

/** Pages a user who must choose a new password may still reach. */
const ALLOWED_BEFORE_NEW_PASSWORD = ['/account', '/logout', '/health'];

const handleAuth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessionCookieName(event.url));
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
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

export const handle = sequence(handleHeaders, handleOrigin, handleAuth);

/** Unexpected errors: full detail in the server log under an id, only the id for the user. */
export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	const errorId = crypto.randomUUID().slice(0, 8);
	if (status !== 404) console.error(`[${errorId}] ${event.request.method} ${event.url.pathname}`, err);
	return { message: status === 404 ? '页面不存在' : message === 'Internal Error' ? '系统出错了' : message, errorId };
};
