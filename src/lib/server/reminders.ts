/**
 * 督办 reminders: the province sends a pilot a message with a due date; the pilot's editors reply;
 * the province closes it. Nothing is ever deleted, and every step is one audited write.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { db } from './db';
import { pilots, reminderReplies, reminders, users } from './db/schema';
import { write, type Actor } from './audit';
import { now } from './clock';
import { ConflictError, FieldError, NotFoundError } from './errors';
import { beforeTodayProblem, daysBetween } from '../domain/dates';

export async function remindersOf(pilotId: number, today: string) {
	const rows = await db
		.select({ r: reminders, author: users.displayName })
		.from(reminders)
		.leftJoin(users, eq(users.id, reminders.createdBy))
		.where(eq(reminders.pilotId, pilotId))
		.orderBy(asc(reminders.status), desc(reminders.id));
	const replies = rows.length
		? await db
				.select({ reminderId: reminderReplies.reminderId, id: reminderReplies.id, message: reminderReplies.message, createdAt: reminderReplies.createdAt, author: users.displayName, role: users.role })
				.from(reminderReplies)
				.leftJoin(users, eq(users.id, reminderReplies.userId))
				.where(inArray(reminderReplies.reminderId, rows.map((x) => x.r.id)))
				.orderBy(asc(reminderReplies.id))
		: [];
	return rows.map(({ r, author }) => ({
		id: r.id,
		message: r.message,
		dueDate: r.dueDate,
		status: r.status,
		author,
		createdAt: r.createdAt,
		closedAt: r.closedAt,
		overdue: r.status === 'open' && daysBetween(r.dueDate, today) > 0,
		replies: replies.filter((x) => x.reminderId === r.id)
	}));
}

/** Every open reminder of a round's pilots, for the province's overview. */
export async function openReminders(today: string) {
	const rows = await db
		.select({ id: reminders.id, pilotId: reminders.pilotId, pilotName: pilots.name, message: reminders.message, dueDate: reminders.dueDate })
		.from(reminders)
		.innerJoin(pilots, eq(pilots.id, reminders.pilotId))
		.where(eq(reminders.status, 'open'))
		.orderBy(asc(reminders.dueDate));
	const lastReplyRole = new Map<number, string | null>();
	if (rows.length) {
		const replies = await db
			.select({ reminderId: reminderReplies.reminderId, role: users.role })
			.from(reminderReplies)
			.leftJoin(users, eq(users.id, reminderReplies.userId))
			.where(inArray(reminderReplies.reminderId, rows.map((r) => r.id)))
			.orderBy(asc(reminderReplies.id));
		for (const r of replies) lastReplyRole.set(r.reminderId, r.role);
	}
	return rows.map((r) => ({
		...r,
		overdue: daysBetween(r.dueDate, today) > 0,
		answered: lastReplyRole.get(r.id) === 'pilot_editor'
	}));
}

export async function sendReminder(actor: Actor, pilotId: number, input: { message: string; dueDate: string }, today: string) {
	const past = beforeTodayProblem('办理期限', input.dueDate, today);
	if (past) throw new FieldError('dueDate', past);
	return write(actor, async (tx, record) => {
		const [row] = await tx
			.insert(reminders)
			.values({ pilotId, message: input.message, dueDate: input.dueDate, createdBy: actor.userId, createdAt: now() })
			.returning({ id: reminders.id });
		await record({ action: 'reminder.create', entityType: 'reminder', entityId: row.id, pilotId, after: input });
		return row.id;
	});
}

async function ownedOpen(tx: Parameters<Parameters<typeof write>[1]>[0], pilotId: number, reminderId: number) {
	const [row] = await tx.select().from(reminders).where(and(eq(reminders.id, reminderId), eq(reminders.pilotId, pilotId)));
	if (!row) throw new NotFoundError();
	if (row.status !== 'open') throw new ConflictError('该督办事项已办结');
	return row;
}

export async function replyToReminder(actor: Actor, pilotId: number, reminderId: number, message: string) {
	return write(actor, async (tx, record) => {
		await ownedOpen(tx, pilotId, reminderId);
		await tx.insert(reminderReplies).values({ reminderId, userId: actor.userId, message, createdAt: now() });
		await record({ action: 'reminder.reply', entityType: 'reminder', entityId: reminderId, pilotId, after: { message } });
	});
}

export async function closeReminder(actor: Actor, pilotId: number, reminderId: number) {
	return write(actor, async (tx, record) => {
		const row = await ownedOpen(tx, pilotId, reminderId);
		await tx
			.update(reminders)
			.set({ status: 'closed', closedBy: actor.userId, closedAt: now(), version: row.version + 1 })
			.where(eq(reminders.id, reminderId));
		await record({ action: 'reminder.close', entityType: 'reminder', entityId: reminderId, pilotId, before: { status: 'open' }, after: { status: 'closed' } });
	});
}
