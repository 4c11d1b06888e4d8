/**
 * `npm run bench:data [-- --seed 7 --today 2026-11-23 --out bench/bench.db]`: a national-scale
 * database for `npm run bench`. 31 provinces with one round each (a few large, most small),
 * 3,200 pilots, 40,000 teams, 32,000 projects, 400,000 activities, 30,000 stations, 25,600
 * mechanisms and one million audit rows; most pilots mid-cycle. The same seed and day give the
 * same database. Place names are synthetic: this is load, not demo data.
 *
 * Rows go in through multi-row INSERTs in one transaction per table, on the app's own schema
 * (its migrations run first), so the benchmark measures the indexes the app really has.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { InStatement, Transaction } from '@libsql/client';
import { clientConfig, createDatabase, prepareConnection } from '../src/lib/server/db/client';
import { applyMigrations } from '../src/lib/server/db/migrate';
import { hashPassword } from '../src/lib/server/auth/password';
import { prng } from '../src/lib/random';
import { addDays } from '../src/lib/domain/dates';
import { firstDayOf, monthOf, nextMonth, reportDueDate } from '../src/lib/domain/reporting';
import { defaultKeyDateWindows } from '../src/lib/domain/key-dates';
import { DEFAULT_PACE_SETTINGS, DEFAULT_TARGETS } from '../src/lib/domain/targets';
import { ACTIVITY_KINDS, FACILITY_TYPES, FIELDS, MECHANISM_KEYS, PARTNER_TYPES } from '../src/lib/domain/labels';

export const BENCH_PASSWORD = 'bench-password-2026';
export const TOTALS = { pilots: 3200, teams: 40_000, projects: 32_000, activities: 400_000, stations: 30_000, audit: 1_000_000 } as const;

const PROVINCES = [
	['110000', '北京市'], ['120000', '天津市'], ['130000', '河北省'], ['140000', '山西省'], ['150000', '内蒙古自治区'],
	['210000', '辽宁省'], ['220000', '吉林省'], ['230000', '黑龙江省'], ['310000', '上海市'], ['320000', '江苏省'],
	['330000', '浙江省'], ['340000', '安徽省'], ['350000', '福建省'], ['360000', '江西省'], ['370000', '山东省'],
	['410000', '河南省'], ['420000', '湖北省'], ['430000', '湖南省'], ['440000', '广东省'], ['450000', '广西壮族自治区'],
	['460000', '海南省'], ['500000', '重庆市'], ['510000', '四川省'], ['520000', '贵州省'], ['530000', '云南省'],
	['540000', '西藏自治区'], ['610000', '陕西省'], ['620000', '甘肃省'], ['630000', '青海省'], ['640000', '宁夏回族自治区'],
	['650000', '新疆维吾尔自治区']
] as const;

/** Splits `total` over the weights in whole numbers that add up exactly (largest remainder). */
export function distribute(total: number, weights: number[]): number[] {
	const sum = weights.reduce((s, w) => s + w, 0);
	const exact = weights.map((w) => (total * w) / sum);
	const counts = exact.map(Math.floor);
	let left = total - counts.reduce((s, n) => s + n, 0);
	const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
	for (const [, i] of order) {
		if (left-- <= 0) break;
		counts[i]++;
	}
	return counts;
}

type Row = (string | number | null)[];

/** Multi-row INSERTs of at most ~30,000 parameters each (SQLite allows 32,766). */
async function insertAll(tx: Transaction, table: string, columns: string[], rows: Row[]) {
	const perStatement = Math.max(1, Math.floor(30_000 / columns.length));
	const one = `(${columns.map(() => '?').join(',')})`;
	for (let i = 0; i < rows.length; i += perStatement) {
		const chunk = rows.slice(i, i + perStatement);
		const stmt: InStatement = { sql: `insert into ${table} (${columns.join(',')}) values ${chunk.map(() => one).join(',')}`, args: chunk.flat() };
		await tx.execute(stmt);
	}
}

async function main() {
	const { values } = parseArgs({ options: { seed: { type: 'string', default: '2026' }, today: { type: 'string' }, out: { type: 'string', default: 'bench/bench.db' } } });
	const today = values.today ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
	const rand = prng(Number(values.seed));
	const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
	const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
	const started = Date.now();
	const at = Date.parse(`${today}T09:00:00+08:00`);

	for (const suffix of ['', '-wal', '-shm']) rmSync(values.out + suffix, { force: true });
	const handle = createDatabase(clientConfig({ DATABASE_URL: `file:${values.out}` }));
	await prepareConnection(handle);
	await applyMigrations(handle.db);
	const { client } = handle;
	const tx = await client.transaction('write');

	// Provinces: a few large, most small (weights fall off with rank), 3,200 pilots in all.
	const perProvince = distribute(TOTALS.pilots, PROVINCES.map((_, i) => 1 / Math.pow(i + 1, 0.4)));
	const order = PROVINCES.map((_, i) => i).sort(() => rand() - 0.5);
	const divisions: Row[] = [];
	const rounds: Row[] = [];
	const windows: Row[] = [];
	const pilots: { id: number; level: 'city' | 'county'; code: string; name: string; province: number; approval: string; weight: number }[] = [];
	for (const [rank, p] of order.entries()) {
		const [provCode, provName] = PROVINCES[p];
		const n = perProvince[rank];
		const roundId = rank + 1;
		divisions.push([provCode, provName, 'province', null]);
		rounds.push([roundId, `2025年度${provName}科技志愿服务体系建设试点`, 2025, provCode, JSON.stringify(DEFAULT_TARGETS.city), JSON.stringify(DEFAULT_TARGETS.county), JSON.stringify(DEFAULT_PACE_SETTINGS), 0, 0, 100_000, 40_000, at, at, 1]);
		for (const year of [2025, 2026, 2027]) for (const w of defaultKeyDateWindows(year)) windows.push([roundId, year, w.key, w.name, w.startDate, w.endDate]);
		const cities = Math.max(1, Math.round(n / 9));
		let made = 0;
		for (let c = 1; c <= cities && made < n; c++) {
			const cityCode = `${provCode.slice(0, 2)}${String(c).padStart(2, '0')}00`;
			const cityName = `${provName.slice(0, 2)}第${c}市`;
			divisions.push([cityCode, cityName, 'city', provCode]);
			pilots.push({ id: pilots.length + 1, level: 'city', code: cityCode, name: `${cityName}科协`, province: roundId, approval: '', weight: 3 });
			made++;
		}
		for (let k = 0; made < n; k++) {
			const c = (k % cities) + 1;
			const cityCode = `${provCode.slice(0, 2)}${String(c).padStart(2, '0')}00`;
			const countyCode = `${provCode.slice(0, 2)}${String(c).padStart(2, '0')}${String(Math.floor(k / cities) + 1).padStart(2, '0')}`;
			const countyName = `${provName.slice(0, 2)}第${c}市第${Math.floor(k / cities) + 1}县`;
			divisions.push([countyCode, countyName, 'county', cityCode]);
			pilots.push({ id: pilots.length + 1, level: 'county', code: countyCode, name: `${countyName}科协`, province: roundId, approval: '', weight: 1 });
			made++;
		}
	}
	// Most pilots are mid-cycle; some just started, some past their year.
	for (const p of pilots) {
		const r = rand();
		p.approval = addDays(today, -(r < 0.1 ? between(0, 60) : r < 0.9 ? between(61, 330) : between(366, 480)));
	}
	await insertAll(tx, 'divisions', ['code', 'name', 'level', 'parent_code'], divisions);
	await insertAll(tx, 'rounds', ['id', 'name', 'year', 'province_code', 'city_targets', 'county_targets', 'pace_settings', 'planned_city_pilots', 'planned_county_pilots', 'city_subsidy', 'county_subsidy', 'created_at', 'updated_at', 'version'], rounds);
	await insertAll(tx, 'key_date_windows', ['round_id', 'year', 'key', 'name', 'start_date', 'end_date'], windows);
	await insertAll(
		tx,
		'pilots',
		['id', 'round_id', 'division_code', 'level', 'name', 'lifecycle', 'approval_date', 'created_at', 'updated_at', 'version'],
		pilots.map((p) => [p.id, p.province, p.code, p.level, p.name, p.approval < addDays(today, -365) && rand() < 0.5 ? 'closing' : 'approved', p.approval, at, at, 1])
	);

	// Items: city pilots carry about three times a county's share.
	const weights = pilots.map((p) => p.weight * (0.5 + rand()));
	const teamIds: number[][] = [];
	const teamRows: Row[] = [];
	for (const [i, n] of distribute(TOTALS.teams, weights).entries()) {
		teamIds[i] = [];
		for (let k = 0; k < n; k++) {
			const id = teamRows.length + 1;
			teamIds[i].push(id);
			const registered = rand() < 0.85 ? 1 : 0;
			teamRows.push([id, pilots[i].id, `第${k + 1}支科技志愿服务队`, between(12, 80), registered, registered ? `DM${id}` : null, pick(PARTNER_TYPES), at, at, 1]);
		}
	}
	await insertAll(tx, 'teams', ['id', 'pilot_id', 'name', 'declared_members', 'registered', 'registration_id', 'partner_type', 'created_at', 'updated_at', 'version'], teamRows);

	const projectIds: number[][] = [];
	const projectRows: Row[] = [];
	for (const [i, n] of distribute(TOTALS.projects, weights).entries()) {
		projectIds[i] = [];
		for (let k = 0; k < n; k++) {
			const id = projectRows.length + 1;
			projectIds[i].push(id);
			projectRows.push([id, pilots[i].id, `服务项目${k + 1}`, pick(FIELDS), at, at, 1]);
		}
	}
	await insertAll(tx, 'projects', ['id', 'pilot_id', 'name', 'field', 'created_at', 'updated_at', 'version'], projectRows);

	const activityRows: Row[] = [];
	for (const [i, n] of distribute(TOTALS.activities, weights).entries()) {
		const p = pilots[i];
		for (let k = 0; k < n; k++) {
			// spread over the cycle; about one in ten planned after today
			const date = addDays(p.approval, between(0, 364));
			const project = projectIds[i].length && rand() < 0.8 ? pick(projectIds[i]) : null;
			const kind = pick(ACTIVITY_KINDS);
			activityRows.push([p.id, project, `活动${k + 1}`, date, kind, pick(FIELDS), rand() < 0.2 ? JSON.stringify(['youth']) : '[]', between(3, 30), between(0, 5), between(20, 400), between(4, 60), at, at, 1]);
		}
	}
	await insertAll(tx, 'activities', ['pilot_id', 'project_id', 'title', 'date', 'kind', 'field', 'key_groups', 'volunteers', 'experts', 'served', 'service_hours', 'created_at', 'updated_at', 'version'], activityRows);
	const activityCount = activityRows.length;
	activityRows.length = 0;

	const stationRows: Row[] = [];
	for (const [i, n] of distribute(TOTALS.stations, weights).entries()) {
		for (let k = 0; k < n; k++) {
			const yes = () => (rand() < 0.8 ? 1 : 0);
			stationRows.push([pilots[i].id, `服务站${k + 1}`, pick(FACILITY_TYPES), teamIds[i].length && rand() < 0.9 ? pick(teamIds[i]) : null, projectIds[i].length && rand() < 0.85 ? pick(projectIds[i]) : null, yes(), yes(), yes(), yes(), at, at, 1]);
		}
	}
	await insertAll(tx, 'stations', ['pilot_id', 'name', 'facility_type', 'team_id', 'project_id', 'venue', 'facilities', 'rules', 'signage', 'created_at', 'updated_at', 'version'], stationRows);

	const mechanismRows: Row[] = [];
	for (const p of pilots) {
		for (const key of MECHANISM_KEYS) {
			const r = rand();
			mechanismRows.push([p.id, key, r < 0.6 ? 'established' : r < 0.8 ? 'drafting' : 'not_started', r < 0.6 ? `科协〔2025〕${between(1, 99)}号` : null, at, 1]);
		}
	}
	await insertAll(tx, 'mechanisms', ['pilot_id', 'key', 'status', 'document', 'updated_at', 'version'], mechanismRows);

	// Monthly reports: most months of each cycle up to last month sent, a few late, last month's
	// often still waiting for the province; and a few publicity items per pilot, most sent.
	const reportRows: Row[] = [];
	for (const p of pilots) {
		const last = [monthOf(addDays(p.approval, 364)), monthOf(addDays(firstDayOf(monthOf(today)), -1))].sort()[0];
		for (let month = monthOf(p.approval); month <= last; month = nextMonth(month)) {
			if (rand() > 0.85) continue;
			const due = reportDueDate(month);
			const sent = rand() < 0.1 ? addDays(due, between(1, 20)) : addDays(due, -between(0, 4));
			if (sent > today) continue;
			const held = between(2, 30);
			const figures = { activities: held, volunteers: held * between(3, 20), experts: between(0, held), served: held * between(20, 300), serviceHours: held * between(4, 40), onKeyDates: between(0, held), forKeyGroups: between(0, held), cumulative: { teams: between(1, 12), projects: between(1, 20), activities: between(held, 120), stations: between(0, 10), mechanisms: between(0, 8) }, targets: p.level === 'city' ? DEFAULT_TARGETS.city : DEFAULT_TARGETS.county };
			const waiting = month === last && rand() < 0.4;
			reportRows.push([p.id, month, waiting ? 'submitted' : 'accepted', JSON.stringify(figures), `${month}开展科技志愿服务活动${held}场。`, sent, at, at, at, 1]);
		}
	}
	await insertAll(tx, 'monthly_reports', ['pilot_id', 'month', 'status', 'figures', 'narrative', 'first_submitted_on', 'submitted_at', 'created_at', 'updated_at', 'version'], reportRows);
	const publicityRows: Row[] = [];
	for (const p of pilots) {
		for (let k = 0, n = between(0, 6); k < n; k++) {
			const r = rand();
			publicityRows.push([p.id, rand() < 0.7 ? 'media' : 'case', `宣传报道${k + 1}`, [addDays(p.approval, between(0, 300)), today].sort()[0], r < 0.15 ? 'draft' : r < 0.5 ? 'reported' : r < 0.8 ? 'received' : 'adopted', at, at, 1]);
		}
	}
	await insertAll(tx, 'publicity', ['pilot_id', 'kind', 'title', 'date', 'status', 'created_at', 'updated_at', 'version'], publicityRows);

	// One million audit rows over the past year, in time order, most about some pilot's items.
	const auditWeights = distribute(TOTALS.audit, weights);
	const yearAgo = at - 365 * 86_400_000;
	const auditRows: Row[] = [];
	let auditCount = 0;
	for (const [i, n] of auditWeights.entries()) {
		for (let k = 0; k < n; k++) {
			const entity = pick(['activity', 'team', 'station', 'project', 'mechanism'] as const);
			auditRows.push([yearAgo + Math.floor(rand() * 365 * 86_400_000), `editor-${pilots[i].code}`, 'pilot_editor', pilots[i].id, `${entity}.update`, entity, String(between(1, 400_000)), JSON.stringify({ note: 'before' }), JSON.stringify({ note: 'after' })]);
		}
		if (auditRows.length > 100_000) {
			auditRows.sort((a, b) => Number(a[0]) - Number(b[0]));
			await insertAll(tx, 'audit_log', ['at', 'username', 'role', 'pilot_id', 'action', 'entity_type', 'entity_id', 'before', 'after'], auditRows);
			auditCount += auditRows.length;
			auditRows.length = 0;
		}
	}
	await insertAll(tx, 'audit_log', ['at', 'username', 'role', 'pilot_id', 'action', 'entity_type', 'entity_id', 'before', 'after'], auditRows);
	auditCount += auditRows.length;

	// The benchmark's accounts: province staff and a leader, and the editor of a pilot of the largest province.
	const passwordHash = await hashPassword(BENCH_PASSWORD);
	const editorPilot = pilots.find((p) => p.province === 1 && p.level === 'county')!;
	await insertAll(tx, 'users', ['username', 'display_name', 'role', 'pilot_id', 'password_hash', 'created_at', 'updated_at'], [
		['bench-staff', '压测省级工作人员', 'province_staff', null, passwordHash, at, at],
		['bench-leader', '压测领导', 'leader', null, passwordHash, at, at],
		['bench-editor', '压测填报员', 'pilot_editor', editorPilot.id, passwordHash, at, at]
	]);
	await insertAll(tx, 'app_meta', ['key', 'value'], [['bench', JSON.stringify({ seed: Number(values.seed), today, largestRound: 1, editorPilot: editorPilot.id })]]);
	await tx.commit();
	await client.execute('ANALYZE');
	// leave one self-contained file behind, not a database file beside a WAL of the same size
	await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
	client.close();

	const largest = pilots.filter((p) => p.province === 1).length;
	console.log(
		`bench database ${values.out} for ${today}: ${pilots.length} pilots in ${PROVINCES.length} provinces (largest ${largest}), ` +
			`${teamRows.length} teams, ${projectRows.length} projects, ${activityCount} activities, ${stationRows.length} stations, ` +
			`${mechanismRows.length} mechanisms, ${reportRows.length} monthly reports, ${publicityRows.length} publicity items, ${auditCount} audit rows in ${((Date.now() - started) / 1000).toFixed(1)} s`
	);
}

// Run as a script; `npm run bench` imports the constants above without generating anything.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
