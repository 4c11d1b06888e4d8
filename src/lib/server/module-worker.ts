/**
 * A child process on one of our own modules, for work that must never run on the event loop that
 * answers other users (reading workbooks, drawing PDFs). The caller imports the module itself (so
 * the bundler gives it a chunk) and passes its `selfUrl`: the same code then works from the
 * sources (tests, dev: loaded through tsx) and from the production build's hashed chunk.
 *
 * A process, not a worker thread: a worker thread that reaches its heap limit can still abort the
 * whole server ("FATAL ERROR: Reached heap limit", nodejs/node#47224), and one hostile workbook
 * did so about one time in four. A child that runs out of memory ends alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export type ModuleWorker = ChildProcess;

export function startModuleWorker(selfUrl: string, heapMb: number): ModuleWorker {
	const load = selfUrl.endsWith('.ts') ? `(await import('tsx/esm/api')).tsImport(url, url)` : `import(url)`;
	// the module only needs its message channel: no environment (no secrets) goes with it
	const code = `const url = ${JSON.stringify(selfUrl)}; (await ${load}).serve();`;
	return spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--max-semi-space-size=16', '--input-type=module', '--eval', code], {
		stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
		serialization: 'advanced',
		env: {}
	});
}

/** The child's side: one job from the parent, one answer, then the child ends (a fresh heap for every job). */
export function serveOnce<J, R>(work: (job: J) => Promise<R>): void {
	const send = process.send?.bind(process);
	if (!send) return;
	// a parent that went away takes its job with it
	process.once('disconnect', () => process.exit(0));
	process.once('message', async (job: J) => {
		const result = await work(job);
		send(result, undefined, undefined, () => process.disconnect?.());
	});
}

/**
 * Sends the job and waits for the one answer; `onFailure` gives the answer for a child that ended
 * without one (out of memory, killed) or ran past `timeoutMs`. The child is always ended.
 */
export function runInWorker<J, R>(worker: ModuleWorker, job: J, timeoutMs: number, onFailure: (why: string) => R): Promise<R> {
	return new Promise<R>((resolve) => {
		let settled = false;
		const done = (result: R) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
			resolve(result);
		};
		// an answer given, a failure after it (the child ending once answered) is nothing
		const fail = (why: string) => {
			if (!settled) done(onFailure(why));
		};
		const timer = setTimeout(() => fail('timed out'), timeoutMs);
		worker.once('message', (result: R) => done(result));
		// `on`, not `once`: a second 'error' without a listener would take the whole server down
		worker.on('error', (e) => fail(String(e)));
		// 'close', not 'exit': it comes after the channel has delivered the answer
		worker.once('close', (code, signal) => fail(`ended (${signal ?? `code ${code}`})`));
		worker.send(job as object, (e) => {
			if (e) fail(String(e));
		});
	});
}

/**
 * One job at a time (a child each costs a process and up to its heap): up to `maxWaiting` more
 * wait their turn in order; beyond that the job is refused with `busy()` at once.
 */
export function oneAtATime(maxWaiting: number, busy: () => Error) {
	let running = false;
	const waiting: (() => void)[] = [];
	return async function turn<T>(fn: () => Promise<T>): Promise<T> {
		if (running) {
			if (waiting.length >= maxWaiting) throw busy();
			await new Promise<void>((resolve) => waiting.push(resolve));
		} else running = true;
		try {
			return await fn();
		} finally {
			const next = waiting.shift();
			if (next) next();
			else running = false;
		}
	};
}
