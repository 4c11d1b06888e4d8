/**
 * One in-process queue for every write transaction.
 *
 * The libSQL file client fails concurrent write transactions of one process at once with
 * SQLITE_BUSY (its native binding is synchronous, so a busy wait would also block the event
 * loop). Serialising writes here means SQLite never sees two writers from this process; the
 * busy timeout only has to cover other processes (a backup, a second instance).
 */
export class WriteQueue {
	#tail: Promise<unknown> = Promise.resolve();
	#pending = 0;

	get pending(): number {
		return this.#pending;
	}

	run<T>(task: () => Promise<T>): Promise<T> {
		this.#pending++;
		const result = this.#tail.then(task);
		// The queue moves on whether the task succeeded or not.
		this.#tail = result.then(
			() => undefined,
			() => undefined
		);
		return result.finally(() => {
			this.#pending--;
		});
	}
}
