/**
 * Reading and filling a rendered form by its fields' names, for the round-trip tests: what a
 * person sees in every control (text, numbers, dates, textareas, selects, checkboxes) as one
 * plain object, so "the form shows what was typed" is one comparison. Works with scripts off.
 */
import type { Locator, Page } from 'playwright-core';

export type FieldValue = string | boolean | string[];

/** The form that posts this formKey. */
export function formByKey(page: Page, key: string): Locator {
	return page.locator(`form:has(> input[name="formKey"][value="${key}"])`);
}

/**
 * Every visible control of a form: `name` → value for text-like inputs, textareas and selects
 * (the selected options' values joined by commas); `name=value` → checked for checkboxes.
 * Hidden inputs, file inputs and the `__staged` checkboxes of files are left out.
 */
export async function snapshot(form: Locator): Promise<Record<string, string | boolean>> {
	const out: Record<string, string | boolean> = {};
	const inputs = form.locator('input[name]');
	for (let i = 0; i < (await inputs.count()); i++) {
		const c = inputs.nth(i);
		const [type, name, value] = await Promise.all([c.getAttribute('type'), c.getAttribute('name'), c.getAttribute('value')]);
		if (!name || name.endsWith('__staged') || ['hidden', 'file', 'submit', 'button'].includes(type ?? '')) continue;
		if (type === 'checkbox' || type === 'radio') out[`${name}=${value ?? 'on'}`] = await c.isChecked();
		else out[name] = await c.inputValue();
	}
	const selects = form.locator('select[name]');
	for (let i = 0; i < (await selects.count()); i++) {
		const c = selects.nth(i);
		const chosen = c.locator('option:checked');
		const values: string[] = [];
		for (let j = 0; j < (await chosen.count()); j++) values.push((await chosen.nth(j).getAttribute('value')) ?? (await chosen.nth(j).textContent()) ?? '');
		out[(await c.getAttribute('name'))!] = values.join(',');
	}
	const areas = form.locator('textarea[name]');
	for (let i = 0; i < (await areas.count()); i++) {
		const c = areas.nth(i);
		out[(await c.getAttribute('name'))!] = (await c.inputValue()).replaceAll('\r\n', '\n');
	}
	return out;
}

/** Sets each named field: selects by value, checkboxes on/off (a group: exactly the listed values), the rest typed. */
export async function fillByName(form: Locator, values: Record<string, FieldValue>): Promise<void> {
	for (const [name, v] of Object.entries(values)) {
		const els = form.locator(`[name="${name}"]`);
		const count = await els.count();
		if (!count) throw new Error(`no field named ${name}`);
		const first = els.first();
		const isSelect = (await form.locator(`select[name="${name}"]`).count()) > 0;
		const type = await first.getAttribute('type');
		if (isSelect) await first.selectOption(String(v));
		else if (type === 'checkbox') {
			for (let i = 0; i < count; i++) {
				const el = els.nth(i);
				const on = Array.isArray(v) ? v.includes((await el.getAttribute('value')) ?? 'on') : v === true;
				await el.setChecked(on);
			}
		} else await first.fill(String(v));
	}
}

/** The value of a select's last option (a non-first, non-default choice). */
export async function lastOption(form: Locator, name: string): Promise<string> {
	return (await form.locator(`select[name="${name}"] option`).last().getAttribute('value')) ?? '';
}

/** The values a checkbox group offers, in page order. */
export async function checkboxValues(form: Locator, name: string): Promise<string[]> {
	const els = form.locator(`input[type=checkbox][name="${name}"]`);
	const out: string[] = [];
	for (let i = 0; i < (await els.count()); i++) out.push((await els.nth(i).getAttribute('value')) ?? 'on');
	return out;
}

/** A real 1×1 PNG (the server checks the bytes, not the name). */
export const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export function png(name: string) {
	return { name, mimeType: 'image/png', buffer: PNG_1x1 };
}
