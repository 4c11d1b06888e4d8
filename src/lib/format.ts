/** Instants shown to people: always Beijing time, whatever the browser's or server's zone. */
const full = new Intl.DateTimeFormat('zh-CN', {
	timeZone: 'Asia/Shanghai',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hour12: false
});
const short = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** "2026/11/23 10:29:08" */
export const beijingTime = (ms: number) => full.format(new Date(ms));
/** "11/23 10:29", where the year goes without saying */
export const beijingShortTime = (ms: number) => short.format(new Date(ms));

/** A share as a whole percentage, "—" when there is none: 0.153 → "15%". */
export const percent = (x: number | null | undefined) => (x == null ? '—' : `${Math.round(x * 100)}%`);
