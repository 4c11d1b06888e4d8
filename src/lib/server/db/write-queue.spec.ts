import { describe, expect, it } from 'vitest';
import { WriteQueue } from './write-queue';

/** A stand-in database: a transaction's appends land only if its body returns. */
function fakeDatabase(options: { failCommit?: unknown } = {}) {
	const committed: string[] = [];
	let transactions = 0;
	const transact = async <T>(body: (tx: string[]) => Promise<T>): Promise<T> => {
		transactions++;
		const staged: string[] = [];
		await new Promise((r) => setTimeout(r, 1)); // BEGIN takes a moment: others queue meanwhile
		const result = await body(staged);
		if (options.failCommit) throw options.failCommit;
		committed.push(...staged);
		return result;
	};
	return { committed, transact, transactions: () => transactions };
}

const DATABASE_FAILURE = new Error('disk full');

describe('WriteQueue', () => {
	it('commits writes that wait together in one transaction, in order, each acknowledged with its own result', async () => {
		const db = fakeDatabase();
		const queue = new WriteQueue(db.transact, (e) => e === DATABASE_FAILURE);
		const results = await Promise.all(
			Array.from({ length: 6 }, (_, i) =>
				queue.run(async (tx) => {
					tx.push(`w${i}`);
					return i * 10;
				})
			)
		);
		expect(results).toEqual([0, 10, 20, 30, 40, 50]);
		expect(db.committed).toEqual(['w0', 'w1', 'w2', 'w3', 'w4', 'w5']);
		expect(db.transactions()).toBe(1); // all six came in the same turn of the event loop
	});

	it('never lets a failing write take another one with it, nor land anything twice', async () => {
		const db = fakeDatabase();
		const queue = new WriteQueue(db.transact, (e) => e === DATABASE_FAILURE);
		const outcomes = await Promise.allSettled([
			queue.run(async (tx) => void tx.push('first')),
			queue.run(async (tx) => void tx.push('a')),
			queue.run(async (tx) => {
				tx.push('refused');
				throw new Error('这条记录已被他人修改');
			}),
			queue.run(async (tx) => void tx.push('b'))
		]);
		expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
		expect((outcomes[2] as PromiseRejectedResult).reason.message).toBe('这条记录已被他人修改');
		expect(db.committed).toEqual(['first', 'a', 'b']);
	});

	it('gives every write of a group the database’s own failure, without retrying them one by one', async () => {
		const db = fakeDatabase({ failCommit: DATABASE_FAILURE });
		const queue = new WriteQueue(db.transact, (e) => e === DATABASE_FAILURE);
		const outcomes = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => queue.run(async (tx) => void tx.push(`w${i}`))));
		expect(outcomes.every((o) => o.status === 'rejected' && o.reason === DATABASE_FAILURE)).toBe(true);
		expect(db.committed).toEqual([]);
		expect(db.transactions()).toBe(1);
	});

	it('lets a write that comes while a group runs join the next group', async () => {
		const db = fakeDatabase();
		const queue = new WriteQueue(db.transact, () => false);
		const first = queue.run(async (tx) => {
			tx.push('first');
			// a request read while this transaction waits on I/O
			void queue.run(async (later) => void later.push('second'));
			void queue.run(async (later) => void later.push('third'));
			await new Promise((r) => setTimeout(r, 1));
		});
		await first;
		await queue.run(async () => undefined);
		expect(db.committed).toEqual(['first', 'second', 'third']);
		expect(db.transactions()).toBe(2);
	});

	it('keeps going after a failure', async () => {
		const db = fakeDatabase();
		const queue = new WriteQueue(db.transact, () => false);
		await expect(queue.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		await expect(queue.run(async (tx) => tx.push('after'))).resolves.toBe(1);
		expect(db.committed).toEqual(['after']);
	});
});
