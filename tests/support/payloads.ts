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

/**
 * How many attempts on one account the login throttle lets reach the password check within `ms`
 * (src/lib/server/auth/throttle.ts ACCOUNT_DELAYS): three free, the 4th, then one after each wait
 * of 5 s, 15 s, 30 s, 60 s, 180 s, 300 s. Tests compare with this instead of assuming a speed.
 */
export function accountAttemptsWithin(ms: number): number {
	let allowed = 4;
	let waited = 0;
	for (const delay of [5, 15, 30, 60, 180, 300]) {
		waited += delay * 1000;
		if (waited <= ms) allowed++;
	}
	return allowed;
}
