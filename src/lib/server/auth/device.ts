/**
 * Device cookies (OWASP's "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * has signed in to an account gets a cookie naming that account, signed with HMAC-SHA256. Sign-ins
 * from such a browser are throttled only by that device's own failures, so failures from anywhere
 * else (an attacker guessing, or locking the account out on purpose) do not stop its owner.
 *
 * The key comes from DEVICE_COOKIE_SECRET, or else is generated once and kept in the database
 * (app_meta, through app-secret.ts), so every instance sharing the database accepts the same cookies and no key is in the
 * code. Deleting that row (or changing the secret) makes every browser an unknown device again.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { APP_SECRETS, appSecret, forgetAppSecret } from '../app-secret';

const META_KEY = APP_SECRETS.device.metaKey;
/** How long a browser stays a known device without signing in again. */
export const DEVICE_COOKIE_DAYS = 365;

const key = () => appSecret(META_KEY, APP_SECRETS.device.envName);

/** For tests: forget the cached key (after the database or the secret changed). */
export function forgetDeviceKey(): void {
	forgetAppSecret(META_KEY);
}

const mac = (k: Buffer, payload: string) => createHmac('sha256', k).update(payload).digest('base64url');

export interface Device {
	id: string;
	username: string;
}

/** A new cookie value for this account (a new device id), or a renewed one for a known device. */
export async function deviceCookieFor(username: string, id: string = randomBytes(16).toString('hex')): Promise<string> {
	const payload = `v1.${Buffer.from(username, 'utf8').toString('base64url')}.${id}`;
	return `${payload}.${mac(await key(), payload)}`;
}

/** The device a cookie names, or null when it is missing, malformed or not signed by our key. */
export async function readDeviceCookie(value: string | undefined | null): Promise<Device | null> {
	if (!value || value.length > 300) return null;
	const m = /^(v1\.([A-Za-z0-9_-]{1,120})\.([0-9a-f]{32}))\.([A-Za-z0-9_-]{43})$/.exec(value);
	if (!m) return null;
	const expected = Buffer.from(mac(await key(), m[1]));
	const given = Buffer.from(m[4]);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
	return { id: m[3], username: Buffer.from(m[2], 'base64url').toString('utf8') };
}

export function deviceCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Host-device' : 'device';
}

export function setDeviceCookie(cookies: Cookies, url: URL, value: string): void {
	cookies.set(deviceCookieName(url), value, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: DEVICE_COOKIE_DAYS * 86_400
	});
}
