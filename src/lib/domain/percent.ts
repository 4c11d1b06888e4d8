/**
 * Thresholds are stored as fractions (0.15, as DOMAIN.md states them) and read and typed as
 * percentages (15%): one tenth of a percent is the finest step, so 0.155 ⇄ "15.5" both ways and a
 * value typed is the value shown after saving.
 */
export const PERCENT_PATTERN = /^(100(\.0)?|\d{1,2}(\.\d)?)\s*[%％]?$/;

/** "15", "15%", "15.5" → 0.15, 0.15, 0.155; null when it is not a percentage from 0 to 100. */
export function fractionFromPercent(text: string): number | null {
	const t = text.trim();
	if (!PERCENT_PATTERN.test(t)) return null;
	return Math.round(parseFloat(t) * 10) / 1000;
}

/** 0.15 → "15", 0.155 → "15.5" (no float noise such as 15.000000000000002). */
export function percentText(fraction: number): string {
	return String(Math.round(fraction * 1000) / 10);
}
