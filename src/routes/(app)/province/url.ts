/** A link to the dashboard with some parameters changed: the whole view lives in the URL. */
export function withParams(url: URL, changes: Record<string, string | null>): string {
	const u = new URL(url);
	// a new filter or order starts again at its first page
	if (!('page' in changes)) u.searchParams.delete('page');
	for (const [k, v] of Object.entries(changes)) {
		if (v === null || v === '') u.searchParams.delete(k);
		else u.searchParams.set(k, v);
	}
	return u.pathname + u.search;
}
