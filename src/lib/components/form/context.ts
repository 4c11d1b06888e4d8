/**
 * What a form tells its fields: the value each shows (what is stored, or what was typed when the
 * last submit of this form was refused) and the error at each. Fields read it by name, so no page
 * wires a value or an error by hand and none can show another form's input.
 */
import { getContext, onDestroy, setContext, tick } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';

export interface FormContext {
	/** the form's key; fields of two forms with the same names get distinct ids from it */
	readonly key: string;
	/**
	 * Changes when the fields must show their source again: the form got an answer, or what is
	 * stored changed. Unchanged otherwise, so saving one form never clears what is typed in another.
	 */
	readonly epoch: object;
	value(name: string): unknown;
	error(name: string): string | null;
	/** a file accepted by a refused submit, kept on the server so it need not be chosen again */
	staged(name: string): { token: string; name: string } | null;
}

const KEY = Symbol('form');

export function setFormContext(ctx: FormContext) {
	setContext(KEY, ctx);
}

export function formContext(): FormContext | undefined {
	return getContext<FormContext | undefined>(KEY);
}

/** The id of a field: unique across the page's forms. */
export function fieldId(ctx: FormContext | undefined, name: string, prefix = ''): string {
	const scope = ctx && ctx.key !== 'save' ? `${ctx.key.replace(/[^a-zA-Z0-9_-]/g, '-')}-` : '';
	return `f-${scope}${prefix}${name}`;
}

/** Whether a checkbox with this value is ticked by a stored or typed value. */
export function isChecked(source: unknown, value: string): boolean {
	if (Array.isArray(source)) return source.map(String).includes(value);
	if (typeof source === 'boolean') return source;
	return source != null && String(source) === value;
}

const SHOWN = Symbol('forms shown');

/** How many components of the page show each form key's answers. */
export type ShownForms = SvelteMap<string, number>;

/**
 * The keys of the forms a page shows, so the layout can show an answer no form on the page would
 * (a form that is gone once its action succeeded, or a post from a script that named no form).
 * Counted, not a set: when one component showing a key gives way to another (a form to the
 * notice that replaces it), the newcomer may arrive before the other leaves.
 */
export function trackShownForms(): ShownForms {
	const shown: ShownForms = new SvelteMap();
	setContext(SHOWN, shown);
	return shown;
}

/** Counts the keys as shown for as long as the calling component lives (read once, at its start). */
export function markShown(keys: () => string | string[]) {
	const shown = getContext<ShownForms | undefined>(SHOWN);
	if (!shown) return;
	const list = [keys()].flat();
	for (const k of list) shown.set(k, (shown.get(k) ?? 0) + 1);
	onDestroy(() => {
		for (const k of list) {
			const left = (shown.get(k) ?? 1) - 1;
			if (left > 0) shown.set(k, left);
			else shown.delete(k);
		}
	});
}

/**
 * Resolves once an answer can be scrolled into view and stay there: after Svelte has drawn it,
 * after SvelteKit's focus reset (on a success with `#id` in the address it puts the scroll back,
 * in a timer, where it was when the answer arrived) and after the new data is laid out (a row
 * added above a form moves it down). Without the timer step a loaded machine drew frames first
 * and the answer was scrolled out of view again.
 */
export async function answerSettled(): Promise<void> {
	await tick();
	await new Promise((done) => setTimeout(done, 0));
	await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
}
