/**
 * 志愿服务记录证明 (民发〔2015〕149号《志愿服务记录办法》): issued for one person of a pilot over a
 * period, into the province's numbered register. What it states — name, masked ID, hours, service
 * content and each activity — is frozen at issue; numbers run per year from 1 and are never reused
 * (certificate_serials counts them in the issuing transaction; nothing deletes a certificate).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { db } from './db';
import { activities, activityParticipants, certificates, certificateSerials, pilots, users } from './db/schema';
import { write, type Actor } from './audit';
import { now } from './clock';
import { FieldError, NotFoundError } from './errors';
import * as people from './people';
import { renderPdf, type PdfOp, type PdfSpec } from './pdf';
import type { CertificateInput } from '../schemas/certificates';
import { certificateNumber, chineseDate, parseCertificateNumber, serviceContent } from '../domain/certificates';
import { formatHours, sumHours } from '../domain/service-hours';

export type Certificate = typeof certificates.$inferSelect;

/** A masked ID as printed: 14 asterisks and the last four, or a dash without one. */
export const maskedId = (last4: string | null) => (last4 ? `${'*'.repeat(14)}${last4}` : '（未登记）');

/**
 * Issues a certificate for the person over the period, with the next number of `today`'s year.
 * Refused when the person took part in none of the pilot's activities in the period.
 */
export async function issue(actor: Actor, pilotId: number, hash: string, input: CertificateInput, today: string, token?: string | null) {
	const person = await people.get(pilotId, hash, today);
	if (!person) throw new NotFoundError();
	return write(
		actor,
		async (tx, record) => {
			const records = await tx
				.select({ date: activities.date, title: activities.title, hours: activityParticipants.hours })
				.from(activityParticipants)
				.innerJoin(activities, eq(activities.id, activityParticipants.activityId))
				.where(and(eq(activities.pilotId, pilotId), eq(activityParticipants.personHash, hash), sql`${activities.date} between ${input.periodStart} and ${input.periodEnd}`))
				.orderBy(asc(activities.date), asc(activities.id));
			if (!records.length) throw new FieldError('periodStart', '该志愿者在所选期间内没有服务记录，请调整起止日期');
			const year = Number(today.slice(0, 4));
			// one statement: the year's counter moves inside this transaction, so two issues never share a serial
			const [{ last }] = await tx
				.insert(certificateSerials)
				.values({ year, last: 1 })
				.onConflictDoUpdate({ target: certificateSerials.year, set: { last: sql`${certificateSerials.last} + 1` } })
				.returning({ last: certificateSerials.last });
			const number = certificateNumber(year, last);
			const hours = sumHours(records.map((r) => r.hours));
			const [row] = await tx
				.insert(certificates)
				.values({
					pilotId,
					number,
					year,
					serial: last,
					personHash: hash,
					name: person.name,
					idLast4: person.idLast4,
					periodStart: input.periodStart,
					periodEnd: input.periodEnd,
					hours,
					activityCount: records.length,
					content: serviceContent(records.map((r) => r.title)),
					records,
					organisation: input.organisation,
					principal: input.principal,
					handler: input.handler,
					issuedOn: today,
					issuedBy: actor.userId,
					createdAt: now()
				})
				.returning({ id: certificates.id });
			await record({
				action: 'certificate.issue',
				entityType: 'certificate',
				entityId: row.id,
				pilotId,
				after: { number, name: person.name, periodStart: input.periodStart, periodEnd: input.periodEnd, hours, activityCount: records.length, organisation: input.organisation, principal: input.principal, handler: input.handler }
			});
			return row.id;
		},
		{ token }
	);
}

/** One certificate of the pilot, or NotFoundError. */
export async function get(pilotId: number, id: number): Promise<Certificate> {
	const [row] = await db.select().from(certificates).where(and(eq(certificates.id, id), eq(certificates.pilotId, pilotId)));
	if (!row) throw new NotFoundError();
	return row;
}

/** The register entry for a number as typed from paper (any bracket, spaces, leading zeros), or null. */
export async function findByNumber(text: string) {
	const parsed = parseCertificateNumber(text);
	if (!parsed) return null;
	const [row] = await db
		.select({ certificate: certificates, pilotName: pilots.name, issuedByName: users.displayName })
		.from(certificates)
		.innerJoin(pilots, eq(pilots.id, certificates.pilotId))
		.leftJoin(users, eq(users.id, certificates.issuedBy))
		.where(and(eq(certificates.year, parsed.year), eq(certificates.serial, parsed.serial)));
	return row ?? null;
}

/** How many records a certificate lists by name (the rest are counted in its content). */
export const LISTED_RECORDS = 10;

/** The certificate as an A4 page (the same layout the print page shows). */
export function pdfSpec(c: Certificate): PdfSpec {
	const left = 72;
	const width = 451;
	const ops: PdfOp[] = [
		['font', 'serif'],
		['fontSize', 26],
		['text', '志愿服务记录证明', left, 96, { width, align: 'center', characterSpacing: 4 }],
		['fontSize', 11],
		['text', `编号：${c.number}`, left, 150, { width, align: 'right' }],
		['fontSize', 14],
		[
			'text',
			`兹证明 ${c.name}（居民身份证号码：${maskedId(c.idLast4)}）于 ${chineseDate(c.periodStart)} 至 ${chineseDate(c.periodEnd)} 期间参加科技志愿服务，经${c.organisation}记录核实，累计志愿服务时长 ${formatHours(c.hours)} 小时。`,
			left,
			190,
			{ width, height: 140, lineGap: 9, indent: 28 }
		],
		['text', `服务内容：${c.content}。`, left, 320, { width, height: 70, lineGap: 9, indent: 28 }],
		['fontSize', 10.5],
		['text', '服务日期', left, 396],
		['text', '服务项目', left + 100, 396],
		['text', '时长（小时）', left + 360, 396, { width: 91, align: 'right' }],
		['lineWidth', 0.6],
		['moveTo', left, 413],
		['lineTo', left + width, 413],
		['stroke']
	];
	const shown = c.records.slice(0, LISTED_RECORDS);
	shown.forEach((r, i) => {
		const y = 420 + i * 18;
		ops.push(['text', r.date, left, y], ['text', r.title, left + 100, y, { width: 250, height: 16, lineBreak: false, ellipsis: true }], ['text', formatHours(r.hours), left + 360, y, { width: 91, align: 'right' }]);
	});
	if (c.records.length > shown.length) ops.push(['text', `另有 ${c.records.length - shown.length} 次服务记录，合计见上文。`, left, 420 + shown.length * 18]);
	// the seal goes over the issuing organisation's name, on the right; who signed on the left
	const seal = { x: left + 330, y: 690 };
	ops.push(
		['fontSize', 14],
		['text', '特此证明。', left + 28, 626],
		['fontSize', 12.5],
		['text', `负责人：${c.principal}`, left, 676],
		['text', `经办人：${c.handler}`, left, 706],
		['text', '出具单位（盖章）', seal.x - 110, 662, { width: 220, align: 'center' }],
		['text', c.organisation, seal.x - 110, 690, { width: 220, align: 'center' }],
		['text', chineseDate(c.issuedOn), seal.x - 110, 718, { width: 220, align: 'center' }],
		['lineWidth', 0.8],
		['strokeColor', '#b42318'],
		['dash', 4, { space: 3 }],
		['circle', seal.x, seal.y + 6, 66],
		['stroke'],
		['undash'],
		['fillColor', '#555555'],
		['fontSize', 8.5],
		['text', `本证明依据《志愿服务记录办法》（民发〔2015〕149号）出具，所载时长以出具时的服务记录为准，可凭编号向河南省科学技术协会查验。`, left, 780, { width }]
	);
	return { info: { title: `志愿服务记录证明 ${c.number}`, subject: `${c.name} 志愿服务记录证明` }, fonts: ['serif'], margins: { top: 40, bottom: 20, left, right: 72 }, ops };
}

/**
 * A certificate never changes once issued, so its PDF is drawn once per process and kept (the
 * latest few dozen; drawing takes seconds of CPU in the worker, a kept one nothing).
 */
const drawn = new Map<string, Promise<Uint8Array>>();
const KEEP_DRAWN = 48;

export function pdf(c: Certificate): Promise<Uint8Array> {
	const key = `${c.id}|${c.number}`;
	let bytes = drawn.get(key);
	if (!bytes) {
		bytes = renderPdf(pdfSpec(c));
		drawn.set(key, bytes);
		bytes.catch(() => drawn.delete(key));
		while (drawn.size > KEEP_DRAWN) drawn.delete(drawn.keys().next().value!);
	}
	return bytes;
}
