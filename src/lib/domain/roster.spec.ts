import { describe, expect, it } from 'vitest';
import {
	dedupeKeys,
	dedupeRoster,
	maskedIdLastFour,
	maskPhone,
	idCheckCharacter,
	idNumberLastFour,
	isValidIdNumber,
	maskIdNumber,
	mobilePhone,
	normaliseIdNumber,
	normaliseName,
	normalisePhone,
	personKey,
	starLevel
} from './roster';

/**
 * An independent oracle for the check character: ISO 7064 MOD 11-2 in its recursive form
 * (p = (p + digit) × 2 mod 11, check value = (12 − p) mod 11), not the weight table of the module.
 */
function oracleCheck(first17: string): string {
	let p = 0;
	for (const c of first17) p = ((p + Number(c)) * 2) % 11;
	const v = (12 - p) % 11;
	return v === 10 ? 'X' : String(v);
}

/** Known-valid numbers, computed outside this code base and fixed here as literals. */
const KNOWN_VALID = [
	'11010519491231002X', // GB 11643's own example
	'440524188001010014', // GB 11643's own example, born 1880
	'410102199003071230',
	'410303200002294566', // born on a leap day
	'411527201012317896',
	'410102198501010006',
	'41010219850101009X',
	'410102198501010102'
];

/** Replace the check character by each wrong one. */
function wrongChecks(valid: string): string[] {
	return '0123456789X'
		.split('')
		.filter((c) => c !== valid[17])
		.map((c) => valid.slice(0, 17) + c);
}

describe('isValidIdNumber', () => {
	it('accepts known-valid numbers', () => {
		for (const id of KNOWN_VALID) expect(isValidIdNumber(id), id).toBe(true);
	});

	it('agrees with the independent oracle on the known numbers', () => {
		for (const id of KNOWN_VALID) expect(oracleCheck(id.slice(0, 17)), id).toBe(id[17]);
	});

	it('computes the check character the same way as the recursive oracle for many prefixes', () => {
		for (let i = 0; i < 200; i++) {
			const seq = String(1000 + i * 37).padStart(3, '0').slice(-3);
			const prefix = `4101${String(10 + (i % 80)).padStart(2, '0')}19${String(50 + (i % 50))}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${seq}`;
			expect(prefix).toHaveLength(17);
			expect(idCheckCharacter(prefix)).toBe(oracleCheck(prefix));
			expect(isValidIdNumber(prefix + oracleCheck(prefix))).toBe(true);
		}
	});

	it('rejects every wrong check character', () => {
		for (const id of KNOWN_VALID) {
			for (const bad of wrongChecks(id)) expect(isValidIdNumber(bad), bad).toBe(false);
		}
	});

	it('accepts a lower-case x as the check character', () => {
		expect(isValidIdNumber('11010519491231002x')).toBe(true);
		expect(isValidIdNumber('41010219850101009x')).toBe(true);
	});

	it('trims whitespace around the number', () => {
		expect(isValidIdNumber('  410102199003071230 ')).toBe(true);
		expect(isValidIdNumber('\t11010519491231002X\n')).toBe(true);
	});

	it('rejects whitespace or separators inside the number', () => {
		expect(isValidIdNumber('410102 199003071230')).toBe(false);
		expect(isValidIdNumber('410102-19900307-1230')).toBe(false);
	});

	it('rejects the wrong length', () => {
		expect(isValidIdNumber('41010219900307123')).toBe(false); // 17
		expect(isValidIdNumber('4101021990030712300')).toBe(false); // 19
		expect(isValidIdNumber('410102900307123')).toBe(false); // old 15-digit form
		expect(isValidIdNumber('')).toBe(false);
	});

	it('rejects letters other than a final X', () => {
		expect(isValidIdNumber('41010219900307123A')).toBe(false);
		expect(isValidIdNumber('X10102199003071230')).toBe(false);
		expect(isValidIdNumber('4101021990030712X0')).toBe(false);
	});

	it('rejects birth dates that do not exist, even with a correct check character', () => {
		for (const birth of ['19990230', '19990229', '19991301', '19990001', '19990100', '19990431', '21010101', '17991231']) {
			const prefix = `410102${birth}123`;
			const id = prefix + oracleCheck(prefix);
			expect(isValidIdNumber(id), id).toBe(false);
		}
	});

	it('accepts a leap-day birth date in a leap year', () => {
		const prefix = '41010220000229123';
		expect(isValidIdNumber(prefix + oracleCheck(prefix))).toBe(true);
	});

	it('rejects full-width digits and non-strings', () => {
		expect(isValidIdNumber('４１０１０２１９９００３０７１２３０')).toBe(false);
		expect(isValidIdNumber(null)).toBe(false);
		expect(isValidIdNumber(undefined)).toBe(false);
		expect(isValidIdNumber(410102199003071230)).toBe(false);
	});

	it('idCheckCharacter refuses a prefix that is not 17 digits', () => {
		expect(() => idCheckCharacter('4101021990030712')).toThrow(/17/);
		expect(() => idCheckCharacter('4101021990030712a')).toThrow(/17/);
	});
});

describe('normaliseIdNumber', () => {
	it('reads full-width digits and Ｘ, spaces and zero-width characters as the plain number', () => {
		const id = '11010519491231002X';
		expect(isValidIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe(false);
		expect(normaliseIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe(id);
		expect(normaliseIdNumber(' 110105 19491231\u200B002X\u3000')).toBe(id);
		expect(isValidIdNumber(normaliseIdNumber('１１０１０５ 1949 1231 ００２ｘ'))).toBe(true);
	});

	it('leaves nothing for nothing, and does not repair a wrong number', () => {
		expect(normaliseIdNumber(null)).toBe('');
		expect(normaliseIdNumber(undefined)).toBe('');
		expect(normaliseIdNumber('  ')).toBe('');
		expect(isValidIdNumber(normaliseIdNumber('１１０１０５１９４９１２３１００２１'))).toBe(false);
	});
});

describe('normalising names and phones', () => {
	it('folds full-width letters with NFKC', () => {
		expect(normaliseName('ＺＨＡＮＧ')).toBe('ZHANG');
		expect(normaliseName('ＺＨＡＮＧ')).toBe(normaliseName('ZHANG'));
	});

	it('removes every whitespace and zero-width character', () => {
		expect(normaliseName('张\u200B三')).toBe('张三');
		expect(normaliseName('张\u200C三\u200D')).toBe('张三');
		expect(normaliseName('\uFEFF张三')).toBe('张三');
		expect(normaliseName(' 张  三 ')).toBe('张三');
		expect(normaliseName('张\u3000三')).toBe('张三'); // ideographic space
		expect(normaliseName('张\t三\n')).toBe('张三');
		expect(normaliseName('张\u00A0三')).toBe('张三'); // no-break space
	});

	it('keeps case and other characters', () => {
		expect(normaliseName('Zhang')).toBe('Zhang');
		expect(normaliseName('欧阳·娜娜')).toBe('欧阳·娜娜');
		expect(normaliseName(null)).toBe('');
		expect(normaliseName(undefined)).toBe('');
	});

	it('removes spaces and dashes from phones', () => {
		expect(normalisePhone('138 0013 8000')).toBe('13800138000');
		expect(normalisePhone('138-0013-8000')).toBe('13800138000');
		expect(normalisePhone('１３８－００１３－８０００')).toBe('13800138000');
		expect(normalisePhone('138—0013–8000')).toBe('13800138000');
		expect(normalisePhone('0371-6555 1234')).toBe('037165551234');
	});

	it('recognises mobiles only: 11 digits starting with 1', () => {
		expect(mobilePhone('13800138000')).toBe('13800138000');
		expect(mobilePhone(' 199-0000-0001 ')).toBe('19900000001');
		expect(mobilePhone('0371-65551234')).toBeNull(); // a landline
		expect(mobilePhone('65551234')).toBeNull();
		expect(mobilePhone('23800138000')).toBeNull(); // 11 digits not starting with 1
		expect(mobilePhone('1380013800')).toBeNull(); // 10 digits
		expect(mobilePhone('138001380001')).toBeNull(); // 12 digits
		expect(mobilePhone('+86 138 0013 8000')).toBeNull();
		expect(mobilePhone('1380013800O')).toBeNull(); // letter O
		expect(mobilePhone('')).toBeNull();
		expect(mobilePhone(null)).toBeNull();
	});
});

describe('personKey', () => {
	it('uses a valid ID number, upper-cased and trimmed, before anything else', () => {
		expect(personKey({ name: '张三', idNumber: ' 11010519491231002x ', phone: '13800138000', unit: '郑州大学' })).toBe(
			'id:11010519491231002X'
		);
	});

	it('falls back to name and mobile when the ID number is invalid or missing', () => {
		expect(personKey({ name: '张三', idNumber: '110105194912310021', phone: '138 0013 8000' })).toBe('np:张三|13800138000');
		expect(personKey({ name: '张三', phone: '138-0013-8000', unit: '郑州大学' })).toBe('np:张三|13800138000');
		expect(personKey({ name: '张三', idNumber: null, phone: '13800138000' })).toBe('np:张三|13800138000');
	});

	it('falls back to name and unit when there is no mobile', () => {
		expect(personKey({ name: '张三', phone: '0371-65551234', unit: '郑州大学' })).toBe('nu:张三|郑州大学');
		expect(personKey({ name: '张三', unit: ' 郑州 大学 ' })).toBe('nu:张三|郑州大学');
		expect(personKey({ name: '张三' })).toBe('nu:张三|');
		expect(personKey({ name: '张三', unit: null, phone: null })).toBe('nu:张三|');
	});

	it('normalises the name in both fallbacks', () => {
		expect(personKey({ name: 'ＺＨＡＮＧ Ｓａｎ', phone: '13800138000' })).toBe('np:ZHANGSan|13800138000');
		expect(personKey({ name: '张\u200B三', unit: 'ＡＢＣ公司' })).toBe('nu:张三|ABC公司');
	});

	it('ignores gender, title and specialty', () => {
		const a = personKey({ name: '李四', gender: '男', title: '教授', specialty: '农学', unit: '河南农大' });
		const b = personKey({ name: '李四', gender: '', title: '副教授', specialty: '', unit: '河南农大' });
		expect(a).toBe(b);
	});
});

describe('dedupeRoster', () => {
	it('counts an empty roster as no one', () => {
		expect(dedupeRoster([])).toEqual({ members: 0, duplicates: [] });
	});

	it('counts distinct people and lists later rows with the first row they repeat', () => {
		const r = dedupeRoster([
			{ name: '张三', phone: '13800138000' }, // 1
			{ name: '李四', unit: '郑州大学' }, // 2
			{ name: '张三', phone: '138 0013 8000' }, // 3 = 1
			{ name: '王五', idNumber: '410102199003071230' }, // 4
			{ name: '李四', unit: '郑州 大学' }, // 5 = 2
			{ name: '王老五', idNumber: '410102199003071230 ' }, // 6 = 4 (same ID, other name)
			{ name: '张三', phone: '13800138000' } // 7 = 1
		]);
		expect(r.members).toBe(3);
		expect(r.duplicates).toEqual([
			{ row: 3, sameAs: 1 },
			{ row: 5, sameAs: 2 },
			{ row: 6, sameAs: 4 },
			{ row: 7, sameAs: 1 }
		]);
	});

	it('treats full-width and zero-width variants of a name as the same person', () => {
		const r = dedupeRoster([
			{ name: 'ZHANG', unit: 'X' },
			{ name: 'ＺＨＡＮＧ', unit: 'X' },
			{ name: '张三', unit: '郑大' },
			{ name: '张\u200B三', unit: '郑大' }
		]);
		expect(r).toEqual({ members: 2, duplicates: [{ row: 2, sameAs: 1 }, { row: 4, sameAs: 3 }] });
	});

	it('keeps people apart who share a name but not a phone or unit', () => {
		const r = dedupeRoster([
			{ name: '张伟', phone: '13800138000' },
			{ name: '张伟', phone: '13900139000' },
			{ name: '张伟', unit: '郑州大学' },
			{ name: '张伟', unit: '河南大学' }
		]);
		expect(r).toEqual({ members: 4, duplicates: [] });
	});

	it('does not match a row keyed by ID with one keyed by phone', () => {
		const r = dedupeRoster([
			{ name: '张三', idNumber: '410102199003071230', phone: '13800138000' },
			{ name: '张三', phone: '13800138000' }
		]);
		expect(r.members).toBe(2);
	});

	it('matches ID numbers regardless of the case of X', () => {
		const r = dedupeRoster([
			{ name: 'a', idNumber: '11010519491231002x' },
			{ name: 'b', idNumber: '11010519491231002X' }
		]);
		expect(r).toEqual({ members: 1, duplicates: [{ row: 2, sameAs: 1 }] });
	});

	it('treats a landline as no phone, so the unit decides', () => {
		const r = dedupeRoster([
			{ name: '张三', phone: '0371-65551234', unit: '郑大' },
			{ name: '张三', phone: '0371-65559999', unit: '郑大' }
		]);
		expect(r).toEqual({ members: 1, duplicates: [{ row: 2, sameAs: 1 }] });
	});
});

describe('ID display', () => {
	it('keeps only the last four characters', () => {
		expect(idNumberLastFour('11010519491231002x')).toBe('002X');
		expect(maskIdNumber('410102199003071230')).toBe('**************1230');
		expect(maskIdNumber(' 11010519491231002x ')).toBe('**************002X');
	});

	it('shows nothing for an invalid or missing number', () => {
		expect(maskIdNumber('410102199003071231')).toBe('');
		expect(maskIdNumber(null)).toBe('');
		expect(idNumberLastFour(undefined)).toBe('');
	});
});

describe('dedupeKeys', () => {
	it('numbers rows from 1 and points each repeat at the first', () => {
		expect(dedupeKeys(['a', 'b', 'a', 'c', 'b', 'a'])).toEqual({ members: 3, duplicates: [{ row: 3, sameAs: 1 }, { row: 5, sameAs: 2 }, { row: 6, sameAs: 1 }] });
	});
	it('is empty for no keys and distinct for distinct keys', () => {
		expect(dedupeKeys([])).toEqual({ members: 0, duplicates: [] });
		expect(dedupeKeys(['x', 'y', 'z'])).toEqual({ members: 3, duplicates: [] });
	});
	it('agrees with dedupeRoster on personKey', () => {
		const rows = [{ name: '王芳', phone: '138 0000 1111' }, { name: '王 芳', phone: '13800001111' }, { name: '李四', unit: 'A' }, { name: '李四', unit: 'B' }];
		expect(dedupeKeys(rows.map(personKey))).toEqual(dedupeRoster(rows));
	});
});

describe('maskedIdLastFour', () => {
	it('reads the masked form this product exports', () => {
		expect(maskedIdLastFour('**************1230')).toBe('1230');
		expect(maskedIdLastFour('**************002x')).toBe('002X');
		expect(maskedIdLastFour(' ************0011 ')).toBe('0011');
		expect(maskedIdLastFour('＊＊＊＊1234')).toBe('1234');
		expect(maskedIdLastFour('*\u200b***1234')).toBe('1234');
	});
	it('is null for anything else', () => {
		for (const s of ['', null, undefined, '1234', '410102199003071230', '****123', '****12345', '****12X4', '**** 1234x', 'abc*1234', '*1234*']) expect(maskedIdLastFour(s)).toBeNull();
	});
});

describe('maskPhone', () => {
	it('hides the middle of a mobile and keeps the last four', () => {
		expect(maskPhone('19900001234')).toBe('199****1234');
		expect(maskPhone('199 0000-1234')).toBe('199****1234');
		expect(maskPhone('0371-12345678')).toBe('037****5678');
	});
	it('keeps only the last four of a short number', () => {
		expect(maskPhone('12345678')).toBe('****5678');
		expect(maskPhone('1234')).toBe('1234');
		expect(maskPhone('')).toBe('');
		expect(maskPhone(null)).toBe('');
	});
});

describe('starLevel', () => {
	it('has the thresholds 100/300/600/1000/1500', () => {
		const cases: [number, number][] = [
			[0, 0],
			[99.9, 0],
			[100, 1],
			[299, 1],
			[299.99, 1],
			[300, 2],
			[599, 2],
			[600, 3],
			[999.5, 3],
			[1000, 4],
			[1499, 4],
			[1500, 5],
			[100000, 5]
		];
		for (const [hours, stars] of cases) expect(starLevel(hours), String(hours)).toBe(stars);
	});

	it('gives 0 below 100 even for negative hours, and throws on NaN', () => {
		expect(starLevel(-5)).toBe(0);
		expect(() => starLevel(Number.NaN)).toThrow(/number/);
	});
});
