import { describe, expect, it } from 'vitest';
import { hasBidiControls, hasControlCharacters, hasReplacementCharacter, isOnlyInvisible, compareChinese, withoutStrayInvisibles } from './text';

describe('text rules', () => {
	it('finds text made only of zero-width characters', () => {
		for (const s of ['\u200b', '\u200c\u200d', '\u2060', '\ufeff\u200b', ' \u200b ', '\u200b\t\u200b']) expect(isOnlyInvisible(s), JSON.stringify(s)).toBe(true);
		for (const s of ['', 'a\u200bb', '队', '\u200b队', 'e\u0301']) expect(isOnlyInvisible(s), JSON.stringify(s)).toBe(false);
	});

	it('finds bidirectional controls and other control characters', () => {
		for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
			expect(hasBidiControls(`photo${c}gpj.png`)).toBe(true);
			expect(hasControlCharacters(`photo${c}gpj.png`)).toBe(true);
		}
		expect(hasBidiControls('活动照片 2026.png')).toBe(false);
		expect(hasControlCharacters('a\u0000b')).toBe(true);
		expect(hasControlCharacters('a\tb\nc')).toBe(false);
	});

	it('drops stray invisible characters inside text, keeps the joiners emoji need, and leaves text of nothing else for its own check', () => {
		expect(withoutStrayInvisibles('同名\u200b12023')).toBe('同名12023');
		expect(withoutStrayInvisibles('\ufeff洛阳\u2060支队')).toBe('洛阳支队');
		expect(withoutStrayInvisibles('👨\u200d👩\u200d👧')).toBe('👨\u200d👩\u200d👧');
		expect(withoutStrayInvisibles('\u200b\u200b')).toBe('\u200b\u200b');
		// joiners between Chinese characters or digits join nothing: 同名\u200d队 is 同名队
		expect(withoutStrayInvisibles('同名\u200d队')).toBe('同名队');
		expect(withoutStrayInvisibles('同名\u200c队')).toBe('同名队');
		expect(withoutStrayInvisibles('\u200d洛阳支队\u200c')).toBe('洛阳支队');
		expect(withoutStrayInvisibles('abc\u200d123')).toBe('abc123');
		// the sequences that need them keep them: a family, a skin tone, the emoji selector, a Persian word
		expect(withoutStrayInvisibles('志愿者👩🏽\u200d🔬')).toBe('志愿者👩🏽\u200d🔬');
		expect(withoutStrayInvisibles('❤\ufe0f\u200d🔥')).toBe('❤\ufe0f\u200d🔥');
		expect(withoutStrayInvisibles('می\u200cخواهم')).toBe('می\u200cخواهم');
		expect(withoutStrayInvisibles('👨\u200d队')).toBe('👨队');
	});
});

describe('compareChinese', () => {
	it('orders names by pinyin, as localeCompare in zh-CN does', () => {
		const names = ['郑州市', '安阳市', '洛阳市', '开封市', '鹤壁市', '济源市', 'Z 区', '1号站'];
		expect([...names].sort(compareChinese)).toEqual(['1号站', '安阳市', '鹤壁市', '济源市', '开封市', '洛阳市', '郑州市', 'Z 区']);
		for (const a of names) for (const b of names) expect(Math.sign(compareChinese(a, b))).toBe(Math.sign(a.localeCompare(b, 'zh-CN')));
	});
});

describe('hasReplacementCharacter', () => {
	it('finds what a decoder leaves for bytes that were not UTF-8, and nothing in ordinary text', () => {
		expect(hasReplacementCharacter(decodeURIComponent('%E6%B4%9B') + new TextDecoder().decode(new Uint8Array([0xff, 0xfe])))).toBe(true);
		expect(hasReplacementCharacter('\ufffd')).toBe(true);
		expect(hasReplacementCharacter('洛阳市科技志愿服务队 ①②③ ☆')).toBe(false);
		expect(hasReplacementCharacter('')).toBe(false);
	});
});
