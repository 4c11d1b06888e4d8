import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { count, eq, desc } from 'drizzle-orm';
import { db, client } from '$lib/server/db';
import { auditLog, loginThrottle, sessions, users } from '$lib/server/db/schema';
import { write, type Actor } from '$lib/server/audit';
import { DEMO_PASSWORD } from '$lib/server/demo-accounts';
import { attemptLogin } from '$lib/server/auth/login';
import { deviceCookieFor, readDeviceCookie } from '$lib/server/auth/device';
import { hashPassword, passwordProblem, verifyPassword } from '$lib/server/auth/password';
import { ABSOLUTE_LIFETIME_MS, IDLE_TIMEOUT_MS, TOUCH_INTERVAL_MS, parseToken, validateSessionToken } from '$lib/server/auth/session';
import { changeOwnPassword, createUser, passwordChangeProblemsOf, resetPassword, setDisabled, updateUser, getUser } from '$lib/server/users';
import { ConflictError, FieldError, FieldErrors } from '$lib/server/errors';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';
import { accountAttemptsWithin } from '../support/payloads';

const TODAY = DEMO_TODAY;
let admin: Actor;

beforeAll(async () => {
	await loadDemoDatabase({ accounts: true });
	const [row] = await db.select().from(users).where(eq(users.username, 'admin'));
	admin = { userId: row.id, username: 'admin', role: 'province_admin', ip: '127.0.0.1' };
});

afterEach(() => {
	vi.useRealTimers();
});

let ipCounter = 0;
/** Each test signs in from its own address so address throttling of one test never leaks into another. */
const freshIp = () => `10.0.0.${++ipCounter}`;

async function signIn(username: string, password = DEMO_PASSWORD, ip = freshIp()) {
	const result = await attemptLogin({ username, password, ip, userAgent: 'vitest' });
	if (!result.ok) throw new Error(`login failed: ${result.reason}`);
	return result;
}

const auditCount = async () => (await db.select({ n: count() }).from(auditLog))[0].n;
const lastAudit = async () => (await db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0];

describe('passwords', () => {
	it('are hashed with argon2id at m=19456, t=2, p=1 and checked exactly as typed', async () => {
		const [row] = await db.select().from(users).where(eq(users.username, 'leader'));
		expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		const h = await hashPassword(' 密码 with spaces ');
		expect(await verifyPassword(h, ' 密码 with spaces ')).toBe(true);
		expect(await verifyPassword(h, '密码 with spaces')).toBe(false);
		expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
	});

	it('follow the policy: 8–128 characters, common ones refused', () => {
		expect(passwordProblem('1234567')).toMatch(/至少 8/);
		expect(passwordProblem('a'.repeat(129))).toMatch(/最多 128/);
		expect(passwordProblem('password123')).toMatch(/常见密码/);
		expect(passwordProblem('Woaini1314')).toMatch(/常见密码/);
		expect(passwordProblem('黄河之水天上来奔流')).toBeNull();
		expect(passwordProblem('x'.repeat(128))).toBeNull();
		expect(passwordProblem('8 chars!')).toBeNull();
	});
});

describe('sessions', () => {
	it('store only the SHA-256 of the secret and validate the token', async () => {
		const { token } = await signIn('leader');
		const parts = parseToken(token)!;
		const [row] = await db.select().from(sessions).where(eq(sessions.id, parts.id));
		expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
		expect(row.secretHash).not.toContain(parts.secret);
		expect((await validateSessionToken(token)).user?.username).toBe('leader');
		// a token with the right id and a wrong secret is refused
		expect((await validateSessionToken(`${parts.id}.${'a'.repeat(39)}`)).user).toBeNull();
	});

	it('refuse malformed tokens without touching the database', async () => {
		for (const bad of ['', 'x', 'a'.repeat(79), `${'A'.repeat(39)}.${'a'.repeat(39)}`, 'a'.repeat(10_000), null, undefined]) {
			expect((await validateSessionToken(bad)).session).toBeNull();
		}
	});

	it('renew their activity stamp at most every few minutes, and end after the idle timeout', async () => {
		const start = Date.now();
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(start);
		const { token, session } = await signIn('staff');
		const stamp = async () => (await db.select().from(sessions).where(eq(sessions.id, session.id)))[0]?.lastVerifiedAt;

		vi.setSystemTime(start + TOUCH_INTERVAL_MS - 1000);
		expect((await validateSessionToken(token)).user?.username).toBe('staff');
		expect(await stamp()).toBe(start); // no write yet

		vi.setSystemTime(start + TOUCH_INTERVAL_MS + 1000);
		await validateSessionToken(token);
		expect(await stamp()).toBe(start + TOUCH_INTERVAL_MS + 1000);

		// idle for the whole timeout after the last renewal: gone, and the row deleted
		vi.setSystemTime(start + TOUCH_INTERVAL_MS + 1000 + IDLE_TIMEOUT_MS);
		expect((await validateSessionToken(token)).session).toBeNull();
		expect(await stamp()).toBeUndefined();
	});

	it('end at the absolute lifetime however active they are', async () => {
		const start = Date.now();
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(start);
		const { token } = await signIn('staff');
		for (let t = start; t < start + ABSOLUTE_LIFETIME_MS - IDLE_TIMEOUT_MS / 2; t += IDLE_TIMEOUT_MS / 2) {
			vi.setSystemTime(t);
			expect((await validateSessionToken(token)).session).not.toBeNull();
		}
		vi.setSystemTime(start + ABSOLUTE_LIFETIME_MS);
		expect((await validateSessionToken(token)).session).toBeNull();
	});

	it('are new at every login', async () => {
		const a = await signIn('leader');
		const b = await signIn('leader');
		expect(a.token).not.toBe(b.token);
	});
});

describe('throttling', () => {
	it('slows down repeated failures on one account, with the wait, and does not say whether it exists', async () => {
		const ip = freshIp();
		const outcomes = [];
		for (let i = 0; i < 5; i++) outcomes.push(await attemptLogin({ username: 'editor-410700', password: 'wrong-password', ip: freshIp(), userAgent: null }));
		expect(outcomes.slice(0, 4).map((o) => o.ok === false && o.reason)).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
		const blocked = outcomes[4];
		expect(blocked.ok === false && blocked.reason).toBe('throttled');
		expect(blocked.ok === false && blocked.reason === 'throttled' && blocked.wait).toBeGreaterThan(0);
		// even the right password waits, from another address too
		const right = await attemptLogin({ username: 'editor-410700', password: DEMO_PASSWORD, ip, userAgent: null });
		expect(right.ok === false && right.reason).toBe('throttled');
		// an account that does not exist is throttled the same way
		const ghosts = [];
		for (let i = 0; i < 5; i++) ghosts.push(await attemptLogin({ username: 'ghost-account', password: 'wrong-password', ip: freshIp(), userAgent: null }));
		expect(ghosts.map((o) => o.ok === false && o.reason)).toEqual(outcomes.map((o) => o.ok === false && o.reason));
	});

	it('slows down one address that tries many accounts', async () => {
		const ip = freshIp();
		const reasons = [];
		for (let i = 0; i < 11; i++) {
			const r = await attemptLogin({ username: `nobody-${i}`, password: 'wrong-password', ip, userAgent: null });
			reasons.push(r.ok ? 'ok' : r.reason);
		}
		expect(reasons.slice(0, 10).every((r) => r === 'invalid')).toBe(true);
		expect(reasons[10]).toBe('throttled');
	});

	it('counts 300 simultaneous guesses before checking any: no more checked than the schedule allows', async () => {
		const failedBefore = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'auth.login_failed'));
		const started = performance.now();
		const burst = await Promise.all(
			Array.from({ length: 300 }, (_, i) => attemptLogin({ username: 'editor-411300', password: `guess-${i}`, ip: `10.9.${i >> 8}.${i & 255}`, userAgent: null }))
		);
		const failedAfter = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'auth.login_failed'));
		const checked = failedAfter[0].n - failedBefore[0].n;
		// the account schedule lets 4 attempts through (the 4th then waits 5 s); the rest never reach argon2
		expect(burst.filter((r) => !r.ok && r.reason === 'invalid').length).toBe(checked);
		expect(checked).toBeLessThanOrEqual(accountAttemptsWithin(performance.now() - started));
		expect(burst.filter((r) => !r.ok && r.reason === 'throttled').length).toBe(300 - checked);
		// the right password, 300 times at once, now gets nowhere either (first making sure the
		// account's wait has 10 s left: on a slow machine the first 5 s may be nearly over)
		const lockLeft = async () => Math.max(0, ...(await db.select().from(loginThrottle).where(eq(loginThrottle.key, 'user:editor-411300'))).map((r) => r.lockedUntil)) - Date.now();
		for (let i = 0; (await lockLeft()) < 10_000 && i < 4; i++) {
			const left = await lockLeft();
			await new Promise((r) => setTimeout(r, Math.max(0, left + 50)));
			await attemptLogin({ username: 'editor-411300', password: `escalate-${i}`, ip: freshIp(), userAgent: null });
		}
		const right = await Promise.all(Array.from({ length: 300 }, (_, i) => attemptLogin({ username: 'editor-411300', password: DEMO_PASSWORD, ip: `10.8.${i >> 8}.${i & 255}`, userAgent: null })));
		expect(right.filter((r) => r.ok)).toEqual([]);
		expect(right.every((r) => !r.ok && r.reason === 'throttled')).toBe(true);
	});

	it('lets the owner in at once from a known device after an attacker’s 1,000 failures; an unknown device still waits', async () => {
		const owner = await signIn('editor-410181');
		expect(await readDeviceCookie(owner.deviceCookie)).toMatchObject({ username: 'editor-410181' });
		// 1,000 failures from elsewhere: the account is locked for every unknown source
		for (let i = 0; i < 1_000; i++) await attemptLogin({ username: 'editor-410181', password: `guess-${i}`, ip: freshIp(), userAgent: null });
		const stranger = await attemptLogin({ username: 'editor-410181', password: DEMO_PASSWORD, ip: freshIp(), userAgent: null });
		expect(stranger.ok === false && stranger.reason).toBe('throttled');
		// the owner's browser, from a new address even, is counted on its own
		const again = await attemptLogin({ username: 'editor-410181', password: DEMO_PASSWORD, ip: freshIp(), userAgent: null, deviceCookie: owner.deviceCookie });
		expect(again.ok).toBe(true);
		// a cookie for another account, a forged one, or a tampered one is an unknown device
		const forged = (await deviceCookieFor('editor-410181')).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
		const otherAccount = (await signIn('leader')).deviceCookie;
		for (const deviceCookie of [forged, otherAccount, 'v1.x.y.z', '']) {
			const r = await attemptLogin({ username: 'editor-410181', password: DEMO_PASSWORD, ip: freshIp(), userAgent: null, deviceCookie });
			expect(r.ok === false && r.reason).toBe('throttled');
		}
		// the known device is throttled by its own failures
		const device = again.ok ? again.deviceCookie : '';
		const own = [];
		for (let i = 0; i < 5; i++) own.push(await attemptLogin({ username: 'editor-410181', password: 'wrong-password', ip: freshIp(), userAgent: null, deviceCookie: device }));
		expect(own.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'throttled']);
	});

	it('audits every attempt, failed or not, without the password', async () => {
		const before = await auditCount();
		await attemptLogin({ username: 'leader', password: 'secret-typo-123', ip: freshIp(), userAgent: null });
		expect(await auditCount()).toBe(before + 1);
		const row = await lastAudit();
		expect(row.action).toBe('auth.login_failed');
		expect(JSON.stringify(row)).not.toContain('secret-typo-123');
	});
});

describe('account management', () => {
	it('creates an account with a one-time password that must be replaced', async () => {
		const before = await auditCount();
		const { id, temporaryPassword } = await createUser(admin, { username: 'zhou-clerk', displayName: '周文书', role: 'province_staff', pilotId: null });
		expect(await auditCount()).toBe(before + 1);
		const entry = await lastAudit();
		expect(entry).toMatchObject({ action: 'user.create', entityType: 'user', entityId: String(id), username: 'admin' });
		expect(entry.after).toMatchObject({ username: 'zhou-clerk', role: 'province_staff', mustChangePassword: true });
		expect(JSON.stringify(entry.after)).not.toContain('argon2');
		const login = await signIn('zhou-clerk', temporaryPassword);
		expect(login.user.mustChangePassword).toBe(true);
		await expect(createUser(admin, { username: 'zhou-clerk', displayName: 'x', role: 'leader', pilotId: null })).rejects.toThrow(FieldError);
	});

	it('ends every session when an account is disabled, and refuses its logins', async () => {
		const { id } = await createUser(admin, { username: 'to-disable', displayName: '待停用', role: 'leader', pilotId: null });
		await resetPassword(admin, id);
		const pw = await resetPassword(admin, id);
		const a = await signIn('to-disable', pw);
		const b = await signIn('to-disable', pw);
		await setDisabled(admin, id, true);
		expect((await validateSessionToken(a.token)).session).toBeNull();
		expect((await validateSessionToken(b.token)).session).toBeNull();
		const again = await attemptLogin({ username: 'to-disable', password: pw, ip: freshIp(), userAgent: null });
		expect(again.ok).toBe(false);
		expect(again.ok === false && again.reason).toBe('invalid');
	});

	it('ends other sessions on a password change and needs the current password', async () => {
		const { id } = await createUser(admin, { username: 'changer', displayName: '改密码', role: 'leader', pilotId: null });
		const pw = await resetPassword(admin, id);
		const other = await signIn('changer', pw);
		const mine = await signIn('changer', pw);
		const actor: Actor = { userId: id, username: 'changer', role: 'leader', ip: '127.0.0.1' };
		await expect(
			changeOwnPassword(actor, { currentPassword: 'wrong-one', newPassword: 'a new long one', sessionId: mine.session.id, userAgent: null })
		).rejects.toThrow('当前密码不正确');
		await expect(
			changeOwnPassword(actor, { currentPassword: pw, newPassword: 'password123', sessionId: mine.session.id, userAgent: null })
		).rejects.toThrow(/常见密码/);
		// a wrong current password and a common new one are named together, each at its field
		const both = await changeOwnPassword(actor, { currentPassword: 'wrong-one', newPassword: 'password123', sessionId: mine.session.id, userAgent: null }).catch((e) => e);
		expect(both).toBeInstanceOf(FieldErrors);
		expect(Object.keys((both as FieldErrors).errors).sort()).toEqual(['currentPassword', 'newPassword']);
		expect(await passwordChangeProblemsOf(id, { currentPassword: 'wrong-one', newPassword: '' })).toEqual({ currentPassword: '当前密码不正确' });
		expect(await passwordChangeProblemsOf(id, { currentPassword: pw, newPassword: '黄河远上白云间一片孤城' })).toEqual({});
		const fresh = await changeOwnPassword(actor, { currentPassword: pw, newPassword: '黄河远上白云间一片孤城', sessionId: mine.session.id, userAgent: null });
		expect((await validateSessionToken(other.token)).session).toBeNull();
		expect((await validateSessionToken(mine.token)).session).toBeNull();
		expect((await validateSessionToken(fresh.token)).user?.mustChangePassword).toBe(false);
		expect((await signIn('changer', '黄河远上白云间一片孤城')).ok).toBe(true);
	});

	it('ends sessions when the role or pilot changes, so the next request sees the new scope', async () => {
		const [editor] = await db.select().from(users).where(eq(users.username, 'editor-411000'));
		const s = await signIn('editor-411000');
		await updateUser(admin, editor.id, { displayName: editor.displayName, role: 'leader', pilotId: null, version: editor.version });
		expect((await validateSessionToken(s.token)).session).toBeNull();
		const s2 = await signIn('editor-411000');
		expect((await validateSessionToken(s2.token)).user?.role).toBe('leader');
		const entry = await lastAudit();
		expect(entry.action).toBe('auth.login');
		const [updateEntry] = await db.select().from(auditLog).where(eq(auditLog.action, 'user.update')).orderBy(desc(auditLog.id)).limit(1);
		expect(updateEntry.before).toMatchObject({ role: 'pilot_editor', pilotId: editor.pilotId });
		expect(updateEntry.after).toMatchObject({ role: 'leader', pilotId: null });
	});

	it('refuses a stale edit instead of overwriting a newer one', async () => {
		const { id } = await createUser(admin, { username: 'versioned', displayName: '版本一', role: 'leader', pilotId: null });
		const v1 = (await getUser(id))!;
		await updateUser(admin, id, { displayName: '版本二', role: 'leader', pilotId: null, version: v1.version });
		await expect(updateUser(admin, id, { displayName: '版本三', role: 'leader', pilotId: null, version: v1.version })).rejects.toBeInstanceOf(ConflictError);
		expect((await getUser(id))!.displayName).toBe('版本二');
	});

	it('keeps the audit log append-only for the app connection', async () => {
		await expect(client.execute("update audit_log set username = 'x'")).rejects.toThrow(/append-only/);
	});
});
