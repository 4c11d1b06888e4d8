import { describe, expect, it } from 'vitest';
import { oneAtATime, runInWorker, startModuleWorker } from '$lib/server/module-worker';
import { selfUrl } from '../support/hungry-module';

describe('work in a child process', () => {
	it('answers a job, with its bytes intact', async () => {
		const echo = new Uint8Array([0, 1, 254, 255]);
		const answer = await runInWorker(startModuleWorker(selfUrl, 64), { eat: false, echo }, 60_000, (why) => ({ failed: why }));
		expect(answer).toEqual({ echoed: echo });
	});

	it('survives a child that runs out of memory: the job fails alone, and this process goes on', async () => {
		const child = startModuleWorker(selfUrl, 32);
		const answer = await runInWorker(child, { eat: true }, 60_000, (why) => ({ failed: why }));
		expect(answer).toEqual({ failed: expect.stringMatching(/^ended \((SIGABRT|SIGTRAP|SIGKILL|code \d+)\)$/) });
		expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
		// and the next job runs as if nothing happened
		expect(await runInWorker(startModuleWorker(selfUrl, 64), { eat: false }, 60_000, (why) => ({ failed: why }))).toEqual({ echoed: undefined });
	});

	it('ends a child that takes too long', async () => {
		const child = startModuleWorker(selfUrl, 512);
		const answer = await runInWorker(child, { eat: true }, 300, (why) => ({ failed: why }));
		expect(answer).toEqual({ failed: 'timed out' });
		await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('close', resolve)));
		expect(child.signalCode).toBe('SIGKILL');
	});
});

describe('one job at a time', () => {
	it('runs jobs one after another in the order they came, a few waiting; one more is refused at once', async () => {
		const turn = oneAtATime(2, () => new Error('busy'));
		const order: string[] = [];
		let release!: () => void;
		const first = turn(async () => {
			order.push('first starts');
			await new Promise<void>((resolve) => (release = resolve));
			order.push('first ends');
			return 1;
		});
		const second = turn(async () => (order.push('second'), 2));
		const third = turn(async () => (order.push('third'), 3));
		await expect(turn(async () => 4)).rejects.toThrow('busy');
		release();
		expect(await Promise.all([first, second, third])).toEqual([1, 2, 3]);
		expect(order).toEqual(['first starts', 'first ends', 'second', 'third']);
		// a failing job hands the turn on too
		await expect(turn(async () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
		expect(await turn(async () => 5)).toBe(5);
	});
});
