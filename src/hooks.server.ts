import type { ServerInit } from '@sveltejs/kit';
import { ensureDatabaseReady } from '$lib/server/db';

/** Migrations run before the first request is served. */
export const init: ServerInit = async () => {
	await ensureDatabaseReady();
};
