/**
 * The edit state shared by a pilot's item pages: which item the form edits (from `?edit=` or
 * from a failed save), whether the form shows, and the values it shows — what was typed after a
 * refusal, else the item's stored values.
 */
import { page } from '$app/state';

interface Source<T> {
	form: { editing?: number | null; values?: Record<string, unknown>; errors?: Record<string, string> } | null | undefined;
	items: T[];
	canEdit: boolean;
}

export class ItemEditor<T extends { id: number }> {
	#source: () => Source<T>;

	constructor(source: () => Source<T>) {
		this.#source = source;
	}

	editId = $derived.by(() => this.#source().form?.editing ?? (Number(page.url.searchParams.get('edit')) || null));
	editing = $derived.by(() => (this.editId ? (this.#source().items.find((t) => t.id === this.editId) ?? null) : null));
	showForm = $derived.by(() => {
		const s = this.#source();
		return s.canEdit && (page.url.searchParams.has('new') || !!this.editing || !!s.form?.errors);
	});
	values = $derived.by(() => (this.#source().form?.values ?? this.editing ?? {}) as Record<string, unknown>);
}
