import type { RequestHandler } from './$types';

/** Liveness for load balancers and the test harness; says nothing about the data. */
export const GET: RequestHandler = () =>
	new Response('ok', { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
