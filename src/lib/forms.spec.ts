import { describe, expect, it } from 'vitest';
import { formValues, notAcceptedProblem, notAfterToday, notSent, parseForm } from './forms';

describe('notSent: why a submit was not saved, when the server gave no form result', () => {
	it('gives the server’s own words for a refusal it explains, once punctuated', () => {
		expect(notSent(403, { message: '您的账号没有此项权限' })).toBe('您的账号没有此项权限。本次提交未保存，填写的内容仍在本页。');
		expect(notSent(404, { message: '未找到该试点。' })).toBe('未找到该试点。本次提交未保存，填写的内容仍在本页。');
	});

	it('names a server error by its id, never its message', () => {
		expect(notSent(500, { message: 'SQLITE_BUSY: database is locked', errorId: '1a2b3c4d' })).toBe('提交未成功：服务器处理时出错（错误编号 1a2b3c4d）。本次提交未保存，填写的内容仍在本页。请稍后再次提交。');
		expect(notSent(502, 'Bad Gateway')).toBe('提交未成功：服务器处理时出错。本次提交未保存，填写的内容仍在本页。请稍后再次提交。');
	});

	it('says the connection failed when no answer came (a thrown error, not the server’s)', () => {
		expect(notSent(undefined, new TypeError('Failed to fetch'))).toBe('提交未成功：网络中断或服务器暂时无法连接。本次提交未保存，填写的内容仍在本页。请稍后再次提交。');
		// an answer that was not the app's JSON (a proxy's page) cannot be read: it counts as none
		expect(notSent(undefined, new SyntaxError('Unexpected token <'))).toContain('网络中断');
	});
});

describe('a checkbox group with nothing ticked', () => {
	it('is an empty choice, refused in the schema’s own words, not a field missing from the page', async () => {
		const { deadlineSchema, DEADLINE_ARRAY_FIELDS } = await import('./schemas/organisation');
		const form = new FormData();
		form.set('title', '报送工作总结');
		form.set('dueDate', '2026-12-15');
		expect(formValues(form, DEADLINE_ARRAY_FIELDS).values.kinds).toEqual([]);
		const parsed = parseForm(deadlineSchema, form, DEADLINE_ARRAY_FIELDS);
		expect(parsed.ok).toBe(false);
		expect(!parsed.ok && parsed.errors.kinds).toBe('请至少选择一类单位');
	});
});

describe('notAfterToday', () => {
	const check = notAfterToday('doneOn', '完成日期', '2026-12-03');
	it('refuses a date after today at its field, and leaves today, earlier and unreadable dates to others', () => {
		expect(check({ doneOn: '2026-12-04' })).toEqual({ doneOn: '完成日期不能晚于今天（2026-12-03）' });
		expect(check({ doneOn: '2026-12-03' })).toEqual({});
		expect(check({ doneOn: '2025-01-01' })).toEqual({});
		expect(check({ doneOn: '2026-13-45' })).toEqual({});
		expect(check({})).toEqual({});
	});
});

describe('notAcceptedProblem: a chosen file against its input’s accept list', () => {
	const accept = '.pdf,.docx,.xlsx,.jpg,.jpeg,.png,.webp';
	it('takes a listed extension in any case, and refuses anything else', () => {
		expect(notAcceptedProblem(accept, { name: '总结.PDF', type: 'application/pdf' })).toBeNull();
		expect(notAcceptedProblem(accept, { name: '照片.jpeg', type: 'image/jpeg' })).toBeNull();
		expect(notAcceptedProblem(accept, { name: 'bad.exe', type: 'application/x-msdownload' })).toMatch(/不是说明中所列的格式/);
		expect(notAcceptedProblem(accept, { name: 'pdf', type: '' })).not.toBeNull();
	});
	it('matches types exactly or by family, and accepts anything when the list is empty', () => {
		expect(notAcceptedProblem('image/jpeg,image/png', { name: 'a.jpg', type: 'image/jpeg' })).toBeNull();
		expect(notAcceptedProblem('image/jpeg,image/png', { name: 'a.gif', type: 'image/gif' })).not.toBeNull();
		expect(notAcceptedProblem('.pdf,image/*', { name: 'scan.gif', type: 'image/gif' })).toBeNull();
		expect(notAcceptedProblem('', { name: 'anything.bin', type: '' })).toBeNull();
	});
});
