/**
 * 宣传 (scheme 五（三）): a pilot's exemplary cases (先进典型) and media reports (媒体报道), sent to
 * the province (报送) and acknowledged there (已收到 / 已采用). Pure rules: what counts, who may
 * move an item where, and what a record needs.
 *
 * Rules chosen where DOMAIN.md is silent:
 * - An item counts once the pilot has sent it (`reported`, `received` or `adopted`); a draft
 *   counts nowhere. "已报送" figures on the pilot page, the dashboard and the summary are these.
 * - The pilot edits and deletes an item only while it is a draft; once sent it is the
 *   province's record, so a correction is a new item.
 * - The province acknowledges a sent item as 已收到, and may mark a sent or received one 已采用
 *   (taken up by the province's own channels); neither goes back.
 * - A media report names its outlet; a link to it or a file of it (a clipping, a screenshot) is
 *   optional, since print and broadcast reports have no link. An exemplary case needs neither.
 */
import { afterTodayProblem, isValidDate } from './dates';

export const PUBLICITY_KINDS = ['case', 'media'] as const;
export type PublicityKind = (typeof PUBLICITY_KINDS)[number];
export const PUBLICITY_KIND_LABELS: Record<PublicityKind, string> = { case: '先进典型', media: '媒体报道' };

export const PUBLICITY_STATUSES = ['draft', 'reported', 'received', 'adopted'] as const;
export type PublicityStatus = (typeof PUBLICITY_STATUSES)[number];
export const PUBLICITY_STATUS_LABELS: Record<PublicityStatus, string> = {
	draft: '未报送',
	reported: '已报送',
	received: '已收到',
	adopted: '已采用'
};

/** Whether an item counts as sent to the province. */
export function isReported(status: PublicityStatus): boolean {
	return status !== 'draft';
}

/** The pilot may change or delete an item only before it is sent. */
export function isEditable(status: PublicityStatus): boolean {
	return status === 'draft';
}

const NEXT: Record<PublicityStatus, readonly PublicityStatus[]> = {
	draft: ['reported'],
	reported: ['received', 'adopted'],
	received: ['adopted'],
	adopted: []
};

/** Who moves an item: the pilot sends it, the province acknowledges it. */
export type PublicityStep = 'report' | 'acknowledge';
export function stepOf(to: PublicityStatus): PublicityStep | null {
	if (to === 'reported') return 'report';
	if (to === 'received' || to === 'adopted') return 'acknowledge';
	return null;
}

/** The Chinese problem with moving an item from one status to another, or null when it may. */
export function transitionProblem(from: PublicityStatus, to: PublicityStatus): string | null {
	if (from === to) return `已是“${PUBLICITY_STATUS_LABELS[to]}”`;
	if (!NEXT[from].includes(to)) {
		if (from === 'draft') return '尚未报送，省科协不能确认';
		return `“${PUBLICITY_STATUS_LABELS[from]}”不能改为“${PUBLICITY_STATUS_LABELS[to]}”`;
	}
	return null;
}

/** Problems with a record's fields across fields, keyed by field (all at once). */
export function publicityChecks(input: { kind?: unknown; outlet?: unknown; date?: unknown }, today: string): Record<string, string> {
	const errors: Record<string, string> = {};
	if (input.kind === 'media' && !String(input.outlet ?? '').trim()) errors.outlet = '媒体报道须填写刊发媒体';
	// a report or a case is recorded once it has appeared: it is sent to the province as something that happened
	const date = typeof input.date === 'string' && isValidDate(input.date) ? afterTodayProblem('日期', input.date, today) : null;
	if (date) errors.date = date;
	return errors;
}

export interface PublicityCounts {
	cases: { total: number; reported: number; adopted: number };
	media: { total: number; reported: number; adopted: number };
}

/**
 * Per kind: every item, those sent to the province, and those it adopted. An entry with `n`
 * stands for that many items of its kind and status (a grouped count).
 */
export function countPublicity(items: { kind: PublicityKind; status: PublicityStatus; n?: number }[]): PublicityCounts {
	const out: PublicityCounts = { cases: { total: 0, reported: 0, adopted: 0 }, media: { total: 0, reported: 0, adopted: 0 } };
	for (const i of items) {
		const c = i.kind === 'case' ? out.cases : out.media;
		const n = i.n ?? 1;
		c.total += n;
		if (isReported(i.status)) c.reported += n;
		if (i.status === 'adopted') c.adopted += n;
	}
	return out;
}
