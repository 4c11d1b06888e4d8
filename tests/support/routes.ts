/**
 * Every reachable thing under src/routes: page loads (GET), form actions (POST ?/name) and
 * endpoint methods, read from the files themselves so a new route cannot go unchecked.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface RouteEntry {
	/** e.g. "GET /pilots/[pilotId=id]" or "POST /admin/users ?/create" */
	key: string;
	route: string;
	method: string;
	action?: string;
}

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? walk(path) : [path];
	});
}

function routeOf(file: string, root: string): string {
	const dir = relative(root, file).split('/').slice(0, -1);
	const parts = dir.filter((p) => !/^\(.*\)$/.test(p));
	return '/' + parts.join('/');
}

export function listRoutes(root = 'src/routes'): RouteEntry[] {
	const entries = new Map<string, RouteEntry>();
	const add = (e: Omit<RouteEntry, 'key'>) => {
		const key = `${e.method} ${e.route}${e.action ? ` ?/${e.action}` : ''}`;
		entries.set(key, { key, ...e });
	};
	for (const file of walk(root)) {
		const name = file.split('/').pop()!;
		const route = routeOf(file, root);
		if (name === '+page.svelte' || name === '+page.server.ts') add({ route, method: 'GET' });
		if (name === '+page.server.ts') {
			const source = readFileSync(file, 'utf8');
			const block = source.match(/export const actions[^=]*=\s*\{([\s\S]*?)\n\};/);
			if (block) for (const m of block[1].matchAll(/^\t(\w+):/gm)) add({ route, method: 'POST', action: m[1] });
		}
		if (name === '+server.ts') {
			const source = readFileSync(file, 'utf8');
			for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) add({ route, method: m[1] });
		}
	}
	return [...entries.values()].sort((a, b) => a.key.localeCompare(b.key));
}
