/** Hostile inputs shared by the unit tests and the e2e suites. */

/** Payloads a browser would follow to another site (or run), each refused. */
export const HOSTILE_REDIRECTS: string[] = [
	'//evil.example',
	'///evil.example',
	'/.//evil.example/x',
	'/./\\evil.example',
	'/a/..//evil.example',
	'/a/b/../..//evil.example',
	'/%2e//evil.example',
	'/%2E%2E//evil.example',
	'/.%2e//evil.example',
	'/\\evil.example',
	'/\\/evil.example',
	'\\\\evil.example',
	'/\t/evil.example',
	'/\n/evil.example',
	'/\r\n/evil.example',
	'/ /evil.example',
	'javascript:alert(1)',
	'JaVaScRiPt:alert(1)',
	' javascript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'http://evil.example',
	'https://evil.example/province',
	'http:evil.example',
	'evil.example',
	'http://127.0.0.1:3000@evil.example/',
	'/\u0000//evil.example',
	''
];
