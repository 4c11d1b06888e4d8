import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirect';
import { HOSTILE_REDIRECTS } from '../../../../tests/support/payloads';

const ORIGIN = 'http://127.0.0.1:3000';

describe('safeRedirect', () => {
	it.each(HOSTILE_REDIRECTS)('refuses %j', (raw) => {
		expect(safeRedirect(raw, ORIGIN)).toBeNull();
	});

	it.each([
		['/province', '/province'],
		['/pilots/3?tab=review', '/pilots/3?tab=review'],
		['/a/../province', '/province'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example']
	])('keeps the same-origin path %j as %j', (raw, expected) => {
		expect(safeRedirect(raw, ORIGIN)).toBe(expected);
	});

	it('never returns a path a browser would read as a host', () => {
		for (const prefix of ['/', '/./', '/a/../', '/%2e/', '/.%2E/'])
			for (const tail of ['/evil.example', '\\evil.example', '%2f/evil.example']) {
				const kept = safeRedirect(prefix + tail, ORIGIN);
				if (kept !== null) expect(new URL(kept, ORIGIN).origin).toBe(ORIGIN);
				if (kept !== null) expect(kept.startsWith('//')).toBe(false);
			}
	});
});
