/** The 志愿服务记录证明 form: the period it covers and who issues it. Shared by the browser and the action. */
import { z } from 'zod';
import { date, text } from './common';
import { afterTodayProblem } from '../domain/dates';

export const certificateSchema = z.object({
	periodStart: date('服务起始日期'),
	periodEnd: date('服务截止日期'),
	organisation: text('出具单位', 40),
	principal: text('负责人', 20),
	handler: text('经办人', 20)
});
export type CertificateInput = z.output<typeof certificateSchema>;

/** Field → message for what needs more than one field, or today. */
export function certificateChecks(values: Record<string, unknown>, today: string): Record<string, string> {
	const errors: Record<string, string> = {};
	const start = typeof values.periodStart === 'string' ? values.periodStart.trim() : '';
	const end = typeof values.periodEnd === 'string' ? values.periodEnd.trim() : '';
	const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
	const ahead = isDate(end) ? afterTodayProblem('截止日期', end, today) : null;
	if (ahead) errors.periodEnd = ahead;
	if (isDate(start) && isDate(end) && start > end) errors.periodEnd = '截止日期不能早于起始日期';
	return errors;
}

/** The people list's search. */
export const peopleQuery = z.object({ q: z.string().max(40).optional(), page: z.coerce.number().int().min(1).max(100_000).optional() });
