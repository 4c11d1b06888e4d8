/**
 * A team's roster (花名册): checking and importing a sheet (the product's template or the offices'
 * `004` 附件2 / `002` 附件2 layouts), reading it page by page with a search, and the record of
 * who each import added and removed. Import as a namespace: `import * as rosters from …`.
 *
 * Who a row is (DOMAIN.md "People on rosters"): the keyed hash of `personKey`, except that a row
 * read back from this product's own export keeps the identity the team already stored for that
 * person — an ID shown masked (**************1234) is the team's member with the same name (after
 * NFKC) and the same last four; a row with neither an ID nor a mobile (the `004` form has neither)
 * is the team's member with the same name and unit. Several such members are taken in roster
 * order, one per row, so an export read back keeps every person.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { FieldError } from '../errors';
import { readFirstSheet } from '../workbook';
import { write, type Actor } from '../audit';
import { rosterImports, teamMembers, teams, users, type RosterChangePerson } from '../db/schema';
import { db } from '../db';
import { now } from '../clock';
import { firstErrors } from '../../forms';
import { optionalText, text } from '../../schemas/common';
import {
	dedupeKeys,
	idNumberLastFour,
	isValidIdNumber,
	maskedIdLastFour,
	maskPhone,
	normaliseIdNumber,
	normaliseName,
	normalisePhone,
	personKey,
	type RosterRow
} from '../../domain/roster';
import { APP_SECRETS, appSecret } from '../app-secret';
import { checkRows, type CheckResult } from '../workbook';
import * as staged from '../staged-uploads';

// ── the sheet ────────────────────────────────────────────────────────────────
/**
 * The product's template columns, with the headers the offices' own forms use for them (`004`
 * 附件2 支队基本情况表: 序号/志愿者姓名/性别/单位/职务·职称; `002` 附件2 志愿者集体注册信息表) and their
 * common variants. Only 姓名 is required; 序号 and any other column is never read.
 */
export const COLUMNS = [
	{ header: '姓名', width: 12, note: '必填', aliases: ['志愿者姓名', '志愿者', '队员姓名', '成员姓名'], required: true },
	{ header: '性别', width: 8, note: '男 或 女', aliases: [] },
	{ header: '单位', width: 28, note: '工作单位或学校', aliases: ['工作单位', '所在单位', '单位名称', '工作单位及职务', '学校', '工作单位或学校'] },
	{ header: '职务/职称', width: 16, note: '', aliases: ['职务职称', '职务', '职称', '职务或职称'] },
	{ header: '专业特长', width: 24, note: '', aliases: ['专业', '特长', '专业领域', '专长'] },
	{ header: '联系电话', width: 16, note: '11 位手机号或带区号的固定电话', aliases: ['手机', '手机号', '手机号码', '电话', '电话号码', '联系方式'] },
	{ header: '身份证号码', width: 22, note: '可空；只保存后四位用于核对', aliases: ['身份证号', '居民身份证号码', '居民身份证号', '身份证'] }
] as const;

const SPECS = COLUMNS.map((c) => ({ name: c.header, aliases: c.aliases, required: 'required' in c && c.required }));

const MASKED_ID = '身份证号码';

/** A phone column of a sheet: spaces and dashes as people type them ("138 0000 0000", "0396-1234567") are allowed. */
export const phoneColumn = z
	.string()
	.trim()
	.refine((s) => s === '' || /^(1\d{10}|0\d{9,11})$/.test(normalisePhone(s)), '联系电话应为 11 位手机号或带区号的固定电话')
	.transform((s) => s || null);

const rosterRow = z.object({
	姓名: text('姓名', 20),
	性别: z
		.string()
		.trim()
		.refine((s) => ['', '男', '女'].includes(s), '性别应为“男”或“女”')
		.transform((s) => s || null),
	单位: optionalText('单位', 60),
	'职务/职称': optionalText('职务/职称', 40),
	专业特长: optionalText('专业特长', 60),
	联系电话: phoneColumn,
	身份证号码: z
		.string()
		.transform(normaliseIdNumber)
		// a number shown masked is this product's own export read back: matched against the team below
		.refine((s) => s === '' || isValidIdNumber(s) || maskedIdLastFour(s) !== null, '身份证号码无效：应为 18 位，出生日期和末位校验码须正确')
		.transform((s) => s || null)
});

export type RosterMember = z.output<typeof rosterRow> & {
	/** who the row is: the keyed hash, and the ID's last four for display */
	identity: { hash: string; idLast4: string | null };
};

/** A note under the forms' table ("注：此表由市级学会…填写"), not a person. */
const NOTE_RE = /^(注|备注|说明|填表说明)\s*[:：]/;

const asRosterRow = (m: z.output<typeof rosterRow>): RosterRow => ({ name: m.姓名, gender: m.性别, unit: m.单位, title: m['职务/职称'], specialty: m.专业特长, phone: m.联系电话, idNumber: m.身份证号码 });

/** Keyed hash of who a roster row is (personKey): rows can be matched across rosters, the ID number not read back. */
export async function personHash(row: RosterRow): Promise<string> {
	return personHashWith(await appSecret(APP_SECRETS.person.metaKey, APP_SECRETS.person.envName), row);
}

/** `personHash` with the key in hand (the demo loader reads it inside its own transaction). */
export function personHashWith(key: Buffer, row: RosterRow): string {
	return createHmac('sha256', key).update(personKey(row)).digest('hex');
}

type StoredMember = typeof teamMembers.$inferSelect;

/** The team's stored members, by what an export of them shows, each list in roster order. */
async function storedIdentities(pilotId: number, teamId: number) {
	const rows = await db
		.select({ m: teamMembers })
		.from(teamMembers)
		.innerJoin(teams, eq(teams.id, teamMembers.teamId))
		.where(and(eq(teamMembers.teamId, teamId), eq(teams.pilotId, pilotId)))
		.orderBy(asc(teamMembers.id));
	const byMaskedId = new Map<string, StoredMember[]>();
	const byNameUnit = new Map<string, StoredMember[]>();
	const push = (map: Map<string, StoredMember[]>, key: string, m: StoredMember) => map.set(key, [...(map.get(key) ?? []), m]);
	for (const { m } of rows) {
		if (!m.personHash) continue;
		if (m.idLast4) push(byMaskedId, `${normaliseName(m.name)}|${m.idLast4}`, m);
		push(byNameUnit, `${normaliseName(m.name)}|${normaliseName(m.organization)}`, m);
	}
	return { byMaskedId, byNameUnit };
}

/** Optional columns a sheet may lack (the `004` form has no phone): a recognised member keeps what is stored. */
const KEPT_WHEN_ABSENT = [
	['性别', 'gender'],
	['单位', 'organization'],
	['职务/职称', 'title'],
	['专业特长', 'specialty'],
	['联系电话', 'phone']
] as const;

/**
 * Every row checked, then each person once (DOMAIN.md "People on rosters"): a valid row that is the
 * same person as an earlier valid row is reported as "第 7 行与第 3 行为同一人" and skipped like a
 * row with a problem. With `team`, a row read back from this product's export is recognised as the
 * team's stored member (see the module's note); a masked ID that matches no member is a problem.
 */
export async function check(bytes: Uint8Array, team?: { pilotId: number; teamId: number }): Promise<CheckResult<RosterMember>> {
	const sheet = await readFirstSheet('file', bytes, SPECS);
	const people = sheet.rows.filter(({ cells }) => !(NOTE_RE.test(cells['姓名'] ?? '') && Object.entries(cells).every(([k, v]) => k === '姓名' || v === '')));
	const present = new Set(people.flatMap((p) => Object.keys(p.cells)));
	const first = checkRows(people, (cells) => {
		const r = rosterRow.safeParse({ ...Object.fromEntries(COLUMNS.map((c) => [c.header, ''])), ...cells });
		return r.success ? { value: r.data } : { errors: firstErrors(r.error) };
	});
	const stored = team ? await storedIdentities(team.pilotId, team.teamId) : { byMaskedId: new Map<string, StoredMember[]>(), byNameUnit: new Map<string, StoredMember[]>() };
	const result: CheckResult<RosterMember> = { total: first.total, valid: [], problems: first.problems };
	for (const { row, value } of first.valid) {
		const masked = maskedIdLastFour(value.身份证号码);
		let member: StoredMember | undefined;
		if (masked) {
			member = stored.byMaskedId.get(`${normaliseName(value.姓名)}|${masked}`)?.shift();
			if (!member) {
				result.problems.push({ row, column: MASKED_ID, reason: `身份证号码已隐去（后四位 ${masked}），本队花名册中没有姓名相同、后四位相同的队员；请填写完整号码或留空` });
				continue;
			}
		} else if (personKey(asRosterRow(value)).startsWith('nu:')) {
			member = stored.byNameUnit.get(`${normaliseName(value.姓名)}|${normaliseName(value.单位)}`)?.shift();
		}
		if (member) {
			// taken once: the same member is not also found by the other list
			for (const list of [...stored.byMaskedId.values(), ...stored.byNameUnit.values()]) {
				const at = list.indexOf(member);
				if (at >= 0) list.splice(at, 1);
			}
			const kept = { ...value, 身份证号码: null };
			for (const [column, field] of KEPT_WHEN_ABSENT) {
				if (!present.has(column)) (kept as Record<string, unknown>)[column] = member[field];
			}
			result.valid.push({ row, value: { ...kept, identity: { hash: member.personHash!, idLast4: member.idLast4 } } });
		} else {
			result.valid.push({ row, value: { ...value, identity: { hash: await personHash(asRosterRow(value)), idLast4: idNumberLastFour(value.身份证号码) || null } } });
		}
	}
	const { duplicates } = dedupeKeys(result.valid.map((v) => v.value.identity.hash));
	if (duplicates.length) {
		const repeated = new Set(duplicates.map((d) => d.row - 1));
		for (const d of duplicates) {
			const row = result.valid[d.row - 1].row;
			result.problems.push({ row, column: '姓名', reason: `第 ${row} 行与第 ${result.valid[d.sameAs - 1].row} 行为同一人` });
		}
		result.valid = result.valid.filter((_, i) => !repeated.has(i));
	}
	result.problems.sort((a, b) => a.row - b.row);
	return result;
}

const changePerson = (m: { name: string; organization: string | null; idLast4: string | null }): RosterChangePerson => ({
	name: m.name,
	unit: m.organization,
	maskedId: m.idLast4 ? '*'.repeat(14) + m.idLast4 : ''
});

/**
 * Replaces the team's roster with the valid rows, each person once; the number of distinct people
 * becomes its member count, and who was added and removed against the roster it replaces is kept
 * (names, units and masked IDs) for the roster page. An ID number is kept only as the person's
 * keyed hash and its last four.
 */
export async function importRoster(actor: Actor, pilotId: number, teamId: number, sha256: string) {
	const file = await staged.read(pilotId, sha256);
	const result = await check(file.bytes, { pilotId, teamId });
	if (!result.valid.length) throw new FieldError('_form', '没有可导入的有效行');
	const at = now();
	const rows = result.valid.map(({ value: m }) => ({
		teamId,
		name: m.姓名,
		gender: m.性别,
		organization: m['单位'],
		title: m['职务/职称'],
		specialty: m['专业特长'],
		phone: m['联系电话'],
		personHash: m.identity.hash,
		idLast4: m.identity.idLast4,
		createdAt: at
	}));
	const repeated = result.problems.filter((p) => p.reason.endsWith('为同一人')).map((p) => p.row);
	const done = await write(actor, async (tx, record) => {
		const [team] = await tx.select().from(teams).where(and(eq(teams.id, teamId), eq(teams.pilotId, pilotId)));
		if (!team) throw new FieldError('teamId', '所选服务队不属于本试点');
		const before = await tx.select().from(teamMembers).where(eq(teamMembers.teamId, teamId)).orderBy(asc(teamMembers.id));
		const had = new Set(before.map((m) => m.personHash));
		const has = new Set(rows.map((m) => m.personHash));
		const added = rows.filter((m) => !had.has(m.personHash)).map(changePerson);
		const removed = before.filter((m) => !m.personHash || !has.has(m.personHash)).map(changePerson);
		await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
		for (let i = 0; i < rows.length; i += 500) await tx.insert(teamMembers).values(rows.slice(i, i + 500));
		await tx.update(teams).set({ rosterSize: rows.length, updatedAt: at, version: team.version + 1 }).where(eq(teams.id, teamId));
		await tx.insert(rosterImports).values({ teamId, userId: actor.userId, total: rows.length, added, removed, createdAt: at });
		await record({
			action: 'team.import_roster',
			entityType: 'team',
			entityId: teamId,
			pilotId,
			before: { rosterSize: team.rosterSize, declaredMembers: team.declaredMembers },
			after: { rosterSize: rows.length, added: added.length, removed: removed.length, skippedRows: result.problems.filter((p) => !repeated.includes(p.row)).map((p) => p.row), duplicateRows: repeated }
		});
		return { imported: rows.length, skipped: new Set(result.problems.map((p) => p.row)).size, duplicates: repeated.length, added: added.length, removed: removed.length };
	}, { token: file.claim });
	await staged.discard(pilotId, sha256);
	return done;
}

// ── reading ──────────────────────────────────────────────────────────────────
/** A team of the pilot as its roster page shows it; null when the pilot has no such team. */
export async function get(pilotId: number, teamId: number) {
	const [team] = await db
		.select({
			id: teams.id,
			name: teams.name,
			declaredMembers: teams.declaredMembers,
			rosterSize: teams.rosterSize,
			foundedOn: teams.foundedOn,
			leaderName: teams.leaderName,
			registered: teams.registered,
			registrationId: teams.registrationId
		})
		.from(teams)
		.where(and(eq(teams.id, teamId), eq(teams.pilotId, pilotId)));
	return team ?? null;
}

export const PAGE_SIZE = 20;

/** The roster page's query: what was typed in the search box and the page asked for. */
export interface ListQuery {
	q?: string;
	page?: number;
}

/**
 * One page of a team's roster in roster order, searched by name, unit or title (contains, after
 * trimming) or, when the search is 3–11 digits, also by the phone's last digits. Phones are masked
 * (199****1234) and ID numbers exist only as their last four (**************1234).
 */
export async function list(teamId: number, query: ListQuery = {}) {
	const q = (query.q ?? '').normalize('NFKC').trim().slice(0, 40);
	const digits = /^\d{3,11}$/.test(q) ? q : null;
	const phone = sql`replace(replace(replace(coalesce(${teamMembers.phone}, ''), ' ', ''), '-', ''), char(12288), '')`;
	const where = q
		? and(
				eq(teamMembers.teamId, teamId),
				sql`(instr(${teamMembers.name}, ${q}) > 0 or instr(coalesce(${teamMembers.organization}, ''), ${q}) > 0 or instr(coalesce(${teamMembers.title}, ''), ${q}) > 0${digits ? sql` or substr(${phone}, -${digits.length}) = ${digits}` : sql``})`
			)
		: eq(teamMembers.teamId, teamId);
	const [{ n }] = await db.select({ n: sql<number>`count(*)` }).from(teamMembers).where(where);
	const total = Number(n);
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const page = Math.min(Math.max(1, Math.floor(query.page ?? 1) || 1), pages);
	const rows = await db
		.select()
		.from(teamMembers)
		.where(where)
		.orderBy(asc(teamMembers.id))
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE);
	return {
		q,
		total,
		page,
		pages,
		from: total ? (page - 1) * PAGE_SIZE + 1 : 0,
		members: rows.map((m) => ({
			id: m.id,
			name: m.name,
			gender: m.gender,
			organization: m.organization,
			title: m.title,
			specialty: m.specialty,
			phone: maskPhone(m.phone),
			maskedId: m.idLast4 ? '*'.repeat(14) + m.idLast4 : ''
		}))
	};
}

/** Every member of the team, in roster order, for the forms that export it (phones in full). */
export async function members(teamId: number) {
	return db.select().from(teamMembers).where(eq(teamMembers.teamId, teamId)).orderBy(asc(teamMembers.id));
}

/** The team's last roster import: when, by whom, who it added and who it removed; null before the first. */
export async function lastImport(teamId: number) {
	const [row] = await db
		.select({ at: rosterImports.createdAt, by: users.displayName, total: rosterImports.total, added: rosterImports.added, removed: rosterImports.removed })
		.from(rosterImports)
		.leftJoin(users, eq(users.id, rosterImports.userId))
		.where(eq(rosterImports.teamId, teamId))
		.orderBy(desc(rosterImports.createdAt), desc(rosterImports.id))
		.limit(1);
	return row ?? null;
}
