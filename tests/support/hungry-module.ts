/** A child-process module for module-worker's tests: echoes a job, or eats memory until its heap runs out. */
import { serveOnce } from '../../src/lib/server/module-worker';

export const selfUrl: string = import.meta.url;

export function serve(): void {
	serveOnce(async (job: { eat: boolean; echo?: Uint8Array }) => {
		if (!job.eat) return { echoed: job.echo };
		const kept: number[][] = [];
		for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => i * 1.5));
	});
}
