/**
 * Audit rows as a person reads them: the pilot's and the item's names, the person's display name
 * and role, and the change as labelled fields (src/lib/domain/audit-fields.ts). Names are read in
 * one statement for a whole page of rows; an item deleted since is named from the recycle bin or
 * from the row's own before/after.
 */
import { asc, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { db } from './db';
import { amongIds } from './db/json-rows';
import { activities, auditLog, certificates, mechanisms, monthlyReports, orgDeadlines, orgOfficers, orgUnits, pilots, projects, publicity, recycleBin, reminders, rounds, stations, stationWorks, teams, users } from './db/schema';
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

/**
 * Where each kind of item finds its name: a column or two of its table, and how they read. All
 * the kinds a page of rows names are read in one statement (issue 17: the pilot page's history
 * took one statement per kind).
 */
type NameSource = { table: SQLiteTable & { id: SQLiteColumn }; a: SQLiteColumn; b?: SQLiteColumn; name?: (a: string, b: string) => string };
const NAME_SOURCES: Record<string, NameSource> = {
	team: { table: teams, a: teams.name },
	project: { table: projects, a: projects.name },
	activity: { table: activities, a: activities.title, b: activities.date, name: (title, date) => `${date} ${title}` },
	station: { table: stations, a: stations.name },
	mechanism: { table: mechanisms, a: mechanisms.key, name: (key) => MECHANISM_NAMES[key as keyof typeof MECHANISM_NAMES] ?? '制度机制' },
	report: { table: monthlyReports, a: monthlyReports.month, name: (month) => monthLabel(month) },
	reminder: { table: reminders, a: reminders.message, name: (message) => `督办：${message.slice(0, 24)}${message.length > 24 ? '…' : ''}` },
	user: { table: users, a: users.displayName, b: users.username, name: (displayName, username) => `${displayName}（${username}）` },
	pilot: { table: pilots, a: pilots.name },
	round: { table: rounds, a: rounds.name },
	certificate: { table: certificates, a: certificates.number, b: certificates.name, name: (number, name) => `${number}（${name}）` },
	// issue 21
	publicity: { table: publicity, a: publicity.title },
	culture: { table: stationWorks, a: stationWorks.title },
	// the volunteer organisation: a removed unit keeps its row (for earlier figures), so it is named still
	org_unit: { table: orgUnits, a: orgUnits.name },
	org_officer: { table: orgOfficers, a: orgOfficers.name },
	org_deadline: { table: orgDeadlines, a: orgDeadlines.title }
};

/**
 * "team:12" → name, for every kind asked, and each account's display name; an item deleted since
 * is named from the recycle bin. One statement.
 */
async function namesOf(wanted: { kind: string; id: number }[]): Promise<{ names: Map<string, string>; people: Map<number, string> }> {
	const byKind = new Map<string, Set<number>>();
	for (const w of wanted) if (NAME_SOURCES[w.kind] && Number.isInteger(w.id)) byKind.set(w.kind, (byKind.get(w.kind) ?? new Set()).add(w.id));
	const names = new Map<string, string>();
	const people = new Map<number, string>();
	if (!byKind.size) return { names, people };
	const parts = [...byKind].map(([kind, ids]) => {
		const { table, a, b } = NAME_SOURCES[kind];
		return sql`select ${kind} as kind, ${table.id} as id, ${a} as a, ${b ?? sql`null`} as b from ${table} where ${table.id} ${amongIds(ids)}`;
	});
	const allIds = new Set(wanted.map((w) => w.id));
	parts.push(sql`select 'bin:' || ${recycleBin.entityType}, ${recycleBin.entityId}, ${recycleBin.label}, null from ${recycleBin} where ${recycleBin.entityId} ${amongIds(allIds)}`);
	const rows = await db.all<{ kind: string; id: number; a: string; b: string | null }>(sql.join(parts, sql` union all `));
	const deleted: typeof rows = [];
	for (const r of rows) {
		if (r.kind.startsWith('bin:')) {
			deleted.push(r);
			continue;
		}
		const source = NAME_SOURCES[r.kind];
		names.set(`${r.kind}:${r.id}`, source.name ? source.name(r.a, r.b ?? '') : r.a);
		if (r.kind === 'user') people.set(r.id, r.a);
	}
	// deleted since: the name it had when it went to the recycle bin
	for (const r of deleted) {
		const key = `${r.kind.slice(4)}:${r.id}`;
		if (!names.has(key)) names.set(key, `${r.a}（已删除）`);
	}
	return { names, people };
}

function nameFromValues(row: AuditRow): string | null {
	for (const v of [row.after, row.before]) {
		if (typeof v !== 'object' || v === null) continue;
		const r = v as Record<string, unknown>;
		const name = r.name ?? r.title ?? r.displayName;
		if (typeof name === 'string' && name) return name;
		if (typeof r.month === 'string') return monthLabel(r.month);
	}
	return null;
}

export async function describeAuditRows(rows: AuditRow[]): Promise<AuditView[]> {
	const wanted: { kind: string; id: number }[] = [];
	for (const r of rows) {
		if (r.pilotId) wanted.push({ kind: 'pilot', id: r.pilotId });
		if (r.userId) wanted.push({ kind: 'user', id: r.userId });
		if (r.entityId && /^\d+$/.test(r.entityId)) wanted.push({ kind: r.entityType, id: Number(r.entityId) });
		wanted.push(...referencesOf(r.entityType, r.before, r.after));
	}
	const { names, people } = await namesOf(wanted);
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
