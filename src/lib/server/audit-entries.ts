/**
 * Audit rows as a person reads them: the pilot's and the item's names, the person's display name
 * and role, and the change as labelled fields (src/lib/domain/audit-fields.ts). Names are read in
 * one query per kind for a whole page of rows; an item deleted since is named from the recycle
 * bin or from the row's own before/after.
 */
import { asc, inArray } from 'drizzle-orm';
import { db } from './db';
import { activities, auditLog, certificates, mechanisms, monthlyReports, pilots, projects, publicity, recycleBin, reminders, rounds, stations, stationWorks, teams, users } from './db/schema';
import { describeChange, referencesOf, type FieldChange } from '../domain/audit-fields';
import { MECHANISM_NAMES, ROLE_LABELS, type Role } from '../domain/labels';
import { monthLabel } from '../domain/reporting';

type AuditRow = typeof auditLog.$inferSelect;

export interface AuditView {
	id: number;
	at: number;
	action: string;
	entityType: string;
	pilotName: string | null;
	itemName: string | null;
	person: string;
	roleLabel: string | null;
	userId: number | null;
	ip: string | null;
	changes: FieldChange[];
	/** a record made or deleted: one side only */
	sides: 'both' | 'after' | 'before' | 'none';
}

const ITEM_NAME_QUERIES: Record<string, (ids: number[]) => Promise<{ id: number; name: string }[]>> = {
	team: (ids) => db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, ids)),
	project: (ids) => db.select({ id: projects.id, name: projects.name }).from(projects).where(inArray(projects.id, ids)),
	activity: async (ids) =>
		(await db.select({ id: activities.id, title: activities.title, date: activities.date }).from(activities).where(inArray(activities.id, ids))).map((a) => ({ id: a.id, name: `${a.date} ${a.title}` })),
	station: (ids) => db.select({ id: stations.id, name: stations.name }).from(stations).where(inArray(stations.id, ids)),
	mechanism: async (ids) =>
		(await db.select({ id: mechanisms.id, key: mechanisms.key }).from(mechanisms).where(inArray(mechanisms.id, ids))).map((m) => ({ id: m.id, name: MECHANISM_NAMES[m.key as keyof typeof MECHANISM_NAMES] ?? '制度机制' })),
	report: async (ids) =>
		(await db.select({ id: monthlyReports.id, month: monthlyReports.month }).from(monthlyReports).where(inArray(monthlyReports.id, ids))).map((r) => ({ id: r.id, name: `${monthLabel(r.month)}月报` })),
	reminder: async (ids) =>
		(await db.select({ id: reminders.id, message: reminders.message }).from(reminders).where(inArray(reminders.id, ids))).map((r) => ({ id: r.id, name: `督办：${r.message.slice(0, 24)}${r.message.length > 24 ? '…' : ''}` })),
	user: async (ids) => (await db.select({ id: users.id, name: users.displayName, username: users.username }).from(users).where(inArray(users.id, ids))).map((u) => ({ id: u.id, name: `${u.name}（${u.username}）` })),
	pilot: (ids) => db.select({ id: pilots.id, name: pilots.name }).from(pilots).where(inArray(pilots.id, ids)),
	round: (ids) => db.select({ id: rounds.id, name: rounds.name }).from(rounds).where(inArray(rounds.id, ids)),
	certificate: async (ids) =>
		(await db.select({ id: certificates.id, number: certificates.number, name: certificates.name }).from(certificates).where(inArray(certificates.id, ids))).map((c) => ({ id: c.id, name: `${c.number}（${c.name}）` })),
	// issue 21
	publicity: (ids) => db.select({ id: publicity.id, name: publicity.title }).from(publicity).where(inArray(publicity.id, ids)),
	culture: (ids) => db.select({ id: stationWorks.id, name: stationWorks.title }).from(stationWorks).where(inArray(stationWorks.id, ids))
};

/** "team:12" → name, for every kind asked. */
async function namesOf(wanted: { kind: string; id: number }[]): Promise<Map<string, string>> {
	const byKind = new Map<string, Set<number>>();
	for (const w of wanted) if (ITEM_NAME_QUERIES[w.kind] && Number.isInteger(w.id)) byKind.set(w.kind, (byKind.get(w.kind) ?? new Set()).add(w.id));
	const names = new Map<string, string>();
	await Promise.all(
		[...byKind].map(async ([kind, ids]) => {
			for (const r of await ITEM_NAME_QUERIES[kind]([...ids])) names.set(`${kind}:${r.id}`, r.name);
		})
	);
	// deleted since: the name it had when it went to the recycle bin
	const missing = wanted.filter((w) => !names.has(`${w.kind}:${w.id}`));
	if (missing.length) {
		const rows = await db
			.select({ entityType: recycleBin.entityType, entityId: recycleBin.entityId, label: recycleBin.label })
			.from(recycleBin)
			.where(inArray(recycleBin.entityId, [...new Set(missing.map((m) => m.id))]));
		for (const r of rows) if (!names.has(`${r.entityType}:${r.entityId}`)) names.set(`${r.entityType}:${r.entityId}`, `${r.label}（已删除）`);
	}
	return names;
}

function nameFromValues(row: AuditRow): string | null {
	for (const v of [row.after, row.before]) {
		if (typeof v !== 'object' || v === null) continue;
		const r = v as Record<string, unknown>;
		const name = r.name ?? r.title ?? r.displayName;
		if (typeof name === 'string' && name) return name;
		if (typeof r.month === 'string') return `${monthLabel(r.month)}月报`;
	}
	return null;
}

export async function describeAuditRows(rows: AuditRow[]): Promise<AuditView[]> {
	const wanted: { kind: string; id: number }[] = [];
	for (const r of rows) {
		if (r.pilotId) wanted.push({ kind: 'pilot', id: r.pilotId });
		if (r.userId) wanted.push({ kind: 'user', id: r.userId });
		if (r.entityId && /^\d+$/.test(r.entityId)) wanted.push({ kind: r.entityType, id: Number(r.entityId) });
		wanted.push(...referencesOf(r.before, r.after));
	}
	const [names, people] = await Promise.all([
		namesOf(wanted),
		(async () => {
			const ids = [...new Set(rows.map((r) => r.userId).filter((id): id is number => id !== null))];
			const list = ids.length ? await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids)) : [];
			return new Map(list.map((u) => [u.id, u.displayName]));
		})()
	]);
	const refNames = Object.fromEntries(names);
	return rows.map((r) => {
		const isPilotItself = r.entityType === 'pilot' || r.entityType === 'database';
		const itemKey = r.entityId ? `${r.entityType}:${r.entityId}` : null;
		const itemName = isPilotItself ? null : ((itemKey && names.get(itemKey)) ?? nameFromValues(r));
		const person = r.userId ? (people.get(r.userId) ?? r.username ?? '已删除的账号') : r.username === 'system' || !r.username ? '系统' : `“${r.username}”（未登录）`;
		return {
			id: r.id,
			at: r.at,
			action: r.action,
			entityType: r.entityType,
			pilotName: r.pilotId ? (names.get(`pilot:${r.pilotId}`) ?? null) : null,
			itemName,
			person,
			roleLabel: r.role ? (ROLE_LABELS[r.role as Role] ?? null) : null,
			userId: r.userId,
			ip: r.ip,
			changes: describeChange(r.entityType, r.before, r.after, refNames),
			sides: r.before != null && r.after != null ? 'both' : r.after != null ? 'after' : r.before != null ? 'before' : 'none'
		};
	});
}

/** Everyone who appears in the log, by display name, for the person filter. */
export async function auditPeople() {
	return db.select({ id: users.id, displayName: users.displayName, username: users.username, role: users.role }).from(users).orderBy(asc(users.role), asc(users.displayName));
}
