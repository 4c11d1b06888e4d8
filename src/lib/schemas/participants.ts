/** The participants form (who took part in an activity, with hours) and the 签到表 import's fields. */
import { z } from 'zod';
import { MAX_HOURS_PER_ACTIVITY, parseHours } from '../domain/service-hours';

export const HOURS_MESSAGE = `时长须为 0 至 ${MAX_HOURS_PER_ACTIVITY} 之间的数字，最多一位小数`;
export const PERSON_RE = /^[0-9a-f]{64}$/;
/** The field of one person's hours: `h_` and their reference. */
export const hoursField = (hash: string) => `h_${hash}`;

export function hoursText(label: string) {
	return z
		.string({ error: `请填写${label}` })
		.refine((s) => parseHours(s) !== null, `${label}：${HOURS_MESSAGE}`)
		.transform((s) => parseHours(s)!);
}

export const participantsSchema = z.object({
	defaultHours: hoursText('每人默认时长'),
	people: z.array(z.string().regex(PERSON_RE, '所选人员无效，请刷新页面后重新选择')).max(20_000)
});
export const PARTICIPANT_ARRAY_FIELDS = ['people'] as const;

/**
 * Each person's own hours, where typed, must be hours too (blank means the default), and belong to
 * someone ticked: hours typed beside an unticked name would otherwise be dropped unsaid. Someone
 * `recorded` before and unticked now is being removed (the form asks about that): their hours go with them.
 */
export function participantChecks(values: Record<string, unknown>, recorded: ReadonlySet<string> = new Set()): Record<string, string> {
	const errors: Record<string, string> = {};
	const ticked = new Set((Array.isArray(values.people) ? values.people : [values.people]).map(String));
	for (const [key, value] of Object.entries(values)) {
		if (!key.startsWith('h_')) continue;
		const typed = typeof value === 'string' && value.trim() !== '';
		if (!PERSON_RE.test(key.slice(2))) errors[key] = '无效的字段';
		else if (typed && parseHours(value) === null) errors[key] = HOURS_MESSAGE;
		else if (typed && !ticked.has(key.slice(2)) && !recorded.has(key.slice(2))) errors[key] = '已填写时长但未勾选此人：请勾选，或清空时长';
	}
	return errors;
}

export const sheetCheckSchema = z.object({ defaultHours: hoursText('每人默认时长') });
