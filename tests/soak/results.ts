import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RESULTS_DIR = join(import.meta.dirname, 'results');

/** Writes the figures of one soak test to tests/soak/results/<name>.json and returns the path. */
export function saveResults(name: string, figures: unknown): string {
	mkdirSync(RESULTS_DIR, { recursive: true });
	const path = join(RESULTS_DIR, `${name}.json`);
	writeFileSync(path, JSON.stringify(figures, null, '\t') + '\n');
	return path;
}

export function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return 0;
	return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}
