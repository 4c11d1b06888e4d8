/**
 * Starts the production build (adapter-node) on a free loopback port over a fresh demo database.
 * Child processes get a clean environment: vitest's NODE_ENV=test/VITEST/MODE would otherwise
 * leak into the build and the server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (k.startsWith('VITEST') || k === 'NODE_ENV' || k === 'MODE' || k === 'TEST' || k === 'DATABASE_URL') continue;
		env[k] = v;
	}
	return { ...env, ...extra };
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): void {
	const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

export function build(): void {
	run('npx', ['vite', 'build'], cleanEnv());
}

export interface RunningServer {
	url: string;
	databaseUrl: string;
	dataDir: string;
	today: string;
	child: ChildProcess;
	stop(): Promise<void>;
}

/** Fresh database with the demo loaded for `today`, then `node build` on a free port. */
export async function startServer(today: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'sdt-e2e-'));
	const databaseUrl = `file:${join(dataDir, 'e2e.db')}`;
	const env = cleanEnv({ DATABASE_URL: databaseUrl, SHIDIANTONG_TODAY: today, DATA_DIR: dataDir, ...extraEnv });
	run('npx', ['tsx', 'src/lib/server/cli/seed.ts', '--reset'], env);
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, ['build'], {
		env: { ...env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: url, NODE_ENV: 'production', BODY_SIZE_LIMIT: '11M' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout?.on('data', (d) => (log += d));
	child.stderr?.on('data', (d) => (log += d));
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
		try {
			const res = await fetch(`${url}/health`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
		await new Promise((r) => setTimeout(r, 150));
	}
	return {
		url,
		databaseUrl,
		dataDir,
		today,
		child,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}
