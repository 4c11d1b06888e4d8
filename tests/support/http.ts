/** A plain HTTP client for the production server: cookie sent by hand (it is Secure on 127.0.0.1). */
import { createClient } from '@libsql/client';

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

/** A fingerprint of every table a pilot's editor can change, to prove a refusal changed nothing. */
export async function fingerprint(databaseUrl: string): Promise<string> {
	const db = createClient({ url: databaseUrl });
	const tables = ['teams', 'team_members', 'projects', 'activities', 'activity_teams', 'stations', 'mechanisms', 'files', 'users', 'pilots'];
	const parts: string[] = [];
	for (const t of tables) parts.push(JSON.stringify((await db.execute(`select * from ${t} order by rowid`)).rows));
	db.close();
	return parts.join('\n');
}

export async function scalar(databaseUrl: string, sql: string, args: (string | number)[] = []): Promise<number> {
	const db = createClient({ url: databaseUrl });
	const value = Number((await db.execute({ sql, args })).rows[0][0]);
	db.close();
	return value;
}
