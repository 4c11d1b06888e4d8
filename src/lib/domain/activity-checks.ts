/**
 * The activity form's rules across fields and against the pilot's cycle. The browser and the
 * server run them on what was typed, beside the schema, so a submit shows every problem at once
 * and both say the same words.
 */
import { addDays, daysBetween, isValidDate } from './dates';
import { cycleOf } from './progress';

export interface ActivityWindow {
	/** the pilot's approval date (its cycle's first day), null before approval */
	approvalDate: string | null;
	today: string;
}

/**
 * An activity may be dated up to a year before the cycle (earlier work, shown as outside the
 * cycle) and up to the cycle's last day (planned work); nothing further either way. Before
 * approval the year from today stands in for the cycle.
 */
export function activityDateProblem(date: string, ctx: ActivityWindow): string | null {
	const start = ctx.approvalDate ?? ctx.today;
	const end = ctx.approvalDate ? cycleOf(ctx.approvalDate).endDate : addDays(ctx.today, 365);
	if (daysBetween(addDays(start, -365), date) < 0) return `活动日期过早：不能早于 ${addDays(start, -365)}`;
	if (daysBetween(date, end) < 0) return `活动日期不能晚于试点周期结束日 ${end}`;
	return null;
}

const WHOLE = /^\s*\d{1,9}\s*$/;
const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** Field → message for the problems that need more than one field, or the cycle. */
export function activityChecks(values: Record<string, unknown>, ctx: ActivityWindow): Record<string, string> {
	const errors: Record<string, string> = {};
	const date = typeof values.date === 'string' ? values.date.trim() : '';
	if (isValidDate(date)) {
		const problem = activityDateProblem(date, ctx);
		if (problem) errors.date = problem;
	}
	const { volunteers, experts } = values;
	// compared only when both are numbers: a wrong number is its own field's error, not this one
	if (typeof volunteers === 'string' && typeof experts === 'string' && WHOLE.test(volunteers) && WHOLE.test(experts)) {
		const v = Number(volunteers);
		if (v > 0 && Number(experts) > v) errors.experts = '专家人次不应多于志愿者人次';
	}
	// a 亮点活动 is listed on the statistics form with its content and effect, so both must be there
	if (values.highlight !== undefined && values.highlight !== '' && values.highlight !== false) {
		if (!filled(values.description)) errors.description = '亮点活动请填写活动简介（服务内容）';
		if (!filled(values.highlightEffect)) errors.highlightEffect = '亮点活动请填写服务效果';
	}
	return errors;
}

/**
 * Whether people may be recorded on an activity yet: one dated after today is planned work, and
 * hours of service that has not happened must not count toward anybody's total.
 */
export function participantsProblem(activityDate: string, today: string): string | null {
	return activityDate > today ? `活动定于 ${activityDate} 开展，尚未开展，开展后再记录参与人员` : null;
}
