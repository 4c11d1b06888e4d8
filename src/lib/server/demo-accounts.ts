/**
 * Demo accounts, one per role and one editor per demo pilot, all with the published demo
 * password. They exist only in a database loaded with the demo data.
 */
import { and, asc, eq, inArray, like, or, sql } from 'drizzle-orm';
import { db, type Transaction } from './db';
import { appMeta, monthlyReports, orgUnits, pilots, users } from './db/schema';
import { hashPassword } from './auth/password';
import { now } from './clock';
import { createNominationDemoAccounts, NOMINATION_DEMO_USERNAMES } from './nominations/demo';

export const DEMO_PASSWORD = 'shidiantong-demo';

export async function createDemoAccounts(tx: Transaction): Promise<number> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const at = now();
	const base = { passwordHash, createdAt: at, updatedAt: at };
	const pilotRows = await tx.select({ id: pilots.id, code: pilots.divisionCode, name: pilots.name }).from(pilots).orderBy(asc(pilots.id));
	const rows: (typeof users.$inferInsert)[] = [
		{ ...base, username: 'admin', displayName: '省科协管理员（演示）', role: 'province_admin' },
		{ ...base, username: 'staff', displayName: '省科协工作人员（演示）', role: 'province_staff' },
		{ ...base, username: 'leader', displayName: '领导（演示）', role: 'leader' },
		...pilotRows.map((p) => ({
			...base,
			username: `editor-${p.code}`,
			displayName: `${p.name}填报员（演示）`,
			role: 'pilot_editor' as const,
			pilotId: p.id
		}))
	];
	// 组织单位管理员 (issue 19): officers of two city 支队, each sees only their own 支队 and below
	const units = await tx.select({ id: orgUnits.id, code: orgUnits.divisionCode, name: orgUnits.name }).from(orgUnits).where(and(eq(orgUnits.kind, 'city_detachment'), inArray(orgUnits.divisionCode, ['410300', '410700'])));
	for (const u of units) rows.push({ ...base, username: `officer-${u.code}`, displayName: `${u.name}管理员（演示）`, role: 'unit_officer', unitId: u.id });
	await tx.insert(users).values(rows);
	// The demo's 月报 were sent by each pilot's editor and reviewed by the province's staff account.
	await tx
		.update(monthlyReports)
		.set({
			submittedBy: sql`(select ${users.id} from ${users} where ${users.role} = 'pilot_editor' and ${users.pilotId} = ${monthlyReports.pilotId} order by ${users.id} limit 1)`,
			reviewedBy: sql`case when ${monthlyReports.reviewedAt} is null then null else (select ${users.id} from ${users} where ${users.username} = 'staff') end`
		});
	// nominations of exemplary cases: one 推荐单位 and one 评审专家
	return rows.length + (await createNominationDemoAccounts(tx, base));
}

/** The demo accounts to offer on the login page: none unless the database holds the demo. */
export async function listDemoAccounts() {
	const [demo] = await db.select().from(appMeta).where(eq(appMeta.key, 'demo'));
	if (!demo) return [];
	return db
		.select({ username: users.username, displayName: users.displayName, role: users.role, pilotName: pilots.name })
		.from(users)
		.leftJoin(pilots, eq(pilots.id, users.pilotId))
		.where(and(eq(users.disabled, false), or(inArray(users.username, ['admin', 'staff', 'leader']), like(users.username, 'editor-%'), like(users.username, 'officer-%'), ...NOMINATION_DEMO_USERNAMES)))
		.orderBy(asc(users.id));
}
