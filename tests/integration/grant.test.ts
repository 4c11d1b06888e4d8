/**
 * RELSEC C7: the role and pilot a request was let in with are checked again inside the write's
 * own transaction, so a reassignment or a disabled account between the check and the write
 * cannot let the write through.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { auditLog, pilots, teams, users } from '$lib/server/db/schema';
import { write, type Actor } from '$lib/server/audit';
import { GrantChangedError } from '$lib/server/errors';
import { loadDemoDatabase } from '../support/demo-db';

let editor: typeof users.$inferSelect;
let otherPilot = 0;

beforeAll(async () => {
	await loadDemoDatabase({ accounts: true });
	[editor] = await db.select().from(users).where(eq(users.username, 'editor-410300'));
	[{ id: otherPilot }] = await db.select({ id: pilots.id }).from(pilots).where(eq(pilots.divisionCode, '410700'));
});

const actorAsLetIn = (): Actor => ({ userId: editor.id, username: editor.username, role: editor.role, ip: '127.0.0.1', grant: { role: editor.role, pilotId: editor.pilotId } });

async function addTeam(actor: Actor, name: string) {
	return write(actor, async (tx, record) => {
		const [row] = await tx.insert(teams).values({ pilotId: editor.pilotId!, name, declaredMembers: 30, createdAt: 1, updatedAt: 1 }).returning({ id: teams.id });
		await record({ action: 'team.create', entityType: 'team', entityId: row.id, pilotId: editor.pilotId });
	});
}

const teamsNamed = async (name: string) => (await db.select({ n: count() }).from(teams).where(eq(teams.name, name)))[0].n;
const auditRows = async () => (await db.select({ n: count() }).from(auditLog))[0].n;

describe('a write re-checks who is writing', () => {
	it('goes through while the account is as it was when the request was let in', async () => {
		await addTeam(actorAsLetIn(), '授权未变的服务队');
		expect(await teamsNamed('授权未变的服务队')).toBe(1);
	});

	const changes: [string, Partial<typeof users.$inferInsert>][] = [
		['moved to another pilot', { pilotId: 0 }],
		['given another role', { role: 'leader', pilotId: null }],
		['disabled', { disabled: true }]
	];
	for (const [what, change] of changes) {
		it(`is refused, and leaves nothing, when the account was ${what} meanwhile`, async () => {
			const actor = actorAsLetIn();
			const set = 'pilotId' in change && change.pilotId === 0 ? { ...change, pilotId: otherPilot } : change;
			await db.update(users).set(set).where(eq(users.id, editor.id));
			const auditBefore = await auditRows();
			try {
				await expect(addTeam(actor, `授权已变：${what}`)).rejects.toBeInstanceOf(GrantChangedError);
				expect(await teamsNamed(`授权已变：${what}`)).toBe(0);
				expect(await auditRows()).toBe(auditBefore);
			} finally {
				await db.update(users).set({ role: editor.role, pilotId: editor.pilotId, disabled: false }).where(eq(users.id, editor.id));
			}
		});
	}
});
