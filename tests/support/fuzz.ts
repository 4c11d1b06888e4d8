/**
 * Helpers for throwing junk at the production server: exact request bodies over node:http (a
 * chosen source address, repeated keys, hostile content types), a fingerprint of every table that
 * only a request's own write may change, and the Chinese messages a page shows.
 */
import { request } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import type { Client } from '@libsql/client';
import { readTables } from './fingerprint';

export type FieldValue = string | File;
export type Fields = [string, FieldValue][];

export interface Answer {
	status: number;
	text: string;
	location: string | null;
	setCookie: string[];
}

/** The body a browser would send for these fields (repeated keys stay repeated). */
export async function encode(fields: Fields, multipart: boolean): Promise<{ body: Buffer; type: string }> {
	if (!multipart && fields.every(([, v]) => typeof v === 'string')) {
		const params = new URLSearchParams();
		for (const [k, v] of fields) params.append(k, v as string);
		return { body: Buffer.from(params.toString()), type: 'application/x-www-form-urlencoded' };
	}
	const form = new FormData();
	for (const [k, v] of fields) form.append(k, v);
	const req = new Request('http://x/', { method: 'POST', body: form });
	return { body: Buffer.from(await req.arrayBuffer()), type: req.headers.get('content-type')! };
}

/** One request with exactly these bytes; answers even when the server stops reading early (413). */
export function send(
	baseURL: string,
	path: string,
	opts: { cookie?: string; body?: Buffer; type?: string; localAddress?: string; method?: string; origin?: string | null; headers?: Record<string, string> } = {}
): Promise<Answer> {
	const url = new URL(path, baseURL);
	const headers: Record<string, string> = { accept: 'text/html', ...opts.headers };
	if (opts.origin !== null) headers.origin = opts.origin ?? baseURL;
	if (opts.cookie) headers.cookie = opts.cookie;
	if (opts.type) headers['content-type'] = opts.type;
	if (opts.body && !headers['transfer-encoding']) headers['content-length'] = String(opts.body.length);
	return new Promise((resolve, reject) => {
		let answered = false;
		const req = request(
			{ host: url.hostname, port: url.port, path: url.pathname + url.search, method: opts.method ?? 'POST', headers, localAddress: opts.localAddress },
			(res) => {
				answered = true;
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), location: res.headers.location ?? null, setCookie: res.headers['set-cookie'] ?? [] }));
				res.on('error', reject);
			}
		);
		req.setTimeout(60_000, () => req.destroy(new Error(`no answer from ${path} within 60 s`)));
		req.on('error', (e) => {
			// the server may answer 413 and close before the whole body is written
			if (!answered) setTimeout(() => !answered && reject(e), 2_000);
		});
		req.end(opts.body);
	});
}

/**
 * Tables left out of the fingerprint, and why: each changes on requests that write nothing a
 * person submitted.
 */
export const VOLATILE_TABLES: Record<string, string> = {
	sessions: 'every validated request may move last_verified_at; logins add rows',
	login_throttle: 'every failed login counts here by design (checked separately for /login)',
	progress_snapshots: 'written by the hourly upkeep timer, not by requests'
};
/** Every other table, row by row (see `readTables`): a refused request must leave all of it byte for byte as it was. */
export async function fingerprintAll(db: Client, skip: string[] = []): Promise<string> {
	const tables = await readTables(db, [...Object.keys(VOLATILE_TABLES), ...skip]);
	return tables.map(([t, rows]) => `${t}:${JSON.stringify(rows.map((r) => Object.values(r)))}`).join('\n');
}

/** The first line where two fingerprints differ, to say what a refused request changed. */
export function firstDifference(a: string, b: string): string {
	const x = a.split('\n');
	const y = b.split('\n');
	const i = x.findIndex((line, n) => line !== y[n]);
	return i < 0 ? '' : `${(y[i] ?? '').slice(0, 300)}…`;
}

const decode = (s: string) =>
	s
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<[^>]+>/g, '')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.trim();

/** The messages a page shows for a refusal: at fields, above a form, or as the error page's text. */
export function shownMessages(html: string): string[] {
	const out: string[] = [];
	for (const m of html.matchAll(/<p class="(?:field-error|notice error)[^"]*"[^>]*>([\s\S]*?)<\/p>/g)) out.push(decode(m[1]));
	const page = html.match(/<main class="error[^"]*">([\s\S]*?)<\/main>/);
	if (page) out.push(...[...page[1].matchAll(/<(?:h1|p)[^>]*>([\s\S]*?)<\/(?:h1|p)>/g)].map((m) => decode(m[1])).filter((t) => t !== '返回首页'));
	// a page without the app's own markup (SvelteKit's bare fallback): its message is the title
	if (!out.length) {
		const title = html.match(/<title>([^<]*)<\/title>/);
		if (title && !/·/.test(title[1])) out.push(decode(title[1]));
	}
	return out.filter(Boolean);
}

/** Escaped the way Svelte writes text content. */
export const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The server process started for this base URL (Linux /proc), to read its peak memory; null elsewhere. */
export function serverPid(baseURL: string): number | null {
	try {
		for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
			try {
				const env = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
				if (env.includes(`ORIGIN=${baseURL}`) && readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('build')) return Number(pid);
			} catch {
				// another user's process, or gone
			}
		}
	} catch {
		// no /proc
	}
	return null;
}

/** Peak resident memory of a process in MB (VmHWM). */
export function peakMemoryMB(pid: number): number {
	const line = readFileSync(`/proc/${pid}/status`, 'latin1').match(/VmHWM:\s+(\d+) kB/);
	return line ? Math.round(Number(line[1]) / 1024) : 0;
}
