/** A unit's officers (队长/支队长 1, 副职 several, 秘书长, 副秘书长): list and the audited writes. */
import { and, asc, eq, ne } from 'drizzle-orm';
import { db } from '../db';
import { orgOfficers, orgUnits } from '../db/schema';
import { write, type Actor } from '../audit';
import { now } from '../clock';
import { ConflictError, FieldError, NotFoundError, VersionMissingError } from '../errors';
import { officerRoleLabel, OFFICER_ROLES, type OfficerRole } from '../../domain/org-units';
import { putInBin } from './bin-entry';

export interface OfficerInput {
	role: OfficerRole;
	name: string;
	workUnit: string | null;
	phone: string | null;
	version?: number;
}

export async function list(unitId: number) {
	const rows = await db.select().from(orgOfficers).where(eq(orgOfficers.unitId, unitId)).orderBy(asc(orgOfficers.id));
	return rows.sort((a, b) => OFFICER_ROLES.indexOf(a.role) - OFFICER_ROLES.indexOf(b.role) || a.id - b.id);
}

/** Creates (id null) or updates one officer of the unit; a second head is refused. */
export async function save(actor: Actor, unitId: number, id: number | null, input: OfficerInput, token?: string | null) {
	return write(
		actor,
		async (tx, record) => {
			const [unit] = await tx.select({ kind: orgUnits.kind, removedOn: orgUnits.removedOn }).from(orgUnits).where(eq(orgUnits.id, unitId));
			if (!unit || unit.removedOn) throw new NotFoundError();
			if (input.role === 'head') {
				const [other] = await tx
					.select({ id: orgOfficers.id })
					.from(orgOfficers)
					.where(and(eq(orgOfficers.unitId, unitId), eq(orgOfficers.role, 'head'), id === null ? undefined : ne(orgOfficers.id, id)));
				if (other) throw new FieldError('role', `本单位已有${officerRoleLabel('head', unit.kind)}，一个单位只设 1 名`);
			}
			const { version, ...values } = input;
			const at = now();
			if (id === null) {
				const [row] = await tx.insert(orgOfficers).values({ ...values, unitId, createdAt: at, updatedAt: at }).returning({ id: orgOfficers.id });
				await record({ action: 'org_officer.create', entityType: 'org_officer', entityId: row.id, after: { unitId, ...values } });
				return row.id;
			}
			const [before] = await tx.select().from(orgOfficers).where(and(eq(orgOfficers.id, id), eq(orgOfficers.unitId, unitId)));
			if (!before) throw new NotFoundError();
			if (version === undefined) throw new VersionMissingError();
			if (before.version !== version) throw new ConflictError();
			await tx.update(orgOfficers).set({ ...values, updatedAt: at, version: before.version + 1 }).where(eq(orgOfficers.id, id));
			await record({
				action: 'org_officer.update',
				entityType: 'org_officer',
				entityId: id,
				before: { role: before.role, name: before.name, workUnit: before.workUnit, phone: before.phone },
				after: values
			});
			return id;
		},
		{ token: id === null ? token : null }
	);
}

/** Removing an officer moves the row into the organisation's recycle bin (restorable for 30 days). */
export async function remove(actor: Actor, unitId: number, id: number) {
	return write(actor, async (tx, record) => {
		const [before] = await tx.select().from(orgOfficers).where(and(eq(orgOfficers.id, id), eq(orgOfficers.unitId, unitId)));
		if (!before) throw new NotFoundError();
		await tx.delete(orgOfficers).where(eq(orgOfficers.id, id));
		await putInBin(tx, actor, 'org_officer', id, unitId, before.name, { row: before });
		await record({ action: 'org_officer.delete', entityType: 'org_officer', entityId: id, before: { unitId, role: before.role, name: before.name, workUnit: before.workUnit, phone: before.phone } });
		return { name: before.name };
	});
}
