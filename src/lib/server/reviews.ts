/**
 * Recording verdicts on what a pilot claims, and reading each item's review state. The verdict
 * records the item's current version inside the same transaction, so a verdict can never
 * attach to an edit the reviewer did not see.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { db } from './db';
import { activities, auditLog, mechanisms, monthlyReports, pilots, projects, reviews, stations, teams, users } from './db/schema';
import { write, type Actor } from './audit';
import { now } from './clock';
import { FieldError, NotFoundError } from './errors';
import { REVIEW_REQUIREMENTS, reviewState, type ReviewedKind, type Verdict } from '../domain/review';
import { ACTIVITY_KIND_LABELS, FACILITY_TYPE_LABELS, FIELD_LABELS, MECHANISM_STATUS_LABELS, MECHANISMS, PARTNER_TYPE_LABELS } from '../domain/labels';
import { describeChange } from '../domain/audit-fields';
import { filesOf } from './files';
import * as pilotTeams from './pilots/teams';
import * as pilotProjects from './pilots/projects';
import * as pilotActivities from './pilots/activities';
import * as pilotStations from './pilots/stations';
import * as pilotMechanisms from './pilots/mechanisms';
import type { LoadedPilot } from './pilots/pilot';

const TABLES = { team: teams, project: projects, activity: activities, station: stations, mechanism: mechanisms } as const;

/** Verdicts of the given pilots, grouped by "kind:id". */
export async function verdictsOf(pilotIds: number[]): Promise<Map<string, Verdict[]>> {
	const map = new Map<string, Verdict[]>();
	if (!pilotIds.length) return map;
	const rows = await db.select().from(reviews).where(inArray(reviews.pilotId, pilotIds)).orderBy(asc(reviews.id));
	for (const r of rows) {
		const key = `${r.entityType}:${r.entityId}`;
		const list = map.get(key) ?? [];
		list.push({ requirement: r.requirement, verdict: r.verdict, itemVersion: r.itemVersion, reason: r.reason, order: r.id });
		map.set(key, list);
	}
	return map;
}

export function stateOf(verdicts: Map<string, Verdict[]>, kind: ReviewedKind, id: number, version: number) {
	return reviewState(kind, version, verdicts.get(`${kind}:${id}`) ?? []);
}

/**
 * Verifies the listed requirements of an item, or returns it with a reason. Unknown requirements
 * are refused rather than ignored.
 */
export async function recordVerdict(
	actor: Actor,
	pilotId: number,
	input: { kind: ReviewedKind; id: number; verdict: 'verified' | 'returned'; requirements: string[]; reason: string | null }
) {
	const allowed: readonly string[] = REVIEW_REQUIREMENTS[input.kind];
	// A return concerns one requirement (e.g. a station's 有标识); the whole item when not named.
	const requirements = input.verdict === 'returned' ? [input.requirements[0] ?? allowed[0]] : input.requirements;
	if (!requirements.length) throw new FieldError('requirements', '请至少选择一项核实通过的要求');
	if (requirements.some((r) => !allowed.includes(r))) throw new FieldError('requirements', '核实要求无效');
	if (input.verdict === 'returned' && !input.reason) throw new FieldError('reason', '退回时请写明原因');
	const table = TABLES[input.kind];
	return write(actor, async (tx, record) => {
		const [item] = await tx
			.select({ id: table.id, version: table.version })
			.from(table)
			.where(and(eq(table.id, input.id), eq(table.pilotId, pilotId)));
		if (!item) throw new NotFoundError();
		if (input.kind === 'mechanism' && input.verdict === 'verified') {
			// a mechanism claims its document only once established: before that there is nothing to verify
			const [m] = await tx.select({ status: mechanisms.status, document: mechanisms.document }).from(mechanisms).where(eq(mechanisms.id, item.id));
			if (m.status !== 'established' || !m.document) throw new FieldError('requirements', '该制度尚未建立、没有制度文件，建立后再核实');
		}
		const at = now();
		await tx.insert(reviews).values(
			requirements.map((requirement) => ({
				pilotId,
				entityType: input.kind,
				entityId: item.id,
				requirement,
				verdict: input.verdict,
				reason: input.reason,
				itemVersion: item.version,
				reviewerId: actor.userId,
				createdAt: at
			}))
		);
		await record({
			action: `review.${input.verdict === 'verified' ? 'verify' : 'return'}`,
			entityType: input.kind,
			entityId: item.id,
			pilotId,
			after: { requirements, reason: input.reason, itemVersion: item.version }
		});
	});
}

/** What the pilot changed on an item since its last verdict: the audit rows after it. */
export async function changesSince(pilotId: number, kind: ReviewedKind, id: number, since: number) {
	return db
		.select({ at: auditLog.at, username: auditLog.username, displayName: users.displayName, action: auditLog.action, before: auditLog.before, after: auditLog.after })
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.userId))
		.where(and(eq(auditLog.pilotId, pilotId), eq(auditLog.entityType, kind), eq(auditLog.entityId, String(id)), gt(auditLog.at, since)))
		.orderBy(asc(auditLog.id));
}

/** The time of the latest verdict on each reviewed item of a pilot, for "changed since". */
export async function lastVerdictTimes(pilotId: number) {
	const rows = await db.select({ kind: reviews.entityType, id: reviews.entityId, at: reviews.createdAt }).from(reviews).where(eq(reviews.pilotId, pilotId));
	const map = new Map<string, number>();
	for (const r of rows) map.set(`${r.kind}:${r.id}`, Math.max(map.get(`${r.kind}:${r.id}`) ?? 0, r.at));
	return map;
}

/**
 * The returns in force on a pilot's items of one kind, by item id: what the editor must fix, with
 * the requirement it concerns so the form can say it at that field.
 */
export async function returnsOf(pilotId: number, kind: ReviewedKind, items: { id: number | null; version: number }[]) {
	const verdicts = await verdictsOf([pilotId]);
	const out: Record<number, { reason: string | null; requirement: string | null }> = {};
	for (const item of items) {
		if (item.id === null) continue;
		const r = stateOf(verdicts, kind, item.id, item.version);
		if (r.state === 'returned') out[item.id] = { reason: r.returnReason, requirement: r.returnedRequirement ?? null };
	}
	return out;
}

/**
 * 全部通过: verifies every pending requirement listed (as the reviewer's board showed them) in one
 * write, one audit row per item. An item changed since the board was read is left for a look of
 * its own rather than verified unseen.
 */
export async function verifyAll(actor: Actor, pilotId: number, items: { kind: ReviewedKind; id: number; version: number; requirements: string[] }[]) {
	const todo = items.filter((i) => i.requirements.length);
	if (!todo.length) throw new FieldError('_form', '没有待核实的要求');
	return write(actor, async (tx, record) => {
		const at = now();
		let verified = 0;
		for (const item of todo) {
			const table = TABLES[item.kind];
			const [row] = await tx
				.select({ id: table.id, version: table.version })
				.from(table)
				.where(and(eq(table.id, item.id), eq(table.pilotId, pilotId)));
			if (!row || row.version !== item.version) continue;
			const allowed: readonly string[] = REVIEW_REQUIREMENTS[item.kind];
			const requirements = item.requirements.filter((r) => allowed.includes(r));
			if (!requirements.length) continue;
			await tx.insert(reviews).values(
				requirements.map((requirement) => ({ pilotId, entityType: item.kind, entityId: item.id, requirement, verdict: 'verified' as const, reason: null, itemVersion: item.version, reviewerId: actor.userId, createdAt: at }))
			);
			await record({ action: 'review.verify', entityType: item.kind, entityId: item.id, pilotId, after: { requirements, reason: null, itemVersion: item.version } });
			verified += 1;
		}
		if (!verified) throw new FieldError('_form', '这些材料刚被修改过，请刷新后逐项核实');
		return verified;
	});
}

/**
 * The province's queue: for every pilot, how many items have a claimed requirement without a
 * verdict on their current version (as the 核实 page counts them) — returned items wait for the
 * pilot, not the reviewer — and the monthly
 * reports submitted and not yet accepted or returned.
 */
export async function reviewQueue() {
	// what each item claims, as the 核实 page reads it: a station its ticked 有 and links, a
	// mechanism its document once established, the rest the item as a whole
	const claims = async (): Promise<{ kind: ReviewedKind; id: number; pilotId: number; version: number; claimed: string[] }[]> => {
		const [s, m, rest] = await Promise.all([
			db.select({ id: stations.id, pilotId: stations.pilotId, version: stations.version, venue: stations.venue, facilities: stations.facilities, rules: stations.rules, signage: stations.signage, teamId: stations.teamId, projectId: stations.projectId }).from(stations),
			db.select({ id: mechanisms.id, pilotId: mechanisms.pilotId, version: mechanisms.version, status: mechanisms.status, document: mechanisms.document }).from(mechanisms),
			Promise.all(
				(['team', 'project', 'activity'] as const).map(async (kind) => {
					const table = TABLES[kind];
					return (await db.select({ id: table.id, pilotId: table.pilotId, version: table.version }).from(table)).map((r) => ({ ...r, kind, claimed: ['item'] }));
				})
			)
		]);
		return [
			...s.map((x) => ({
				kind: 'station' as const,
				id: x.id,
				pilotId: x.pilotId,
				version: x.version,
				claimed: [x.venue && 'venue', x.teamId != null && 'team', x.projectId != null && 'project', x.facilities && 'facilities', x.rules && 'rules', x.signage && 'signage'].filter((r): r is string => !!r)
			})),
			...m.map((x) => ({ kind: 'mechanism' as const, id: x.id, pilotId: x.pilotId, version: x.version, claimed: x.status === 'established' && x.document ? ['document'] : [] })),
			...rest.flat()
		];
	};
	const [itemRows, verdicts, pilotRows, reports] = await Promise.all([
		claims(),
		db.select().from(reviews).orderBy(asc(reviews.id)),
		db.select({ id: pilots.id, name: pilots.name, lifecycle: pilots.lifecycle }).from(pilots).orderBy(asc(pilots.level), asc(pilots.divisionCode)),
		db
			.select({ id: monthlyReports.id, pilotId: monthlyReports.pilotId, month: monthlyReports.month, submittedAt: monthlyReports.submittedAt })
			.from(monthlyReports)
			.where(eq(monthlyReports.status, 'submitted'))
			.orderBy(asc(monthlyReports.submittedAt))
	]);
	const byItem = new Map<string, Verdict[]>();
	for (const r of verdicts) {
		const key = `${r.entityType}:${r.entityId}`;
		byItem.set(key, [...(byItem.get(key) ?? []), { requirement: r.requirement, verdict: r.verdict, itemVersion: r.itemVersion, reason: r.reason, order: r.id }]);
	}
	const pending = new Map<number, Record<ReviewedKind, number> & { returned: number }>();
	for (const row of itemRows) {
		const review = reviewState(row.kind, row.version, byItem.get(`${row.kind}:${row.id}`) ?? []);
		const waiting = review.state === 'returned' || row.claimed.some((r) => !review.verified.includes(r));
		if (!waiting) continue;
		const counts = pending.get(row.pilotId) ?? { team: 0, project: 0, activity: 0, station: 0, mechanism: 0, returned: 0 };
		if (review.state === 'returned') counts.returned += 1;
		else counts[row.kind] += 1;
		pending.set(row.pilotId, counts);
	}
	const name = new Map(pilotRows.map((p) => [p.id, p.name]));
	return {
		pilots: pilotRows
			.map((p) => {
				const c = pending.get(p.id) ?? { team: 0, project: 0, activity: 0, station: 0, mechanism: 0, returned: 0 };
				return { id: p.id, name: p.name, ...c, total: c.team + c.project + c.activity + c.station + c.mechanism };
			})
			.filter((p) => p.total > 0 || p.returned > 0),
		reports: reports.map((r) => ({ ...r, pilotName: name.get(r.pilotId) ?? '' }))
	};
}

/** One line of evidence beside a requirement: what the pilot says, with its photos or document. */
export interface Evidence {
	/** the requirement it supports ('venue', 'document', 'item') */
	requirement: string;
	/** whether the pilot claims it (a station's box ticked, a team linked) */
	claimed: boolean;
	lines: { label: string; value: string }[];
	files: { id: number; name: string; image: boolean }[];
}

const yesNo = (v: boolean | null | undefined) => (v ? '是' : '否');

/** "照片 2 张 · 签到表 1 份", or what is missing, so a reviewer sees an activity without evidence at once. */
function activityEvidenceLine(list: { entityId: number; purpose: string }[], id: number) {
	const photos = list.filter((f) => f.entityId === id && f.purpose === 'photo').length;
	const sheets = list.filter((f) => f.entityId === id && f.purpose === 'signin').length;
	return `${photos ? `照片 ${photos} 张` : '无照片'} · ${sheets ? `签到表 ${sheets} 份` : '无签到表'}`;
}

/**
 * Every item of a pilot with its review state and its evidence, for the reviewer's page and the
 * editor's list of returned items. Items changed since their last verdict carry the audit rows of
 * the change (as labelled fields) and the files attached since.
 */
export async function boardOf(pilot: LoadedPilot) {
	const [t, p, a, s, m, verdicts, lastAt] = await Promise.all([
		pilotTeams.list(pilot),
		pilotProjects.list(pilot),
		pilotActivities.list(pilot),
		pilotStations.list(pilot),
		pilotMechanisms.list(pilot),
		verdictsOf([pilot.id]),
		lastVerdictTimes(pilot.id)
	]);
	const [stationFiles, mechanismFiles, activityFiles] = await Promise.all([
		filesOf(pilot.id, 'station', s.map((x) => x.id)),
		filesOf(pilot.id, 'mechanism', m.map((x) => x.id).filter((id): id is number => id !== null)),
		filesOf(pilot.id, 'activity', a.map((x) => x.id))
	]);
	const teamName = new Map(t.map((x) => [x.id, x.name]));
	const projectName = new Map(p.map((x) => [x.id, x.name]));
	const fileList = (list: typeof stationFiles, entityId: number, purpose: string) =>
		list.filter((f) => f.entityId === entityId && f.purpose === purpose).map((f) => ({ id: f.id, name: f.originalName, image: f.mime.startsWith('image/') }));
	type Entry = { kind: ReviewedKind; id: number; version: number; name: string; counted: boolean; reasons: string[]; evidence: Evidence[] };
	const entry = (kind: ReviewedKind, x: { id: number; version: number; counted: boolean; reasons: string[] }, name: string, evidence: Evidence[]): Entry => ({ kind, id: x.id, version: x.version, name, counted: x.counted, reasons: x.reasons, evidence });
	const entries: Entry[] = [
		...s.map((x) => entry('station', x, x.name, [
			{ requirement: 'venue', claimed: !!x.venue, lines: [{ label: '场所', value: `${FACILITY_TYPE_LABELS[x.facilityType] ?? ''}${x.address ? ` · ${x.address}` : ''}` }, { label: '说明', value: x.venueNote ?? '—' }], files: fileList(stationFiles, x.id, 'venue') },
			{ requirement: 'team', claimed: x.teamId != null && teamName.has(x.teamId), lines: [{ label: '驻站服务队', value: (x.teamId != null && teamName.get(x.teamId)) || '未关联' }], files: [] },
			{ requirement: 'project', claimed: x.projectId != null && projectName.has(x.projectId), lines: [{ label: '在站项目', value: (x.projectId != null && projectName.get(x.projectId)) || '未关联' }], files: [] },
			...(['facilities', 'rules', 'signage'] as const).map((y) => ({
				requirement: y,
				claimed: !!x[y],
				lines: [{ label: '说明', value: x[`${y}Note`] ?? '—' }],
				files: fileList(stationFiles, x.id, y)
			}))
		])),
		...m
			.filter((x) => x.id !== null)
			.map((x) => entry('mechanism', { ...x, id: x.id! }, x.name, [
				{
					requirement: 'document',
					claimed: x.status === 'established' && !!x.document,
					lines: [{ label: '建立情况', value: MECHANISM_STATUS_LABELS[x.status] }, { label: '制度文件', value: x.document ?? '—' }, { label: '说明', value: x.note ?? '—' }],
					files: fileList(mechanismFiles, x.id!, 'document')
				}
			])),
		...t.map((x) => entry('team', x, x.name, [
			{
				requirement: 'item',
				claimed: true,
				lines: [
					{ label: '队员人数', value: x.rosterSize != null ? `${x.rosterSize} 人（花名册）` : `${x.declaredMembers} 人（申报，尚无花名册）` },
					{ label: '在大美志愿注册', value: yesNo(x.registered) },
					{ label: '注册编号', value: x.registrationId ?? '—' },
					{ label: '成立日期', value: x.foundedOn ?? '—' },
					{ label: '负责人', value: x.leaderName ?? '—' },
					{ label: '依托单位', value: `${x.partnerType ? PARTNER_TYPE_LABELS[x.partnerType] : '—'}${x.partnerName ? ` · ${x.partnerName}` : ''}` }
				],
				files: []
			}
		])),
		...p.map((x) => entry('project', x, x.name, [{ requirement: 'item', claimed: true, lines: [{ label: '服务领域', value: FIELD_LABELS[x.field] ?? '—' }, { label: '项目简介', value: x.description ?? '—' }], files: [] }])),
		...a.map((x) => entry('activity', x, `${x.date} ${x.title}`, [
			{
				requirement: 'item',
				claimed: true,
				lines: [
					{ label: '日期与地点', value: `${x.date}${x.place ? ` · ${x.place}` : ''}` },
					{ label: '类型与领域', value: `${ACTIVITY_KIND_LABELS[x.kind] ?? '—'} · ${FIELD_LABELS[x.field] ?? '—'}` },
					{ label: '所属项目', value: (x.projectId != null && projectName.get(x.projectId)) || '—' },
					{ label: '组织服务队', value: x.teamIds.map((id) => teamName.get(id)).filter(Boolean).join('、') || '—' },
					{ label: '参与与服务', value: `志愿者 ${x.volunteers ?? 0} 人次 · 专家 ${x.experts ?? 0} 人次 · 服务群众 ${x.served ?? 0} 人次 · ${x.serviceHours ?? 0} 小时` },
					{ label: '活动内容', value: x.description ?? '—' },
					{ label: '照片与签到表', value: activityEvidenceLine(activityFiles, x.id) }
				],
				// photos first, then the sign-in sheets, each by its name
				files: [...fileList(activityFiles, x.id, 'photo').map((f) => ({ ...f, name: `活动照片：${f.name}` })), ...fileList(activityFiles, x.id, 'signin').map((f) => ({ ...f, name: `签到表：${f.name}` }))]
			}
		]))
	];
	const names: Record<string, string> = Object.fromEntries([...[...teamName].map(([id, n]) => [`team:${id}`, n]), ...[...projectName].map(([id, n]) => [`project:${id}`, n])]);
	return Promise.all(
		entries.map(async (e) => {
			const review = stateOf(verdicts, e.kind, e.id, e.version);
			const since = lastAt.get(`${e.kind}:${e.id}`);
			const changed = review.state === 'changed' && since;
			const rows = changed ? await changesSince(pilot.id, e.kind, e.id, since) : [];
			const changes = rows.map((c) => ({ at: c.at, person: c.displayName ?? c.username ?? '', fields: describeChange(e.kind, c.before, c.after, names) })).filter((c) => c.fields.length);
			const newFiles = changed
				? (e.kind === 'station' ? stationFiles : e.kind === 'mechanism' ? mechanismFiles : e.kind === 'activity' ? activityFiles : []).filter((f) => f.entityId === e.id && f.createdAt > since).map((f) => ({ id: f.id, name: f.originalName, purpose: f.purpose }))
				: [];
			const pending = review.state === 'returned' ? [] : e.evidence.filter((ev) => ev.claimed && !review.verified.includes(ev.requirement)).map((ev) => ev.requirement);
			return { ...e, review, changes, newFiles, pending };
		})
	);
}

/**
 * The items of a pilot whose return is in force, for its editors' home page: read from the
 * verdicts, so only returned items are looked up, never every item of the pilot.
 */
export async function returnedOf(pilotId: number): Promise<{ kind: ReviewedKind; id: number; name: string; reason: string | null }[]> {
	const verdicts = await verdictsOf([pilotId]);
	const wanted = new Map<ReviewedKind, number[]>();
	for (const [key, list] of verdicts) {
		if (!list.some((v) => v.verdict === 'returned')) continue;
		const [kind, id] = key.split(':') as [ReviewedKind, string];
		wanted.set(kind, [...(wanted.get(kind) ?? []), Number(id)]);
	}
	const found: { kind: ReviewedKind; id: number; name: string; reason: string | null }[] = [];
	for (const [kind, ids] of wanted) {
		for (const item of await namesOf(kind, pilotId, ids)) {
			const review = stateOf(verdicts, kind, item.id, item.version);
			if (review.state === 'returned') found.push({ kind, id: item.id, name: item.name, reason: review.returnReason });
		}
	}
	const order: ReviewedKind[] = ['station', 'mechanism', 'team', 'project', 'activity'];
	return found.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.id - b.id);
}

/** Items' versions and the names the review board gives them. */
async function namesOf(kind: ReviewedKind, pilotId: number, ids: number[]): Promise<{ id: number; version: number; name: string }[]> {
	switch (kind) {
		case 'activity': {
			const rows = await db.select({ id: activities.id, version: activities.version, date: activities.date, title: activities.title }).from(activities).where(and(eq(activities.pilotId, pilotId), inArray(activities.id, ids)));
			return rows.map((r) => ({ id: r.id, version: r.version, name: `${r.date} ${r.title}` }));
		}
		case 'mechanism': {
			const rows = await db.select({ id: mechanisms.id, version: mechanisms.version, key: mechanisms.key }).from(mechanisms).where(and(eq(mechanisms.pilotId, pilotId), inArray(mechanisms.id, ids)));
			return rows.map((r) => ({ id: r.id, version: r.version, name: MECHANISMS.find((m) => m.key === r.key)?.name ?? r.key }));
		}
		default: {
			const table = TABLES[kind];
			return db.select({ id: table.id, version: table.version, name: table.name }).from(table).where(and(eq(table.pilotId, pilotId), inArray(table.id, ids)));
		}
	}
}
