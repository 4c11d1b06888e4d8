/**
 * Passwords: argon2id at OWASP's minimum (m=19 MiB, t=2, p=1), passed explicitly because
 * @node-rs/argon2's defaults are below it. Passwords are taken exactly as typed: no trim,
 * no case change, no truncation.
 */
import { hash, verify } from '@node-rs/argon2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { COMMON_PASSWORDS } from './common-passwords';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../schemas/auth';

export const ARGON2_OPTIONS = {
	// Algorithm.Argon2id; the package exports it as an ambient const enum, unusable here.
	algorithm: 2,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1,
	outputLen: 32
} as const;


export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}

/** A malformed stored hash means "wrong password", never a server error. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
	try {
		return await verify(storedHash, password);
	} catch {
		return false;
	}
}

/** Checked against when the account does not exist, so both answers take as long. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('not-a-real-account-password');
	await verifyPassword(await dummyHash, password);
	return false;
}

/** The Chinese message for a password that may not be used, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN) return `密码至少 ${PASSWORD_MIN} 个字符`;
	if (length > PASSWORD_MAX) return `密码最多 ${PASSWORD_MAX} 个字符`;
	if (COMMON_PASSWORDS.has(password.toLowerCase())) return '这是常见密码，容易被猜到，请换一个';
	if (username && password.toLowerCase().includes(username.toLowerCase()) && username.length >= 4) {
		return '密码不能包含用户名';
	}
	return null;
}

/** A random single-use password an administrator hands over; the user must replace it. */
export function generateTemporaryPassword(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(10));
	return encodeBase32LowerCaseNoPadding(bytes);
}
