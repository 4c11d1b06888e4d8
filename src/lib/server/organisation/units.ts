/**
 * The volunteer organisation's units (issue 19): the tree over time, and the audited writes that
 * build it. A unit's place in the tree lives in `org_unit_parents` with the days it held, so moving a
 * unit closes one row and opens another and the tree of any earlier day can be read back; a removed
 * unit's row is closed the same way and the unit itself is kept for those earlier figures.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { db, type Transaction } from '../db';
import { divisions, orgRecycleBin, orgUnitParents, orgUnits, pilots, teams, users } from '../db/schema';
import { write, type Actor } from '../audit';
import { now } from '../clock';
import { ConflictError, FieldError, NotFoundError, VersionMissingError } from '../errors';
import { canBeChildOf, ORG_KIND_LABELS, type OrgKind } from '../../domain/organisation';
import { ancestorsIn, treeAsOf, type ParentRow } from '../../domain/org-units';
import type { UnitScope } from '../auth/policy';
import { putInBin } from './bin-entry';

export interface UnitInput {
	kind: OrgKind;
	name: string;
	parentId: number | null;
	divisionCode: string | null;
	foundedOn: string | null;
	platformId: string | null;
}

export async function parentRows(): Promise<ParentRow[]> {
	return db.select({ unitId: orgUnitParents.unitId, parentId: orgUnitParents.parentId, validFrom: orgUnitParents.validFrom, validTo: orgUnitParents.validTo }).from(orgUnitParents);
}

/** The tree of `day`: unit → parent, for the units that existed that day. */
export async function treeOf(day: string) {
	return treeAsOf(await parentRows(), day);
}

/** Who may see or change a unit is decided on its current place in the tree. Null: no such unit today. */
export async function scopeOf(unitId: number, day: string): Promise<UnitScope | null> {
	const tree = await treeOf(day);
	if (!tree.has(unitId)) return null;
	return { id: unitId, ancestorIds: ancestorsIn(tree, unitId) };
}

export async function get(unitId: number) {
	const [row] = await db
		.select({ unit: orgUnits, divisionName: divisions.name })
		.from(orgUnits)
		.leftJoin(divisions, eq(divisions.code, orgUnits.divisionCode))
		.where(eq(orgUnits.id, unitId));
	return row ? { ...row.unit, divisionName: row.divisionName } : null;
}

/**
 * The notice after 删除, on the page it leads to (a redirect carries no answer): the unit's name
 * if `id` names a unit in the bin whose former parent the reader sees (`null`: it had none), else null.
 */
export async function removedNotice(id: string | null, readerSees: (parentId: number | null) => boolean): Promise<string | null> {
	if (!id || !/^\d{1,9}$/.test(id)) return null;
	const unit = await get(Number(id));
	if (!unit?.removedOn) return null;
	// only to a reader of the unit it was removed from (its bin entry keeps it): the address alone
	// must not name other cities' units
	const [entry] = await db
		.select({ from: orgRecycleBin.scopeUnitId })
		.from(orgRecycleBin)
		.where(and(eq(orgRecycleBin.kind, 'org_unit'), eq(orgRecycleBin.entityId, unit.id)))
		.orderBy(desc(orgRecycleBin.id))
		.limit(1);
	if (!entry || !readerSees(entry.from)) return null;
	return `已删除组织单位“${unit.name}”，30 天内可在组织体系回收站恢复`;
}

/** The unit's history of parents, newest first, with the parents' names. */
export async function history(unitId: number) {
	const rows = await db
		.select({ id: orgUnitParents.id, parentId: orgUnitParents.parentId, validFrom: orgUnitParents.validFrom, validTo: orgUnitParents.validTo, parentName: orgUnits.name })
		.from(orgUnitParents)
		.leftJoin(orgUnits, eq(orgUnits.id, orgUnitParents.parentId))
		.where(eq(orgUnitParents.unitId, unitId))
		.orderBy(desc(orgUnitParents.validFrom), desc(orgUnitParents.id));
	return rows;
}

/** Every unit's id, kind and name (for choosing a parent and naming rows). */
export async function names() {
	return db.select({ id: orgUnits.id, kind: orgUnits.kind, name: orgUnits.name, removedOn: orgUnits.removedOn }).from(orgUnits).orderBy(asc(orgUnits.id));
}

/** Cities and counties of the province, for the division select. */
export async function divisionChoices() {
	return db
		.select({ code: divisions.code, name: divisions.name, level: divisions.level, parentCode: divisions.parentCode })
		.from(divisions)
		.where(inArray(divisions.level, ['city', 'county']))
		.orderBy(asc(divisions.code));
}

async function currentParentRow(tx: Transaction, unitId: number) {
	const [row] = await tx
		.select()
		.from(orgUnitParents)
		.where(and(eq(orgUnitParents.unitId, unitId), isNull(orgUnitParents.validTo)))
		.orderBy(desc(orgUnitParents.validFrom))
		.limit(1);
	return row ?? null;
}

/** Checked inside the write: the parent exists today, takes this kind, and is not below the unit. */
async function assertParent(tx: Transaction, kind: OrgKind, parentId: number | null, unitId: number | null, day: string) {
	if (parentId === null) {
		if (!canBeChildOf(kind, null)) throw new FieldError('parentId', `${ORG_KIND_LABELS[kind]}须有上级单位`);
		const [corps] = await tx
			.select({ id: orgUnits.id })
			.from(orgUnits)
			.innerJoin(orgUnitParents, and(eq(orgUnitParents.unitId, orgUnits.id), isNull(orgUnitParents.validTo)))
			.where(and(eq(orgUnits.kind, 'corps'), isNull(orgUnits.removedOn)));
		if (corps && corps.id !== unitId) throw new FieldError('kind', '已有总队，一个省只设一个总队');
		return;
	}
	const rows = await tx.select({ unitId: orgUnitParents.unitId, parentId: orgUnitParents.parentId, validFrom: orgUnitParents.validFrom, validTo: orgUnitParents.validTo }).from(orgUnitParents);
	const tree = treeAsOf(rows, day);
	const [parent] = await tx.select({ kind: orgUnits.kind, removedOn: orgUnits.removedOn }).from(orgUnits).where(eq(orgUnits.id, parentId));
	if (!parent || parent.removedOn || !tree.has(parentId)) throw new FieldError('parentId', '所选上级单位不存在');
	if (!canBeChildOf(kind, parent.kind)) throw new FieldError('parentId', `${ORG_KIND_LABELS[kind]}不能设在${ORG_KIND_LABELS[parent.kind]}之下`);
	if (unitId !== null && (parentId === unitId || ancestorsIn(tree, parentId).includes(unitId))) {
		throw new FieldError('parentId', '不能把单位移到它自己或它的下级单位之下');
	}
}

async function assertDivision(tx: Transaction, kind: OrgKind, code: string | null) {
	if (code === null) {
		if (kind === 'city_detachment' || kind === 'county_team') throw new FieldError('divisionCode', '请选择所在的市或县（市、区）');
		return;
	}
	const [d] = await tx.select({ level: divisions.level }).from(divisions).where(eq(divisions.code, code));
	if (!d) throw new FieldError('divisionCode', '所选行政区划不存在');
	if (kind === 'city_detachment' && d.level !== 'city') throw new FieldError('divisionCode', '市级支队请选择一个省辖市');
	if (kind === 'county_team' && d.level !== 'county') throw new FieldError('divisionCode', '县（市、区）队请选择一个县（市、区）');
}

/**
 * Where a unit may sit: a county's 队 only under its own city's 支队 (兰考县 belongs to 开封市, not
 * 洛阳市), and no two live units of one name under the same parent.
 */
/** A 支队 given another city: its county 队 must lie in that city (a county's 队 sits under its own city's 支队). */
async function assertCityPlace(tx: Transaction, id: number, cityCode: string | null) {
	if (!cityCode) return;
	const children = await tx
		.select({ name: orgUnits.name, cityCode: divisions.parentCode })
		.from(orgUnitParents)
		.innerJoin(orgUnits, eq(orgUnits.id, orgUnitParents.unitId))
		.leftJoin(divisions, eq(divisions.code, orgUnits.divisionCode))
		.where(and(eq(orgUnitParents.parentId, id), isNull(orgUnitParents.validTo), isNull(orgUnits.removedOn), eq(orgUnits.kind, 'county_team')));
	const elsewhere = children.filter((c) => c.cityCode && c.cityCode !== cityCode);
	if (elsewhere.length) throw new FieldError('divisionCode', `下级的${elsewhere.map((c) => `“${c.name}”`).join('、')}不在所选的市，不能改到该市`);
}

async function assertPlace(tx: Transaction, unit: { id: number | null; kind: OrgKind; name: string; parentId: number | null; divisionCode: string | null }) {
	if (unit.parentId === null) return;
	if (unit.kind === 'county_team' && unit.divisionCode) {
		const [parent] = await tx.select({ kind: orgUnits.kind, divisionCode: orgUnits.divisionCode, name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, unit.parentId));
		const [county] = await tx.select({ cityCode: divisions.parentCode, name: divisions.name }).from(divisions).where(eq(divisions.code, unit.divisionCode));
		if (parent?.kind === 'city_detachment' && parent.divisionCode && county && county.cityCode !== parent.divisionCode) {
			throw new FieldError('divisionCode', `${county.name}不在${parent.name}所在的市，请选择本市的县（市、区）`);
		}
	}
	const siblings = await tx
		.select({ id: orgUnits.id })
		.from(orgUnits)
		.innerJoin(orgUnitParents, and(eq(orgUnitParents.unitId, orgUnits.id), isNull(orgUnitParents.validTo)))
		.where(and(eq(orgUnitParents.parentId, unit.parentId), eq(orgUnits.name, unit.name), isNull(orgUnits.removedOn)));
	if (siblings.some((x) => x.id !== unit.id)) throw new FieldError('name', `上级单位下已有“${unit.name}”，请换一个名称`);
}

function snapshot(u: Partial<typeof orgUnits.$inferSelect> & { parentId?: number | null }) {
	const { kind, name, divisionCode, foundedOn, platformId, parentId } = u;
	return { kind, name, divisionCode, foundedOn, platformId, ...(parentId !== undefined ? { parentId } : {}) };
}

/** A new unit under `parentId`, in the tree from `day`. */
export async function create(actor: Actor, input: UnitInput, day: string, token?: string | null) {
	return write(
		actor,
		async (tx, record) => {
			await assertParent(tx, input.kind, input.parentId, null, day);
			await assertDivision(tx, input.kind, input.divisionCode);
			await assertPlace(tx, { id: null, ...input });
			const at = now();
			const { parentId, ...values } = input;
			const [row] = await tx.insert(orgUnits).values({ ...values, createdAt: at, updatedAt: at }).returning({ id: orgUnits.id });
			await tx.insert(orgUnitParents).values({ unitId: row.id, parentId, validFrom: day, validTo: null });
			await record({ action: 'org_unit.create', entityType: 'org_unit', entityId: row.id, after: snapshot(input) });
			return row.id;
		},
		{ token }
	);
}

/**
 * Name, division, founding date and platform id; the kind stays (a unit of another kind is another
 * unit). `placeFixed`: the editor may not restructure this unit (an officer's own), so its city or
 * county stays: a 支队 moved to another city would leave its officer's scope with its county 队.
 */
export async function update(actor: Actor, id: number, input: Omit<UnitInput, 'kind' | 'parentId'> & { version?: number }, { placeFixed = false } = {}) {
	return write(actor, async (tx, record) => {
		const [before] = await tx.select().from(orgUnits).where(eq(orgUnits.id, id));
		if (!before || before.removedOn) throw new NotFoundError();
		if (input.version === undefined) throw new VersionMissingError();
		if (before.version !== input.version) throw new ConflictError();
		if (input.divisionCode !== before.divisionCode) {
			if (placeFixed) throw new FieldError('divisionCode', '本单位所在的市或县（市、区）不能由本单位修改，请联系上级单位或省科协');
			if (before.kind === 'city_detachment') await assertCityPlace(tx, id, input.divisionCode);
		}
		await assertDivision(tx, before.kind, input.divisionCode);
		await assertPlace(tx, { id, kind: before.kind, name: input.name, parentId: (await currentParentRow(tx, id))?.parentId ?? null, divisionCode: input.divisionCode });
		const { version: _v, ...change } = input;
		await tx
			.update(orgUnits)
			.set({ ...change, updatedAt: now(), version: before.version + 1 })
			.where(and(eq(orgUnits.id, id), eq(orgUnits.version, before.version)));
		await record({ action: 'org_unit.update', entityType: 'org_unit', entityId: id, before: snapshot(before), after: snapshot({ ...before, ...change }) });
	});
}

/**
 * Moves a unit under another parent from `day`: the current row closes that day and a new one
 * opens, so figures of earlier days keep the old parent. A row opened the same day is changed in place.
 */
export async function move(actor: Actor, id: number, parentId: number | null, day: string) {
	return write(actor, async (tx, record) => {
		const [unit] = await tx.select().from(orgUnits).where(eq(orgUnits.id, id));
		if (!unit || unit.removedOn) throw new NotFoundError();
		const current = await currentParentRow(tx, id);
		if (!current) throw new NotFoundError();
		if (current.parentId === parentId) throw new FieldError('parentId', '上级单位没有变化');
		await assertParent(tx, unit.kind, parentId, id, day);
		await assertPlace(tx, { id, kind: unit.kind, name: unit.name, parentId, divisionCode: unit.divisionCode });
		if (current.validFrom >= day) {
			await tx.update(orgUnitParents).set({ parentId }).where(eq(orgUnitParents.id, current.id));
		} else {
			await tx.update(orgUnitParents).set({ validTo: day }).where(eq(orgUnitParents.id, current.id));
			await tx.insert(orgUnitParents).values({ unitId: id, parentId, validFrom: day, validTo: null });
		}
		await tx.update(orgUnits).set({ updatedAt: now(), version: unit.version + 1 }).where(eq(orgUnits.id, id));
		await record({ action: 'org_unit.move', entityType: 'org_unit', entityId: id, before: { parentId: current.parentId }, after: { parentId, validFrom: day } });
	});
}

/**
 * Removes a unit from the tree from `day` into the organisation's recycle bin. Refused while units
 * sit below it or teams are attached (move or detach them first), so nothing is left hanging; the
 * unit stays for earlier figures.
 */
export async function remove(actor: Actor, id: number, day: string) {
	return write(actor, async (tx, record) => {
		const [unit] = await tx.select().from(orgUnits).where(eq(orgUnits.id, id));
		if (!unit || unit.removedOn) throw new NotFoundError();
		const [child] = await tx
			.select({ id: orgUnitParents.unitId })
			.from(orgUnitParents)
			.where(and(eq(orgUnitParents.parentId, id), isNull(orgUnitParents.validTo)))
			.limit(1);
		if (child) throw new FieldError('_form', '该单位下还有下级单位，请先移走或删除下级单位');
		const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.unitId, id)).limit(1);
		if (team) throw new FieldError('_form', '该单位还挂有服务队，请先解除挂靠');
		const [officer] = await tx.select({ id: users.id }).from(users).where(and(eq(users.unitId, id), eq(users.disabled, false))).limit(1);
		if (officer) throw new FieldError('_form', '该单位还有管理员账号，请先停用或改绑账号');
		const current = await currentParentRow(tx, id);
		if (current) {
			if (current.validFrom >= day) await tx.delete(orgUnitParents).where(eq(orgUnitParents.id, current.id));
			else await tx.update(orgUnitParents).set({ validTo: day }).where(eq(orgUnitParents.id, current.id));
		}
		await tx.update(orgUnits).set({ removedOn: day, updatedAt: now(), version: unit.version + 1 }).where(eq(orgUnits.id, id));
		// the bin entry says where it sat, so 恢复 can put it back there
		await putInBin(tx, actor, 'org_unit', id, current?.parentId ?? null, unit.name, { parent: current ?? null, removedOn: day });
		await record({ action: 'org_unit.remove', entityType: 'org_unit', entityId: id, before: snapshot(unit), after: { removedOn: day } });
		return { name: unit.name };
	});
}

/** Teams attached to the unit itself (not below it), with their pilots. */
export async function teamsOf(unitId: number) {
	return db
		.select({ id: teams.id, name: teams.name, pilotId: teams.pilotId, pilotName: pilots.name, rosterSize: teams.rosterSize, declaredMembers: teams.declaredMembers, registered: teams.registered })
		.from(teams)
		.innerJoin(pilots, eq(pilots.id, teams.pilotId))
		.where(eq(teams.unitId, unitId))
		.orderBy(asc(teams.id));
}

/** Pilots' teams not attached to any unit, for the administrator's attach select. */
export async function unattachedTeams() {
	return db
		.select({ id: teams.id, name: teams.name, pilotName: pilots.name })
		.from(teams)
		.innerJoin(pilots, eq(pilots.id, teams.pilotId))
		.where(isNull(teams.unitId))
		.orderBy(asc(pilots.divisionCode), asc(teams.id));
}

/** Attaches a pilot's team to a unit (or moves it from another), audited on the team's pilot. */
export async function attachTeam(actor: Actor, unitId: number, teamId: number) {
	return write(actor, async (tx, record) => {
		const [unit] = await tx.select({ id: orgUnits.id, removedOn: orgUnits.removedOn }).from(orgUnits).where(eq(orgUnits.id, unitId));
		if (!unit || unit.removedOn) throw new NotFoundError();
		const [team] = await tx.select({ id: teams.id, pilotId: teams.pilotId, unitId: teams.unitId, version: teams.version }).from(teams).where(eq(teams.id, teamId));
		if (!team) throw new FieldError('teamId', '所选服务队不存在');
		if (team.unitId === unitId) throw new FieldError('teamId', '该服务队已挂靠在本单位');
		await tx.update(teams).set({ unitId, updatedAt: now(), version: team.version + 1 }).where(eq(teams.id, teamId));
		await record({ action: 'team.attach', entityType: 'team', entityId: teamId, pilotId: team.pilotId, before: { unitId: team.unitId }, after: { unitId } });
	});
}

export async function detachTeam(actor: Actor, unitId: number, teamId: number) {
	return write(actor, async (tx, record) => {
		const [team] = await tx.select({ id: teams.id, pilotId: teams.pilotId, unitId: teams.unitId, version: teams.version, name: teams.name }).from(teams).where(eq(teams.id, teamId));
		if (!team || team.unitId !== unitId) throw new NotFoundError();
		await tx.update(teams).set({ unitId: null, updatedAt: now(), version: team.version + 1 }).where(eq(teams.id, teamId));
		await record({ action: 'team.detach', entityType: 'team', entityId: teamId, pilotId: team.pilotId, before: { unitId }, after: { unitId: null } });
		return { name: team.name };
	});
}

/** The unit whose subtree a pilot's teams sit in, for the pilot page's cadence: teams' units. */
export async function unitsOfPilot(pilotId: number) {
	return db
		.selectDistinct({ id: orgUnits.id, name: orgUnits.name })
		.from(teams)
		.innerJoin(orgUnits, eq(orgUnits.id, teams.unitId))
		.where(and(eq(teams.pilotId, pilotId), isNotNull(teams.unitId)));
}

/** Accounts bound to a unit (its officers' logins), for the unit page. */
export async function accountsOf(unitId: number) {
	return db
		.select({ id: users.id, username: users.username, displayName: users.displayName, disabled: users.disabled })
		.from(users)
		.where(and(eq(users.unitId, unitId), eq(users.role, 'unit_officer')))
		.orderBy(asc(users.username));
}

/**
 * Puts a removed unit back under its former parent from `day`, inside the bin's restore write: the
 * parent must still be in today's tree and take this kind. Removed and restored the same day, the
 * old parent row is reopened (or put back), so the tree shows no gap; later, a new row opens that day.
 */
export async function restoreIn(tx: Transaction, id: number, parent: { id: number; parentId: number | null; validFrom: string; validTo: string | null } | null, removedOn: string, day: string) {
	const [unit] = await tx.select().from(orgUnits).where(eq(orgUnits.id, id));
	if (!unit || !unit.removedOn) throw new NotFoundError();
	const parentId = parent?.parentId ?? null;
	try {
		await assertParent(tx, unit.kind, parentId, id, day);
	} catch (e) {
		if (e instanceof FieldError) throw new FieldError('_form', `原上级单位已不在组织结构中，无法恢复（${e.message}）`);
		throw e;
	}
	try {
		// a unit of the same name made under that parent since: two would stand side by side
		await assertPlace(tx, { id, kind: unit.kind, name: unit.name, parentId, divisionCode: unit.divisionCode });
	} catch (e) {
		if (e instanceof FieldError) throw new FieldError('_form', `无法恢复：${e.message.replace(/，请.*$/, '')}`);
		throw e;
	}
	if (parent && removedOn === day) {
		const [row] = await tx.select({ id: orgUnitParents.id }).from(orgUnitParents).where(eq(orgUnitParents.id, parent.id));
		if (row) await tx.update(orgUnitParents).set({ validTo: null }).where(eq(orgUnitParents.id, parent.id));
		else await tx.insert(orgUnitParents).values({ unitId: id, parentId, validFrom: parent.validFrom, validTo: null });
	} else {
		await tx.insert(orgUnitParents).values({ unitId: id, parentId, validFrom: day, validTo: null });
	}
	await tx.update(orgUnits).set({ removedOn: null, updatedAt: now(), version: unit.version + 1 }).where(eq(orgUnits.id, id));
	return { parentId, unit: snapshot(unit) };
}
