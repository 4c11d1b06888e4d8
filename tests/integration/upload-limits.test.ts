import { describe, expect, it } from 'vitest';
import { bodyLimitBytes, FILE_MAX_BYTES, uploadLimitBytes } from '$lib/server/files';
import { sizeText, tooLargeMessage } from '$lib/forms';

describe('the largest file a form can carry', () => {
	it('reads BODY_SIZE_LIMIT as adapter-node does: 512K unset, K/M/G suffixes, Infinity', () => {
		expect(bodyLimitBytes(undefined)).toBe(512 * 1024);
		expect(bodyLimitBytes('11M')).toBe(11 * 1024 * 1024);
		expect(bodyLimitBytes('2g')).toBe(2 * 1024 ** 3);
		expect(bodyLimitBytes('700000')).toBe(700_000);
		expect(bodyLimitBytes('Infinity')).toBe(Infinity);
	});

	it('is the file limit under npm start, and less when the request limit is lower, with room for the other fields', () => {
		expect(uploadLimitBytes(bodyLimitBytes('11M'))).toBe(FILE_MAX_BYTES);
		expect(uploadLimitBytes(bodyLimitBytes(undefined))).toBe(448 * 1024);
		expect(tooLargeMessage(uploadLimitBytes(bodyLimitBytes(undefined)))).toBe('文件不能超过 448 KB');
		expect(tooLargeMessage(FILE_MAX_BYTES)).toBe(`文件不能超过 ${sizeText(FILE_MAX_BYTES)}`);
		expect(sizeText(10 * 1024 * 1024)).toBe('10 MB');
	});
});
