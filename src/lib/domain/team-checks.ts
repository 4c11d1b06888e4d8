/**
 * The team form's rule against the calendar, run by the server beside the schema so it shows
 * with every other problem: a team is recorded once it exists, so its 成立日期 is not ahead of today
 * (the monthly report counts teams by the month they were founded).
 */
import { afterTodayProblem, isValidDate } from './dates';

export function teamChecks(values: Record<string, unknown>, today: string): Record<string, string> {
	const founded = typeof values.foundedOn === 'string' ? values.foundedOn.trim() : '';
	const ahead = isValidDate(founded) ? afterTodayProblem('成立日期', founded, today) : null;
	return ahead ? { foundedOn: ahead } : {};
}
