/**
 * A worker thread on one of our own modules, for work that must never run on the event loop that
 * answers other users (reading workbooks, drawing PDFs). The caller imports the module itself (so
 * the bundler gives it a chunk) and passes its `selfUrl`: the same code then works from the
 * sources (tests, dev: loaded through tsx) and from the production build's hashed chunk.
 */
import { Worker } from 'node:worker_threads';

export function startModuleWorker(selfUrl: string, heapMb: number): Worker {
	const load = selfUrl.endsWith('.ts') ? `(await import('tsx/esm/api')).tsImport(url, url)` : `import(url)`;
	// eval: a CommonJS script; it only imports the module and hands it the message port
	const code = `(async () => { const url = ${JSON.stringify(selfUrl)}; (await ${load}).serve(); })()`;
	return new Worker(code, {
		eval: true,
		resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
		stdout: false,
		stderr: false,
		env: {}
	});
}
