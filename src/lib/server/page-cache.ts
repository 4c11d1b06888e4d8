/**
 * Rendered pages kept per instance until the data changes.
 *
 * A reading page is a function of the data, the day, the reader and its URL. The data stamp
 * moves with every audited write on any instance (see `write`), and every change to a user's
 * role, pilot or name is such a write; so a page rendered for this reader, this URL, today and
 * this stamp is exactly the page a new render would give. The province office opens the same
 * dashboard many times a day between writes: those views are served from here instead of
 * counting and rendering again. POSTs, downloads, the API and account pages are never kept.
 */
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { gzipSync } from 'node:zlib';
import { dataStamp } from './memo';
import { today } from './clock';

/** Reading pages only: everything under the signed-in app except where a user changes their own account or admin forms. */
const NOT_KEPT = ['/(app)/account', '/(app)/admin', '/(app)/pilots/[pilotId=id]/import'];

export const PAGE_CACHE_BYTES = process.env.PAGE_CACHE_BYTES !== undefined ? Number(process.env.PAGE_CACHE_BYTES) : 48 * 1024 * 1024;

interface Kept {
	stamp: string;
	body: Uint8Array<ArrayBuffer>;
	/** Compressed once when kept: every browser asks for gzip, and a page is ten times smaller so. */
	gzipped: Uint8Array<ArrayBuffer>;
	headers: [string, string][];
}

const kept = new Map<string, Kept>();
let keptBytes = 0;
let keptStamp = '';

function forget(key: string) {
	const entry = kept.get(key);
	if (!entry) return;
	kept.delete(key);
	keptBytes -= entry.body.byteLength + entry.gzipped.byteLength;
}

function keeps(event: RequestEvent): boolean {
	const route = event.route.id;
	const user = event.locals.user;
	return (
		PAGE_CACHE_BYTES > 0 &&
		event.request.method === 'GET' &&
		user !== null &&
		!user.mustChangePassword &&
		route !== null &&
		route.startsWith('/(app)/') &&
		!NOT_KEPT.some((prefix) => route.startsWith(prefix))
	);
}

const STORABLE_TYPES = ['text/html', 'application/json'];

/** The `handle` step: serve this reader's page from the instance's copy, or render and keep it. */
export const handlePageCache: Handle = async ({ event, resolve }) => {
	if (!keeps(event)) return resolve(event);
	const stamp = await dataStamp();
	if (stamp !== keptStamp) {
		// Nothing rendered before the last write can be served again.
		kept.clear();
		keptBytes = 0;
		keptStamp = stamp;
	}
	// request.url, not event.url: it keeps SvelteKit's __data.json suffix and invalidation flags.
	const key = `${today()}|${event.locals.user!.id}|${event.request.url}`;
	const hit = kept.get(key);
	if (hit && hit.stamp === stamp) {
		// Most recently used last, so the oldest view is the first to go.
		kept.delete(key);
		kept.set(key, hit);
		return answer(hit, event.request);
	}

	const response = await resolve(event);
	const type = response.headers.get('content-type') ?? '';
	if (response.status !== 200 || response.headers.has('set-cookie') || !STORABLE_TYPES.some((t) => type.startsWith(t))) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	const page: Kept = { stamp, body, gzipped: new Uint8Array(gzipSync(body)), headers: [...response.headers].filter(([name]) => name !== 'date') };
	const size = body.byteLength + page.gzipped.byteLength;
	if (size <= PAGE_CACHE_BYTES / 8 && stamp === keptStamp) {
		forget(key);
		kept.set(key, page);
		keptBytes += size;
		while (keptBytes > PAGE_CACHE_BYTES) forget(kept.keys().next().value!);
	}
	return answer(page, event.request);
};

function answer(page: Kept, request: Request): Response {
	const headers = new Headers(page.headers);
	headers.append('vary', 'accept-encoding');
	if (!/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) return new Response(page.body, { status: 200, headers });
	headers.set('content-encoding', 'gzip');
	// SvelteKit's ETag names the uncompressed bytes
	headers.delete('etag');
	headers.set('content-length', String(page.gzipped.byteLength));
	return new Response(page.gzipped, { status: 200, headers });
}
