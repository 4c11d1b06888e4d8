/** A plain HTTP client for the production server: cookie sent by hand (it is Secure on 127.0.0.1). */
import { createClient } from '@libsql/client';
import { databaseFingerprint } from './fingerprint';

export async function signIn(baseURL: string, username: string, password = 'shidiantong-demo'): Promise<string> {
	const res = await fetch(`${baseURL}/login`, {
		method: 'POST',
		headers: { origin: baseURL, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: new URLSearchParams({ username, password }),
		redirect: 'manual'
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
	if (!cookie) throw new Error(`could not sign in as ${username}: ${res.status}`);
	return cookie.split(';')[0];
}

/** Posts a form the way a browser without JavaScript does, and returns status and page text. */
export async function postForm(baseURL: string, path: string, cookie: string, body: FormData | URLSearchParams) {
	const res = await fetch(`${baseURL}${path}`, {
		method: 'POST',
		headers: { origin: baseURL, cookie, accept: 'text/html' },
		body,
		redirect: 'manual'
	});
	return { status: res.status, text: await res.text() };
}

/** The whole-database fingerprint (support/fingerprint.ts) of the database at this URL, to prove a refusal changed nothing. */
export async function fingerprint(databaseUrl: string): Promise<string> {
	const db = createClient({ url: databaseUrl });
	try {
		return JSON.stringify(await databaseFingerprint(db));
	} finally {
		db.close();
	}
}

export async function scalar(databaseUrl: string, sql: string, args: (string | number)[] = []): Promise<number> {
	const db = createClient({ url: databaseUrl });
	const value = Number((await db.execute({ sql, args })).rows[0][0]);
	db.close();
	return value;
}
