/**
 * Logging in and out. One answer for every failure ("用户名或密码错误"), a dummy hash check when
 * the account does not exist so timing does not tell either, a fresh session at every login,
 * and an audit row for every attempt. Each attempt is counted by the throttle before its
 * password is checked (throttle.ts); a browser with a device cookie for the account is counted
 * on its own (device.ts), so others' failures cannot lock its owner out.
 */
import { eq } from 'drizzle-orm';
import { db } from '../db';
import { sessions, users } from '../db/schema';
import { write, type Actor } from '../audit';
import { verifyAgainstDummy, verifyPassword } from './password';
import { issueSession, type SessionInfo, type SessionUser } from './session';
import { accountKey, addressKey, deviceKey, recordSuccess, reserveAttempt } from './throttle';
import { deviceCookieFor, readDeviceCookie } from './device';

export type LoginResult =
	| {
			ok: true;
			token: string;
			session: SessionInfo;
			/** the device cookie to set: this browser is now a known device for the account */
			deviceCookie: string;
			user: Pick<SessionUser, 'id' | 'role' | 'pilotId' | 'unitId' | 'mustChangePassword'>;
	  }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; wait: number };

export function normalizeUsername(username: string): string {
	return username.trim().toLowerCase();
}

export async function attemptLogin(input: {
	username: string;
	password: string;
	ip: string | null;
	userAgent: string | null;
	/** the browser's device cookie, if it sent one */
	deviceCookie?: string | null;
}): Promise<LoginResult> {
	const username = normalizeUsername(input.username);
	const device = await readDeviceCookie(input.deviceCookie);
	const knownDevice = device !== null && device.username === username;
	const keys = knownDevice ? [deviceKey(device.id)] : [accountKey(username), addressKey(input.ip)];
	const anonymous: Actor = { userId: null, username: username.slice(0, 64), role: null, ip: input.ip };

	// counted before argon2, atomically: concurrent guesses cannot all slip in under the limit
	const wait = await reserveAttempt(keys);
	if (wait > 0) {
		await write(anonymous, async (_tx, record) => {
			await record({ action: 'auth.login_throttled', entityType: 'user', after: { wait, knownDevice } });
		});
		return { ok: false, reason: 'throttled', wait };
	}

	const [user] = await db.select().from(users).where(eq(users.username, username));
	const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);

	if (!user || !passwordOk || user.disabled) {
		await write(anonymous, async (_tx, record) => {
			await record({
				action: 'auth.login_failed',
				entityType: 'user',
				entityId: user?.id ?? null,
				after: { reason: !user ? 'unknown_user' : user.disabled && passwordOk ? 'disabled' : 'wrong_password', knownDevice }
			});
		});
		return { ok: false, reason: 'invalid' };
	}

	const actor: Actor = { userId: user.id, username: user.username, role: user.role, ip: input.ip };
	const deviceCookie = await deviceCookieFor(username, knownDevice ? device.id : undefined);
	const issued = await write(actor, async (tx, record) => {
		await recordSuccess(tx, keys);
		const result = await issueSession(tx, user.id, { ip: input.ip, userAgent: input.userAgent });
		await record({ action: 'auth.login', entityType: 'user', entityId: user.id, pilotId: user.pilotId });
		return result;
	});
	return {
		ok: true,
		...issued,
		deviceCookie,
		user: { id: user.id, role: user.role, pilotId: user.pilotId, unitId: user.unitId, mustChangePassword: user.mustChangePassword }
	};
}

export async function logout(actor: Actor, sessionId: string): Promise<void> {
	await write(actor, async (tx, record) => {
		await tx.delete(sessions).where(eq(sessions.id, sessionId));
		await record({ action: 'auth.logout', entityType: 'user', entityId: actor.userId });
	});
}
