import type { TestProject } from 'vitest/node';
import { build, buildDirState, startServer, type RunningServer } from '../support/server';
import { todayIn } from '../../src/lib/server/clock';

let server: RunningServer | undefined;

/** One production build and one demo server for the whole e2e run. */
export default async function setup(project: TestProject) {
	// what build/ (a developer's `npm start`) looked like before the suite built its own server
	project.provide('buildDirBefore', buildDirState('build'));
	build();
	// One day for the run, so a test crossing midnight in Beijing sees the same data.
	const today = process.env.SHIDIANTONG_TODAY ?? todayIn(new Date());
	server = await startServer(today);
	project.provide('baseURL', server.url);
	project.provide('today', today);
	project.provide('databaseUrl', server.databaseUrl);
	return async () => {
		await server?.stop();
	};
}

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
		today: string;
		databaseUrl: string;
		buildDirBefore: string;
	}
}
