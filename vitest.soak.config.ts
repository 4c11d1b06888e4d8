/**
 * The soak run (`npm run test:soak`), kept out of `npm test`: the crash test with many kills,
 * repeated races, a real full disk where one can be mounted, and 60 s of load. Figures go to
 * stdout and to tests/soak/results/ (not committed).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		name: 'soak',
		environment: 'node',
		include: ['tests/soak/**/*.test.ts'],
		globalSetup: ['tests/soak/global-setup.ts'],
		expect: { requireAssertions: true },
		testTimeout: 20 * 60_000,
		hookTimeout: 5 * 60_000,
		fileParallelism: false
	}
});
