/**
 * `npm test` must not disturb `npm start` of the same checkout: the suite's production build goes
 * to its own directory, and build/ (which a running server loads chunks from) stays as it was.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { buildDirState, TEST_BUILD_DIR } from '../support/server';
import { serverPid } from '../support/fuzz';

describe('the test build', () => {
	it('leaves build/ exactly as it was before the suite built its server', () => {
		expect(TEST_BUILD_DIR).not.toBe('build');
		expect(buildDirState('build')).toBe(inject('buildDirBefore'));
	});

	it('serves the suite from its own directory', () => {
		expect(readdirSync(TEST_BUILD_DIR)).toContain('index.js');
		const pid = serverPid(inject('baseURL'));
		expect(pid).not.toBeNull();
		const argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
		expect(argv).toContain(TEST_BUILD_DIR);
		expect(argv).not.toContain('build');
	});
});
