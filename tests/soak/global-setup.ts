import type { TestProject } from 'vitest/node';
import { build } from '../support/server';
import { todayIn } from '../../src/lib/server/clock';

/** One production build for the soak run; each file starts its own servers on fresh databases. */
export default function setup(project: TestProject) {
	build();
	project.provide('today', process.env.SHIDIANTONG_TODAY ?? todayIn(new Date()));
}

declare module 'vitest' {
	export interface ProvidedContext {
		today: string;
	}
}
