/**
 * Checks run on a loaded page in Chromium: what sticks out past the viewport (outside a scroll
 * container) and what axe-core's WCAG 2.1 AA rules find.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Every page a role opens, as paths; `{pilot}` and `{round}` are filled in by the caller. */
export const PAGES_BY_ROLE: Record<string, string[]> = {
	admin: [
		'/province',
		'/summary',
		'/review',
		'/audit',
		'/pilots/{pilot}',
		'/pilots/{pilot}/review',
		'/pilots/{pilot}/reports',
		'/pilots/{pilot}/people/{person}',
		'/certificates',
		'/certificates?number={certificateNumber}',
		'/admin/users',
		'/admin/users/{user}',
		'/admin/rounds',
		'/admin/rounds/{round}',
		'/account',
		'/organisation',
		'/organisation/units/{unit}',
		'/organisation/deadlines',
		'/organisation/bin'
	],
	staff: ['/province', '/review', '/audit', '/pilots/{pilot}', '/pilots/{pilot}/review', '/pilots/{pilot}/publicity', '/pilots/{pilot}/acceptance', '/organisation', '/organisation/units/{unit}'],
	leader: ['/summary', '/province', '/pilots/{pilot}', '/pilots/{pilot}/teams/{team}/roster', '/pilots/{pilot}/people', '/pilots/{pilot}/certificates/{certificate}', '/pilots/{pilot}/culture'],
	editor: [
		'/pilots/{pilot}',
		'/pilots/{pilot}/teams',
		'/pilots/{pilot}/teams/{team}/roster',
		'/pilots/{pilot}/projects',
		'/pilots/{pilot}/activities',
		'/pilots/{pilot}/activities/{activity}/participants',
		'/pilots/{pilot}/people',
		'/pilots/{pilot}/people/{person}',
		'/pilots/{pilot}/certificates/{certificate}',
		'/pilots/{pilot}/stations',
		'/pilots/{pilot}/mechanisms',
		'/pilots/{pilot}/reports',
		'/pilots/{pilot}/import',
		'/pilots/{pilot}/bin',
		'/audit',
		// issue 21 (the forms open, so their fields are checked too)
		'/pilots/{pilot}/publicity?new',
		'/pilots/{pilot}/culture?new',
		'/pilots/{pilot}/activities?new',
		'/pilots/{pilot}/acceptance'
	],
	// issue 20: nominations (the demo call 1; nomination 1 submitted and assigned to the expert, 3 a draft of the unit)
	unit: ['/nominations', '/nominations/1', '/nominations/1/3'],
	expert: ['/nominations', '/nominations/1', '/nominations/1/1']
};
// and the province's view of them
PAGES_BY_ROLE.admin.push('/nominations', '/nominations/1', '/nominations/1/1');

export interface Overflow {
	tag: string;
	text: string;
	right: number;
}

/**
 * Elements whose box reaches past the viewport's right edge and are not inside an element that
 * scrolls them (overflow-x auto/scroll/hidden), plus the page's own scroll width.
 */
export async function overflowOf(page: Page): Promise<{ scrollWidth: number; innerWidth: number; offenders: Overflow[] }> {
	// a string, so that no bundler helper (esbuild's __name) leaks into the page
	return page.evaluate(`(() => {
		const width = window.innerWidth;
		const offenders = [];
		for (const el of document.body.querySelectorAll('*')) {
			const r = el.getBoundingClientRect();
			if (r.width === 0 || r.height === 0 || r.right <= width + 0.5) continue;
			let scrolled = false;
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				const ox = getComputedStyle(p).overflowX;
				if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') scrolled = true;
			}
			const s = getComputedStyle(el);
			if (scrolled || s.position === 'fixed' || s.visibility === 'hidden') continue;
			offenders.push({ tag: el.tagName.toLowerCase() + '.' + [...el.classList].join('.'), text: (el.textContent || '').trim().slice(0, 40), right: Math.round(r.right) });
		}
		return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, offenders: offenders.slice(0, 10) };
	})()`);
}

export interface AxeFinding {
	id: string;
	impact: string | null;
	help: string;
	targets: string[];
}

/**
 * Injects axe-core into the page and runs the WCAG 2.1 A/AA rules. Evaluated through the
 * devtools protocol, since the page's CSP (rightly) refuses an injected <script>.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
	await page.evaluate(AXE_SOURCE);
	return page.evaluate(`(async () => {
		const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] });
		return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 8).map((n) => n.target.join(' ')) }));
	})()`);
}
