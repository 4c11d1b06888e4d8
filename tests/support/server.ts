/**
 * Starts the production build (adapter-node) on a free loopback port over a fresh demo database.
 * Child processes get a clean environment: vitest's NODE_ENV=test/VITEST/MODE would otherwise
 * leak into the build and the server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
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

/**
 * Where the tests' production build goes: never build/, which a developer's `npm start` of the same
 * checkout may be serving (rebuilding it in place deletes the chunks that server still loads).
 */
export const TEST_BUILD_DIR = '.test-build';

/** Every file under `dir` with its size and modification time, or 'absent': to show a build left it alone. */
export function buildDirState(dir: string): string {
	if (!existsSync(dir)) return 'absent';
	const lines: string[] = [];
	for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
		const s = statSync(join(dir, entry));
		if (s.isFile()) lines.push(`${entry} ${s.size} ${s.mtimeMs} ${s.ino}`);
	}
	return lines.join('\n');
}

export function build(): void {
	run('npx', ['vite', 'build'], cleanEnv({ BUILD_DIR: TEST_BUILD_DIR }));
}

export interface RunningServer {
	url: string;
	databaseUrl: string;
	dataDir: string;
	today: string;
	child: ChildProcess;
	/** what the server printed so far */
	log(): string;
	stop(): Promise<void>;
	/** SIGKILL: no shutdown, no cleanup, like a power cut to the process */
	kill(): Promise<void>;
}

/** Fresh database with the demo loaded for `today`, then `node .test-build` on a free port. */
export async function startServer(today: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'sdt-e2e-'));
	const databaseUrl = `file:${join(dataDir, 'e2e.db')}`;
	seedDemo(databaseUrl, dataDir, today, extraEnv);
	return launchServer({ databaseUrl, dataDir, today, env: extraEnv });
}

/** Loads the demo for `today` into a fresh database at `databaseUrl`. */
export function seedDemo(databaseUrl: string, dataDir: string, today: string, extraEnv: Record<string, string> = {}): void {
	run('npx', ['tsx', 'src/lib/server/cli/seed.ts', '--reset'], cleanEnv({ DATABASE_URL: databaseUrl, SHIDIANTONG_TODAY: today, DATA_DIR: dataDir, ...extraEnv }));
}

export interface LaunchOptions {
	databaseUrl: string;
	dataDir: string;
	today: string;
	env?: Record<string, string>;
	/** RLIMIT_FSIZE for the server (`ulimit -f`, SIGXFSZ ignored): no file it writes may grow past this many bytes */
	fileSizeLimitBytes?: number;
}

/** The test build on a free port over an existing database (a restart after a crash, or a second run). */
export async function launchServer(options: LaunchOptions): Promise<RunningServer> {
	const { databaseUrl, dataDir, today } = options;
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const env = cleanEnv({
		DATABASE_URL: databaseUrl,
		SHIDIANTONG_TODAY: today,
		DATA_DIR: dataDir,
		...options.env,
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: url,
		NODE_ENV: 'production',
		BODY_SIZE_LIMIT: '11M'
	});
	const limit = options.fileSizeLimitBytes;
	const child =
		limit === undefined
			? spawn(process.execPath, [TEST_BUILD_DIR], { env, stdio: ['ignore', 'pipe', 'pipe'] })
			: // bash counts `ulimit -f` in 1024-byte blocks; an ignored SIGXFSZ stays ignored across exec,
				// so an over-long write fails with EFBIG instead of killing the server
				spawn('bash', ['-c', `trap '' XFSZ; ulimit -f ${Math.max(1, Math.floor(limit / 1024))} && exec "$0" "$1"`, process.execPath, TEST_BUILD_DIR], {
					env,
					stdio: ['ignore', 'pipe', 'pipe']
				});
	let log = '';
	child.stdout?.on('data', (d) => (log += d));
	child.stderr?.on('data', (d) => (log += d));
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited early:\n${log}`);
		try {
			const res = await fetch(`${url}/health`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	const signal = (sig: NodeJS.Signals) =>
		new Promise<void>((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill(sig);
		});
	return {
		url,
		databaseUrl,
		dataDir,
		today,
		child,
		log: () => log,
		stop: () => signal('SIGTERM'),
		kill: () => signal('SIGKILL')
	};
}
