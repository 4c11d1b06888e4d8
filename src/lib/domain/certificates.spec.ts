import { describe, expect, it } from 'vitest';
import { certificateNumber, nextSerial, parseCertificateNumber } from './certificates';

describe('certificateNumber', () => {
	it.each([
		[2026, 1, '豫科志证〔2026〕第0001号'],
		[2026, 23, '豫科志证〔2026〕第0023号'],
		[2027, 9999, '豫科志证〔2027〕第9999号'],
		[2027, 10000, '豫科志证〔2027〕第10000号']
	])('%d no. %d → %s', (year, serial, number) => expect(certificateNumber(year, serial)).toBe(number));

	it.each([
		[2026, 0],
		[2026, -1],
		[2026, 1.5],
		[1999, 1],
		[2101, 1],
		[Number.NaN, 1]
	])('throws on year %d, serial %d', (year, serial) => expect(() => certificateNumber(year, serial)).toThrow());

	it('reads back what it writes, for many serials', () => {
		for (const year of [2000, 2026, 2100]) for (const serial of [1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 123456]) {
			expect(parseCertificateNumber(certificateNumber(year, serial))).toEqual({ year, serial });
		}
	});
	it('gives distinct numbers to distinct serials and years', () => {
		const seen = new Set<string>();
		for (const year of [2026, 2027]) for (let s = 1; s <= 2000; s++) seen.add(certificateNumber(year, s));
		expect(seen.size).toBe(4000);
	});
});

describe('parseCertificateNumber', () => {
	it.each([
		['豫科志证〔2026〕第0001号', 2026, 1],
		[' 豫科志证 〔2026〕 第 0001 号 ', 2026, 1],
		['豫科志证[2026]第1号', 2026, 1],
		['豫科志证［２０２６］第００２３号', 2026, 23],
		['豫科志证【2026】第23号', 2026, 23],
		['豫科志证（2026）23号', 2026, 23],
		['〔2026〕第0023号', 2026, 23],
		['2026第23号', 2026, 23],
		['豫科志证〔2026〕0023', 2026, 23],
		['豫科志证\u200b〔2026〕第0023号', 2026, 23]
	])('reads %j', (text, year, serial) => expect(parseCertificateNumber(text)).toEqual({ year, serial }));

	it.each(['', '   ', '豫科志证', '豫科志证〔2026〕第0000号', '豫科志证〔1999〕第0001号', '豫科志证〔26〕第1号', '京科志证〔2026〕第0001号', '豫科志证〔2026〕第A1号', '0001', null, undefined])(
		'refuses %j',
		(text) => expect(parseCertificateNumber(text as string)).toBeNull()
	);
});

describe('nextSerial', () => {
	it('starts a year at 1 and counts on', () => {
		expect(nextSerial(null)).toBe(1);
		expect(nextSerial(undefined)).toBe(1);
		expect(nextSerial(0)).toBe(1);
		expect(nextSerial(41)).toBe(42);
	});
	it('throws on a negative or fractional last serial', () => {
		expect(() => nextSerial(-1)).toThrow();
		expect(() => nextSerial(1.5)).toThrow();
	});
});

import { chineseDate, serviceContent } from './certificates';

describe('serviceContent', () => {
	it('names one activity without 等', () => {
		expect(serviceContent(['科普进社区'])).toBe('参加“科普进社区”科技志愿服务活动 1 次');
	});
	it('names the same activity held twice with 等 and counts both', () => {
		expect(serviceContent(['科普进社区', '科普进社区'])).toBe('参加“科普进社区”等科技志愿服务活动 2 次');
	});
	it('names three distinct titles, then 等', () => {
		expect(serviceContent(['甲', '乙', '丙'])).toBe('参加“甲”“乙”“丙”科技志愿服务活动 3 次');
		expect(serviceContent(['甲', '乙', '丙', '丁'])).toBe('参加“甲”“乙”“丙”等科技志愿服务活动 4 次');
		expect(serviceContent(['甲', '甲', '乙', '丙', '丁'])).toBe('参加“甲”“乙”“丙”等科技志愿服务活动 5 次');
	});
	it('is empty for no activity', () => {
		expect(serviceContent([])).toBe('');
	});
});

describe('chineseDate', () => {
	it.each([
		['2026-01-05', '2026年1月5日'],
		['2026-12-31', '2026年12月31日']
	])('%s → %s', (d, text) => expect(chineseDate(d)).toBe(text));
	it('throws on what is not a date', () => {
		expect(() => chineseDate('2026/1/5')).toThrow();
	});
});
