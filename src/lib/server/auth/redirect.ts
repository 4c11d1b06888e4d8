/**
 * Where to send someone after signing in, when the login URL names a page (`?redirectTo=`).
 * The decision is taken on the URL a browser would actually follow, not on the raw string:
 * `/.//evil.example` looks like a path but normalises to `//evil.example`, which a browser reads
 * as another host. So the raw value is resolved against our own origin first, and only a result
 * on that origin whose path cannot be read as a host is kept.
 */

/** Control characters, spaces and backslashes: browsers strip or rewrite them, so none is allowed. */
const UNSAFE = /[\u0000-\u0020\u007f-\u009f\\]/;

/** The same-origin path (with its query) to redirect to, or null to go to the user's home. */
export function safeRedirect(raw: string | null | undefined, origin: string): string | null {
	if (!raw || raw.length > 2000 || !raw.startsWith('/') || UNSAFE.test(raw)) return null;
	let url: URL;
	try {
		url = new URL(raw, origin);
	} catch {
		return null;
	}
	if (url.origin !== new URL(origin).origin) return null;
	// what is sent back is the normalised path; one starting with // or /\ would name a host
	if (url.pathname.startsWith('//') || url.pathname.startsWith('/\\')) return null;
	if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return null;
	return url.pathname + url.search;
}
