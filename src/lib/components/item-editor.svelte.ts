/**
 * The edit state shared by a pilot's item pages: which item the form edits (from `?edit=`, or
 * from the last save's answer: a create answers with the new row), whether the form shows, and
 * what its fields start from — the stored item, or a new item's defaults. What was typed before a
 * refusal is the Form component's to show.
 */
import { page } from '$app/state';
import type { FormResult } from '$lib/forms';

interface Source<T> {
	items: T[];
	canEdit: boolean;
	/** a new item's values */
	defaults?: Record<string, unknown>;
}

export class ItemEditor<T extends { id: number }> {
	#source: () => Source<T>;

	constructor(source: () => Source<T>) {
		this.#source = source;
	}

	#answer = $derived.by(() => {
		const form = page.form as FormResult | null;
		return form?.form === 'save' ? form : null;
	});
	editId = $derived.by(() => this.#answer?.editing ?? (Number(page.url.searchParams.get('edit')) || null));
	editing = $derived.by(() => (this.editId ? (this.#source().items.find((t) => t.id === this.editId) ?? null) : null));
	showForm = $derived.by(() => this.#source().canEdit && (page.url.searchParams.has('new') || !!this.editing || !!this.#answer));
	values = $derived.by(() => (this.editing ?? this.#source().defaults ?? {}) as Record<string, unknown>);
}
