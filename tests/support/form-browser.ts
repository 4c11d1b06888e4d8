/**
 * Driving a form in Chromium the way its user does, with JavaScript on or off: submit and wait for
 * the answer, find the form's success message or a field's error, and answer 取消 to a question.
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

const WAIT = 30_000;

/** The form's own submit button (the last one: a row's delete buttons may come first). */
export const submitButton = (form: Locator) => form.locator('button[type=submit]').last();

/**
 * Clicks `button` and waits for the answer: without scripts the next page load; with them the
 * POST's answer and then no form busy any more (the form may be gone, or the page redirected).
 */
export async function submitAndWait(page: Page, button: Locator, js: boolean) {
	if (!js) {
		await Promise.all([page.waitForEvent('load', { timeout: WAIT }), button.click()]);
		return;
	}
	await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST', { timeout: WAIT }), button.click()]);
	await expect.poll(() => page.evaluate(() => !document.querySelector('form[aria-busy="true"]')), { timeout: WAIT }).toBe(true);
}

/** The success message within `scope`; fails naming the errors shown instead. */
export async function expectSaved(scope: Page | Locator, text: string | RegExp) {
	const status = scope.getByRole('status').filter({ hasText: text });
	await status.first().waitFor({ timeout: 15_000 }).catch(async () => {
		const errors = await scope.locator('[role=alert], .field-error').allTextContents();
		throw new Error(`no “${text}”; shown instead: ${errors.join(' | ') || '(nothing)'}`);
	});
}

/** The field's error is shown (the refusal reached the field). */
export async function expectRefusedAt(form: Locator, name: string) {
	await form.locator(`[aria-invalid="true"][name="${name}"]`).first().waitFor({ timeout: 15_000 });
}

/**
 * Clicks `button`, whose form asks first, and answers 取消: with scripts the browser's dialog is
 * dismissed and no request goes out; without them the server answers 428 with the question, and
 * its 取消 brings the form back as typed, with no question left. Checking the database is the caller's part.
 */
export async function cancelConfirmation(page: Page, button: Locator, js: boolean, question: RegExp) {
	if (js) {
		let posts = 0;
		const count = (r: { method(): string }) => {
			if (r.method() === 'POST') posts++;
		};
		page.on('request', count);
		const asked = new Promise<string>((resolve) =>
			page.once('dialog', async (d) => {
				resolve(d.message());
				await d.dismiss();
			})
		);
		await button.click();
		expect(await asked).toMatch(question);
		await page.waitForLoadState('networkidle');
		page.off('request', count);
		expect(posts, 'nothing sent after 取消').toBe(0);
	} else {
		const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.waitForEvent('load'), button.click()]);
		expect(`${response.status()} ${response.url()}`).toMatch(/^428 /);
		const dialog = page.getByRole('alertdialog', { name: '请确认' });
		await expect(dialog.textContent()).resolves.toMatch(question);
		await expect(dialog.getByRole('button', { name: '确定' }).count()).resolves.toBe(1);
		await Promise.all([page.waitForEvent('load'), dialog.getByRole('button', { name: '取消' }).click()]);
		await expect(page.getByRole('alertdialog', { name: '请确认' }).count()).resolves.toBe(0);
	}
}
