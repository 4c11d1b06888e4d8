/**
 * Nominations (推荐材料): a candidate picked from the unit's data within its quota, its figures
 * and eligibility as of the cut-off, what people write, photos and the stamped scan.
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { db, type Transaction } from '../db';
import { nominationCalls, nominationFiles, nominations, nominationUnits } from '../db/schema';
import { write, type Actor } from '../audit';
import { now } from '../clock';
import { ConflictError, FieldError, NotFoundError, refuseIfAny } from '../errors';
import { MIME, storeBytes, type CheckedFile } from '../files';
import { evaluateEligibility, NOMINATION_CATEGORY_LABELS, type Candidate, type NominationCategory } from '../../domain/nominations';
import type { NominationInput } from '../../schemas/nominations';
import { photoSizeProblem } from '../../forms';
import { projectFiguresAsOf, stationFiguresAsOf, teamFiguresAsOf, volunteerFiguresAsOf, type UnitScope } from './figures';
import { rulesOf, type Call } from './calls';
import { quotaOf } from './quotas';

export type Nomination = typeof nominations.$inferSelect;

export const DEEDS_MAX = 1000;
/** photos a submitted nomination needs: two for a team (`001` 附件3), one otherwise */
export const PHOTOS_NEEDED: Record<NominationCategory, number> = { volunteer: 1, team: 2, project: 1, station: 1 };
export const PHOTOS_MAX = 3;

export interface CandidateOption {
	key: string;
	name: string;
	divisionCode: string;
	figures: Record<string, unknown>;
	/** the data's part of the Candidate: registered and the counts */
	data: Omit<Candidate, 'cleanRecord' | 'selectedBefore' | 'outstanding'>;
	summary: string;
}

/** Everyone and everything the unit could nominate in a category, from its data as of the cut-off. */
export async function candidates(call: Call, scope: UnitScope, category: NominationCategory): Promise<CandidateOption[]> {
	const cutoff = call.cutoffDate;
	if (category === 'volunteer') {
		return (await volunteerFiguresAsOf(db, scope, cutoff)).map((v) => ({
			key: `person:${v.personHash}`,
			name: v.name,
			divisionCode: v.divisionCode,
			figures: { name: v.name, gender: v.gender, phone: v.phone, organization: v.organization, teams: v.teamNames, projects: v.projects, since: v.since, hours: v.hours, activities: v.activities },
			data: { registered: v.registered },
			summary: `${v.teamNames.join('、')} · 活动 ${v.activities} 次 · ${v.hours} 小时`
		}));
	}
	if (category === 'team') {
		return (await teamFiguresAsOf(db, scope, cutoff)).map((t) => ({
			key: `team:${t.id}`,
			name: t.name,
			divisionCode: t.divisionCode,
			figures: { name: t.name, foundedOn: t.foundedOn, members: t.members, hours: t.hours, perCapitaHours: t.perCapitaHours, leaderName: t.leaderName, leaderPhone: t.leaderPhone, usualActivities: t.usualActivities, activities: t.activities },
			data: { registered: t.registered, registeredVolunteers: t.members },
			summary: `注册志愿者 ${t.members} 人 · 活动 ${t.activities} 次`
		}));
	}
	if (category === 'project') {
		return (await projectFiguresAsOf(db, scope, cutoff)).map((p) => ({
			key: `project:${p.id}`,
			name: p.name,
			divisionCode: p.divisionCode,
			figures: { name: p.name, startDate: p.startDate, volunteers: p.volunteers, activities: p.activities, hours: p.hours, teams: p.teamNames },
			data: { registered: p.registered, registeredVolunteers: p.volunteers, startDate: p.startDate },
			summary: `开始 ${p.startDate ?? '未填写'} · 志愿者 ${p.volunteers} 人 · 活动 ${p.activities} 次`
		}));
	}
	return (await stationFiguresAsOf(db, scope, cutoff)).map((s) => ({
		key: `station:${s.id}`,
		name: s.name,
		divisionCode: s.divisionCode,
		figures: { name: s.name, address: s.address, residents: s.residents, volunteers: s.volunteers, teams: s.teamNames, activityKinds: s.activityKinds, activities: s.activities },
		data: { registered: s.registered, registeredVolunteers: s.volunteers, residents: s.residents, activityKinds: s.activityKinds, teams: s.teams },
		summary: `常住人口 ${s.residents ?? '未填写'} · 志愿者 ${s.volunteers} 人 · 服务队 ${s.teams} 支`
	}));
}

/** Whether a candidate was selected in an earlier published call (`000`: they do not take part again). */
async function selectedBefore(tx: Transaction | typeof db, callId: number, key: string): Promise<boolean> {
	const [row] = await tx
		.select({ id: nominations.id })
		.from(nominations)
		.innerJoin(nominationCalls, eq(nominationCalls.id, nominations.callId))
		.where(and(eq(nominations.candidateKey, key), eq(nominations.selected, true), eq(nominationCalls.stage, 'published'), ne(nominations.callId, callId)))
		.limit(1);
	return !!row;
}

function evaluate(call: Call, category: NominationCategory, data: CandidateOption['data'], details: { noBadRecord: boolean; outstanding: boolean }, before: boolean) {
	return evaluateEligibility(category, { ...data, cleanRecord: details.noBadRecord, outstanding: details.outstanding, selectedBefore: before }, rulesOf(call));
}

export async function list(callId: number, unitId?: number) {
	return db
		.select({ n: nominations, unitName: nominationUnits.name, unitKind: nominationUnits.kind, photos: sql<number>`(select count(*) from nomination_files f where f.nomination_id = ${nominations.id} and f.purpose = 'photo')` })
		.from(nominations)
		.innerJoin(nominationUnits, eq(nominationUnits.id, nominations.unitId))
		.where(unitId === undefined ? eq(nominations.callId, callId) : and(eq(nominations.callId, callId), eq(nominations.unitId, unitId)))
		.orderBy(asc(nominations.category), asc(nominations.id));
}

export async function get(callId: number, id: number) {
	const [row] = await db
		.select({ n: nominations, unitName: nominationUnits.name })
		.from(nominations)
		.innerJoin(nominationUnits, eq(nominationUnits.id, nominations.unitId))
		.where(and(eq(nominations.id, id), eq(nominations.callId, callId)));
	return row ?? null;
}

export function filesOf(nominationId: number) {
	return db.select().from(nominationFiles).where(eq(nominationFiles.nominationId, nominationId)).orderBy(asc(nominationFiles.id));
}

export async function fileOf(nominationId: number, fileId: number) {
	const [row] = await db.select().from(nominationFiles).where(and(eq(nominationFiles.id, fileId), eq(nominationFiles.nominationId, nominationId)));
	return row ?? null;
}

/** Nominates a candidate of the unit's data, within the unit's quota for the category. */
export async function create(actor: Actor, call: Call, unit: { id: number; divisionCode: string | null; categories: string[] }, category: NominationCategory, key: string, token?: string | null): Promise<number> {
	if (!unit.categories.includes(category)) throw new FieldError('category', `本单位不在“${NOMINATION_CATEGORY_LABELS[category]}”类别推荐`);
	const option = (await candidates(call, { divisionCode: unit.divisionCode }, category)).find((c) => c.key === key);
	if (!option) throw new FieldError('candidate', '推荐对象不在本单位截至数据截止日期的数据中');
	const quota = await quotaOf(call, unit.id, category);
	return write(
		actor,
		async (tx, record) => {
			const [{ n }] = await tx.select({ n: sql<number>`count(*)` }).from(nominations).where(and(eq(nominations.callId, call.id), eq(nominations.unitId, unit.id), eq(nominations.category, category)));
			if (Number(n) >= quota) throw new FieldError('candidate', `本单位“${NOMINATION_CATEGORY_LABELS[category]}”名额 ${quota} 个，已用完`);
			const [dup] = await tx.select({ id: nominations.id }).from(nominations).where(and(eq(nominations.callId, call.id), eq(nominations.candidateKey, key)));
			if (dup) throw new FieldError('candidate', '该对象已被推荐');
			// the unit declares 无不良记录 itself, on the nomination's form: nothing is declared for it
			const details = { noBadRecord: false, outstanding: false };
			const result = evaluate(call, category, option.data, details, await selectedBefore(tx, call.id, key));
			const at = now();
			const [row] = await tx
				.insert(nominations)
				.values({
					callId: call.id,
					unitId: unit.id,
					category,
					candidateKey: key,
					candidateName: option.name,
					divisionCode: option.divisionCode,
					figures: { ...option.figures, data: option.data },
					eligible: result.eligible,
					reasons: result.reasons,
					details: { noBadRecord: null, outstanding: null },
					createdAt: at,
					updatedAt: at
				})
				.returning({ id: nominations.id });
			await record({ action: 'nomination.create', entityType: 'nomination', entityId: row.id, after: { category, name: option.name, eligible: result.eligible, reasons: result.reasons } });
			return row.id;
		},
		{ token }
	);
}

/** What is wrong with a nomination photo's size, if anything (the call asks for 1–3 MB). */
export const photoProblem = (photo: CheckedFile): string | null => photoSizeProblem(photo.name, photo.bytes.length);

/** Saves what people write; eligibility is evaluated again (the declarations change it). */
export async function update(actor: Actor, call: Call, id: number, input: NominationInput, photos: CheckedFile[]) {
	for (const p of photos) {
		const problem = photoProblem(p);
		if (problem) throw new FieldError('photo', problem);
	}
	const stored = await Promise.all(photos.map((p) => storeBytes(p.bytes)));
	return write(actor, async (tx, record) => {
		const [before] = await tx.select().from(nominations).where(and(eq(nominations.id, id), eq(nominations.callId, call.id)));
		if (!before) throw new NotFoundError();
		if (before.version !== input.version) throw new ConflictError();
		const [{ n }] = await tx.select({ n: sql<number>`count(*)` }).from(nominationFiles).where(and(eq(nominationFiles.nominationId, id), eq(nominationFiles.purpose, 'photo')));
		if (Number(n) + photos.length > PHOTOS_MAX) throw new FieldError('photo', `照片最多 ${PHOTOS_MAX} 张`);
		const data = (before.figures.data ?? {}) as CandidateOption['data'];
		const result = evaluate(call, before.category, data, { noBadRecord: input.noBadRecord, outstanding: input.outstanding }, await selectedBefore(tx, call.id, before.candidateKey));
		// what was sent to the province keeps what 报送 required of it
		if (before.status === 'submitted') {
			const problems: Record<string, string> = {};
			if (!result.eligible && !input.exceptionReason) problems.exceptionReason = '不符合条件的对象须写明破格推荐理由';
			if (!input.deeds) problems.deeds = '已报送的推荐须保留主要事迹';
			refuseIfAny(problems);
		}
		const details = { gender: input.gender, birthMonth: input.birthMonth, politics: input.politics, address: input.address, contact: input.contact, activitiesText: input.activitiesText, noBadRecord: input.noBadRecord ? 'on' : null, outstanding: input.outstanding ? 'on' : null };
		await tx
			.update(nominations)
			.set({ details, deeds: input.deeds, exceptionReason: input.exceptionReason, eligible: result.eligible, reasons: result.reasons, updatedAt: now(), version: before.version + 1 })
			.where(eq(nominations.id, id));
		for (const [i, p] of photos.entries()) {
			await tx.insert(nominationFiles).values({ nominationId: id, purpose: 'photo', sha256: stored[i], mime: MIME[p.kind], size: p.bytes.length, originalName: p.name, createdAt: now() });
		}
		await record({
			action: 'nomination.update',
			entityType: 'nomination',
			entityId: id,
			before: { name: before.candidateName, deeds: before.deeds, exceptionReason: before.exceptionReason, eligible: before.eligible },
			after: { name: before.candidateName, deeds: input.deeds, exceptionReason: input.exceptionReason, eligible: result.eligible, photos: photos.map((p) => p.name) }
		});
	});
}

/** What a nomination still lacks before it can be submitted, in words. */
export function missingForSubmit(n: Nomination, photos: number): string[] {
	const missing: string[] = [];
	if (!n.deeds) missing.push('主要事迹未填写');
	if (photos < PHOTOS_NEEDED[n.category]) missing.push(`照片 ${photos} 张，须 ${PHOTOS_NEEDED[n.category]} 张`);
	if (!n.eligible && !n.exceptionReason) missing.push('不符合条件，须写明破格推荐理由');
	return missing;
}

export async function submit(actor: Actor, call: Call, id: number, today: string, isProvince: boolean) {
	if (!isProvince && today > call.deadline) throw new FieldError('_form', `报送截止日期 ${call.deadline} 已过`);
	return write(actor, async (tx, record) => {
		const [n] = await tx.select().from(nominations).where(and(eq(nominations.id, id), eq(nominations.callId, call.id)));
		if (!n) throw new NotFoundError();
		const [{ photos }] = await tx.select({ photos: sql<number>`count(*)` }).from(nominationFiles).where(and(eq(nominationFiles.nominationId, id), eq(nominationFiles.purpose, 'photo')));
		const missing = missingForSubmit(n, Number(photos));
		if (missing.length) throw new FieldError('_form', `尚不能报送：${missing.join('；')}`);
		await tx.update(nominations).set({ status: 'submitted', updatedAt: now(), version: n.version + 1 }).where(eq(nominations.id, id));
		await record({ action: 'nomination.submit', entityType: 'nomination', entityId: id, before: { name: n.candidateName, status: n.status }, after: { name: n.candidateName, status: 'submitted' } });
	});
}

/** The stamped scan (PDF or JPG) uploaded back; a newer scan replaces the older. */
export async function attachScan(actor: Actor, callId: number, id: number, file: CheckedFile) {
	const sha256 = await storeBytes(file.bytes);
	return write(actor, async (tx, record) => {
		const [n] = await tx.select({ id: nominations.id, name: nominations.candidateName }).from(nominations).where(and(eq(nominations.id, id), eq(nominations.callId, callId)));
		if (!n) throw new NotFoundError();
		await tx.delete(nominationFiles).where(and(eq(nominationFiles.nominationId, id), eq(nominationFiles.purpose, 'scan')));
		await tx.insert(nominationFiles).values({ nominationId: id, purpose: 'scan', sha256, mime: MIME[file.kind], size: file.bytes.length, originalName: file.name, createdAt: now() });
		await record({ action: 'nomination.scan', entityType: 'nomination', entityId: id, after: { name: n.name, file: file.name } });
	});
}

export async function removePhoto(actor: Actor, callId: number, id: number, fileId: number) {
	return write(actor, async (tx, record) => {
		const [f] = await tx
			.select({ id: nominationFiles.id, name: nominationFiles.originalName, purpose: nominationFiles.purpose, status: nominations.status, category: nominations.category })
			.from(nominationFiles)
			.innerJoin(nominations, eq(nominations.id, nominationFiles.nominationId))
			.where(and(eq(nominationFiles.id, fileId), eq(nominationFiles.nominationId, id), eq(nominations.callId, callId)));
		if (!f) throw new NotFoundError();
		if (f.status === 'submitted' && f.purpose === 'photo') {
			const [{ photos }] = await tx.select({ photos: sql<number>`count(*)` }).from(nominationFiles).where(and(eq(nominationFiles.nominationId, id), eq(nominationFiles.purpose, 'photo')));
			const need = PHOTOS_NEEDED[f.category];
			if (Number(photos) - 1 < need) throw new FieldError('_form', `已报送的推荐至少保留 ${need} 张照片；如要更换，请先上传新照片再删除这张`);
		}
		await tx.delete(nominationFiles).where(eq(nominationFiles.id, fileId));
		await record({ action: 'nomination.remove_photo', entityType: 'nomination', entityId: id, before: { file: f.name } });
	});
}
