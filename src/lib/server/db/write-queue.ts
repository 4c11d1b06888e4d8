/**
 * One in-process queue for every write transaction, committing what waits together.
 *
 * The libSQL file client fails concurrent write transactions of one process at once with
 * SQLITE_BUSY (its native binding is synchronous, so a busy wait would also block the event
 * loop). Serialising writes here means SQLite never sees two writers from this process; the
 * busy timeout only has to cover other processes (a backup, a second instance).
 *
 * Writes that queue up while one transaction runs are run in the next transaction together, in
 * the order they came, and each is acknowledged only when that transaction has committed: one
 * fsync'd commit for several saves instead of one each. If any of them fails, the whole group is
 * rolled back and each one is run again alone, so a failing write never takes another's change
 * with it and every caller sees exactly what running alone would give. A failure the database
 * itself reports (locked past the busy timeout, disk full) is final for the whole group: running
 * each alone would only wait or fail again.
 */
export type Transact<Tx> = <T>(body: (tx: Tx) => Promise<T>) => Promise<T>;

interface Job<Tx> {
	fn: (tx: Tx) => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (reason: unknown) => void;
}

export class WriteQueue<Tx> {
	#waiting: Job<Tx>[] = [];
	#draining = false;

	constructor(
		private readonly transact: Transact<Tx>,
		/** whether a group's failure is the database's, not one write's: then it is final for all */
		private readonly failsEveryone: (error: unknown) => boolean,
		private readonly maxGroup = 16
	) {}

	run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.#waiting.push({ fn, resolve: resolve as (value: unknown) => void, reject });
			if (!this.#draining) void this.#drain();
		});
	}

	async #drain() {
		this.#draining = true;
		try {
			while (this.#waiting.length) {
				// A transaction runs as one chain of microtasks: no request is read meanwhile. One turn
				// of the event loop first lets requests that have arrived reach the queue and join.
				await new Promise((resolve) => setImmediate(resolve));
				await this.#runGroup(this.#waiting.splice(0, this.maxGroup));
			}
		} finally {
			this.#draining = false;
		}
	}

	async #runGroup(group: Job<Tx>[]) {
		if (group.length > 1) {
			const results: unknown[] = [];
			try {
				await this.transact(async (tx) => {
					for (const job of group) results.push(await job.fn(tx));
				});
				group.forEach((job, i) => job.resolve(results[i]));
				return;
			} catch (e) {
				if (this.failsEveryone(e)) {
					for (const job of group) job.reject(e);
					return;
				}
				// one of them failed: find out which by running each alone
			}
		}
		for (const job of group) await this.transact(job.fn).then(job.resolve, job.reject);
	}
}
