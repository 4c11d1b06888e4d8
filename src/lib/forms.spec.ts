import { describe, expect, it } from 'vitest';
import { notSent } from './forms';

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
