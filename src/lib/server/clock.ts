/**
 * The one place the app reads the clock.
 *
 * "Today" is the calendar date in Asia/Shanghai whatever the server's time zone.
 * `SHIDIANTONG_TODAY=YYYY-MM-DD` pins it for tests and demos.
 */
import { isValidDate } from '../domain/dates';

const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Asia/Shanghai',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

export function todayIn(instant: Date): string {
	return shanghaiDate.format(instant);
}

export function today(env: Record<string, string | undefined> = process.env): string {
	const pinned = env.SHIDIANTONG_TODAY?.trim();
	if (pinned) {
		if (!isValidDate(pinned)) throw new Error(`SHIDIANTONG_TODAY is not a valid date: ${pinned}`);
		return pinned;
	}
	return todayIn(new Date());
}

/** Milliseconds since the epoch; the only source of instants (sessions, audit, throttling). */
export function now(): number {
	return Date.now();
}
