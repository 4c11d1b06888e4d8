import { describe, expect, it } from 'vitest';
import { text } from './common';

describe('text fields', () => {
	it('store a name without invisible characters inside, so it cannot pass for another name', () => {
		expect(text('单位名称', 40).parse(' 同名\u200b12023 ')).toBe('同名12023');
	});

	it('refuse a line or paragraph separator in a single line, and bidirectional marks anywhere', () => {
		const name = text('单位名称', 40);
		for (const s of ['上\u2028下', '上\u2029下']) expect(name.safeParse(s).error?.issues[0].message, JSON.stringify(s)).toBe('单位名称不能换行');
		expect(text('说明', 200, { multiline: true }).safeParse('上\u2028下').success).toBe(true);
		for (const s of ['\u061c洛阳', '洛\u200f阳']) expect(name.safeParse(s).error?.issues[0].message, JSON.stringify(s)).toBe('单位名称含有不可见的控制字符');
	});
});
