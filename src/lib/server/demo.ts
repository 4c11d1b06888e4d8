/**
 * Demo data: the real 2025 call's 4 city and 15 county pilots in real Henan places, with
 * invented people. Everything is placed relative to `today` and drawn from a PRNG seeded by
 * `today`, so the same day always gives the same database and all five pace statuses occur.
 *
 * Each pilot follows a scenario (how far into its cycle it is, and how far each dimension has
 * got); after building the items the scenario's status is checked with the domain functions,
 * so a demo that no longer shows what it promises fails loudly instead of quietly.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { db, type Transaction } from './db';
import { write, SYSTEM_ACTOR } from './audit';
import * as orgReport from './organisation/report';
import * as t from './db/schema';
import { HENAN_DIVISIONS, divisionByCode } from '../data/henan-divisions';
import { loadNominationsDemo } from './nominations/demo';
import { addDays, daysBetween } from '../domain/dates';
import { cycleOf, type Dimension, type PaceStatus, type Targets } from '../domain/progress';
import { listPilotProgress } from './queries/pilots';
import { DEFAULT_PACE_SETTINGS, DEFAULT_TARGETS } from '../domain/targets';
import { defaultKeyDateWindows, suggestKeyDate } from '../domain/key-dates';
import { DIMENSIONS, MECHANISMS, type ActivityKind, type ActivitySetting, type FacilityType, type Field, type PartnerType } from '../domain/labels';
import { now } from './clock';
import { prng } from '../random';
import { lastDayOf, nextMonth, reportableMonths } from '../domain/reporting';
import type { MonthlyFigures } from './reports';
import type { MonthlyExtras } from '../domain/statistics';
import { attachFile, storeBytes, type CheckedFile } from './files';
import { personHashWith } from './pilots/rosters';
import { APP_SECRETS, appSecretIn } from './app-secret';
import { idCheckCharacter, idNumberLastFour } from '../domain/roster';
import { loadDemoService } from './demo-service';
import { loadDemoOrganisation } from './demo-organisation';
import { DEMO_PHOTO } from './demo-photo';


export const DEMO_ROUND_NAME = '2025年度河南省科技志愿服务体系建设试点';

type Ratios = Record<Dimension, number>;

interface Scenario {
	code: string;
	status: PaceStatus;
	/** days since approval on `today` */
	elapsed: number;
	ratios: Ratios;
}

const all = (r: number): Ratios => ({ teams: r, projects: r, activities: r, stations: r, mechanisms: r });

/** The 19 demo pilots: 4 cities, then 15 counties spread over the province. */
export const DEMO_SCENARIOS: Scenario[] = [
	{ code: '410300', status: 'on_track', elapsed: 160, ratios: { teams: 0.6, projects: 0.6, activities: 0.55, stations: 0.5, mechanisms: 0.5 } },
	{ code: '410700', status: 'at_risk', elapsed: 184, ratios: { teams: 0.6, projects: 0.6, activities: 0.45, stations: 0.4, mechanisms: 0.5 } },
	{ code: '411300', status: 'lagging', elapsed: 220, ratios: { teams: 0.3, projects: 0.2, activities: 0.25, stations: 0.2, mechanisms: 0.25 } },
	{ code: '411000', status: 'complete', elapsed: 300, ratios: all(1) },
	{ code: '410181', status: 'complete', elapsed: 330, ratios: all(1) },
	{ code: '410225', status: 'overdue', elapsed: 395, ratios: { ...all(1), stations: 0.5, mechanisms: 0.875 } },
	{ code: '410324', status: 'on_track', elapsed: 20, ratios: { teams: 0, projects: 0, activities: 0, stations: 0, mechanisms: 0 } },
	{ code: '410482', status: 'lagging', elapsed: 250, ratios: { teams: 0.5, projects: 0.5, activities: 0.3, stations: 0, mechanisms: 0.25 } },
	{ code: '410581', status: 'at_risk', elapsed: 180, ratios: { teams: 0.5, projects: 0.5, activities: 0.4, stations: 0.5, mechanisms: 0.5 } },
	{ code: '410783', status: 'on_track', elapsed: 120, ratios: { teams: 0.5, projects: 0.5, activities: 0.4, stations: 0.5, mechanisms: 0.5 } },
	{ code: '410821', status: 'at_risk', elapsed: 200, ratios: { teams: 0.5, projects: 0.5, activities: 0.5, stations: 0.5, mechanisms: 0.375 } },
	{ code: '410922', status: 'overdue', elapsed: 410, ratios: { ...all(1), activities: 0.8 } },
	{ code: '411081', status: 'on_track', elapsed: 90, ratios: { teams: 0.5, projects: 0.5, activities: 0.3, stations: 0.5, mechanisms: 0.375 } },
	{ code: '411121', status: 'lagging', elapsed: 270, ratios: { teams: 0.5, projects: 0, activities: 0.2, stations: 0, mechanisms: 0.25 } },
	{ code: '411282', status: 'at_risk', elapsed: 150, ratios: { teams: 0.5, projects: 0.5, activities: 0.3, stations: 0.5, mechanisms: 0.5 } },
	{ code: '411323', status: 'complete', elapsed: 280, ratios: all(1) },
	{ code: '411481', status: 'on_track', elapsed: 240, ratios: { teams: 1, projects: 1, activities: 0.8, stations: 1, mechanisms: 0.75 } },
	{ code: '411523', status: 'lagging', elapsed: 300, ratios: { teams: 0.5, projects: 0.5, activities: 0.4, stations: 0, mechanisms: 0.375 } },
	{ code: '411721', status: 'at_risk', elapsed: 100, ratios: { teams: 0.5, projects: 0.5, activities: 0.2, stations: 0.5, mechanisms: 0.25 } }
];


function seedOf(text: string): number {
	let h = 2166136261;
	for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
	return h >>> 0;
}

type Rand = ReturnType<typeof prng>;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const between = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '建国 晓东 丽娟 海燕 志强 春梅 文博 俊杰 秀兰 明远 佳怡 子涵 思远 雨桐 立新 红霞 国庆 卫东 晨曦 一鸣 静怡 浩然 书瑶 嘉豪 慧敏 振华 玉兰 宏伟 雪梅 天宇'.split(' ');

function personName(rand: Rand): string {
	return pick(rand, [...SURNAMES]) + pick(rand, GIVEN);
}

/** Mobile numbers in the 199 0000 xxxx block, which is not assigned to people. */
function phone(rand: Rand): string {
	return `1990000${String(between(rand, 0, 9999)).padStart(4, '0')}`;
}

const TEAM_THEMES: { theme: string; partner: PartnerType }[] = [
	{ theme: '高校大学生', partner: 'university' },
	{ theme: '农业科技专家', partner: 'research_institute' },
	{ theme: '医疗卫生', partner: 'medical' },
	{ theme: '科技企业工程师', partner: 'tech_enterprise' },
	{ theme: '科普讲师', partner: 'other' },
	{ theme: '青少年科学教育', partner: 'university' },
	{ theme: '中医药健康', partner: 'medical' },
	{ theme: '智慧农业', partner: 'tech_enterprise' },
	{ theme: '气象防灾减灾', partner: 'research_institute' },
	{ theme: '老年数字生活', partner: 'other' },
	{ theme: '乡村振兴技术', partner: 'research_institute' },
	{ theme: '应急救护', partner: 'medical' }
];

const PROJECTS: { name: string; field: Field }[] = [
	{ name: '科技助力特色产业提质增效', field: 'industry' },
	{ name: '美丽乡村科技服务行', field: 'rural_construction' },
	{ name: '移风易俗科学生活宣讲', field: 'civility' },
	{ name: '青少年科学梦想课堂', field: 'science_education' },
	{ name: '健康科普进万家', field: 'health' },
	{ name: '银龄智能手机课堂', field: 'science_education' },
	{ name: '农技专家田间课堂', field: 'industry' }
];

const ACTIVITY_TITLES: { title: string; kind: ActivityKind; field: Field; groups: string[] }[] = [
	{ title: '科普报告进社区', kind: 'science_lecture', field: 'science_education', groups: ['elderly'] },
	{ title: '小麦病虫害防治培训', kind: 'tech_training', field: 'industry', groups: ['rural_women'] },
	{ title: '农技专家田间指导', kind: 'agri_service', field: 'industry', groups: [] },
	{ title: '义诊与健康咨询', kind: 'medical_service', field: 'health', groups: ['elderly', 'needy'] },
	{ title: '青少年科学实验课', kind: 'youth_education', field: 'science_education', groups: ['youth'] },
	{ title: '电商直播技术咨询', kind: 'tech_consulting', field: 'industry', groups: ['rural_women'] },
	{ title: '防范电信诈骗科普', kind: 'science_lecture', field: 'civility', groups: ['elderly'] },
	{ title: '应急救护知识培训', kind: 'tech_training', field: 'health', groups: [] },
	{ title: '科学育儿讲座', kind: 'science_lecture', field: 'health', groups: ['rural_women'] },
	{ title: '智能手机使用辅导', kind: 'other', field: 'science_education', groups: ['elderly'] }
];

const STATION_SITES: { name: string; type: FacilityType }[] = [
	{ name: '科技馆', type: 'science_museum' },
	{ name: '博物馆', type: 'museum' },
	{ name: '革命纪念馆', type: 'memorial' },
	{ name: '人民公园', type: 'park' },
	{ name: '新时代文明实践中心', type: 'community_center' },
	{ name: '社区党群服务中心', type: 'community_center' },
	{ name: '图书馆', type: 'other_public' }
];

/** 服务场景 (issue 19) follows from the kind of activity, so the pilots' random draws stay as they were. */
const SETTING_OF_KIND: Record<ActivityKind, ActivitySetting> = {
	science_lecture: 'community',
	tech_training: 'rural',
	tech_consulting: 'enterprise_park',
	agri_service: 'rural',
	medical_service: 'community',
	youth_education: 'school',
	other: 'online'
};

function shortPlace(name: string): string {
	// "洛阳市" → "洛阳", "兰考县" → "兰考"; keep two-character names such as "滑县" whole.
	return name.length > 2 ? name.replace(/(市|县|区)$/, '') : name;
}

interface BuiltPilot {
	scenario: Scenario;
	targets: Targets;
	approvalDate: string;
}

/**
 * Reads the demo back through the same path the pages use and checks that every pilot shows
 * its scenario's status; returns the count per status.
 */
export async function verifyDemo(today: string): Promise<Record<string, number>> {
	const byCode = new Map(DEMO_SCENARIOS.map((s) => [s.code, s]));
	const statuses: Record<string, number> = {};
	for (const p of await listPilotProgress({}, today)) {
		const expected = byCode.get(p.divisionCode)?.status;
		const actual = p.progress?.status;
		if (expected && actual !== expected) {
			throw new Error(`demo pilot ${p.name} should be ${expected} but is ${actual} on ${today}: ${p.progress?.reasons.join('；')}`);
		}
		if (actual) statuses[actual] = (statuses[actual] ?? 0) + 1;
	}
	return statuses;
}

/** Loads the demo round, its pilots and their items. The database must hold no pilots yet. */
export async function loadDemo(tx: Transaction, today: string): Promise<{ pilots: number }> {
	const existing = await tx.select({ n: count() }).from(t.pilots);
	if ((existing[0]?.n ?? 0) > 0) throw new Error('the database already holds pilots; load the demo into an empty database');

	const rand = prng(seedOf(today));
	const stamp = now();

	await tx.insert(t.divisions).values(HENAN_DIVISIONS.map((d) => ({ ...d }))).onConflictDoNothing();

	const [round] = await tx
		.insert(t.rounds)
		.values({
			name: DEMO_ROUND_NAME,
			year: 2025,
			provinceCode: '410000',
			cityTargets: DEFAULT_TARGETS.city,
			countyTargets: DEFAULT_TARGETS.county,
			paceSettings: DEFAULT_PACE_SETTINGS,
			plannedCityPilots: 4,
			plannedCountyPilots: 15,
			citySubsidy: 100_000,
			countySubsidy: 40_000,
			createdAt: stamp,
			updatedAt: stamp
		})
		.returning({ id: t.rounds.id });

	const firstYear = Number(addDays(today, -430).slice(0, 4));
	const lastYear = Number(addDays(today, 400).slice(0, 4));
	const windows = [];
	for (let year = firstYear; year <= lastYear; year++) {
		windows.push(...defaultKeyDateWindows(year).map((w) => ({ ...w, year, roundId: round.id })));
	}
	await tx.insert(t.keyDateWindows).values(windows);

	const built: BuiltPilot[] = [];
	for (const scenario of DEMO_SCENARIOS) {
		const division = divisionByCode(scenario.code);
		if (!division || division.level === 'province') throw new Error(`demo division ${scenario.code} is not a city or county`);
		const level = division.level;
		const targets = DEFAULT_TARGETS[level];
		const approvalDate = addDays(today, -scenario.elapsed);
		const place = shortPlace(division.name);
		const [pilot] = await tx
			.insert(t.pilots)
			.values({
				roundId: round.id,
				divisionCode: division.code,
				level,
				name: `${division.name}科协`,
				lifecycle: 'approved',
				approvalDate,
				contactName: personName(rand),
				contactPhone: phone(rand),
				conditionLeadership: `已将科技志愿服务纳入${division.name}科协年度工作计划，由科普部专人负责，连续三年在全国科技工作者日、全国科普日组织志愿服务活动。`,
				conditionFoundation: `与辖区内高校、医院、农业科研单位建立联络渠道，联合开展过科技助农、健康科普等志愿服务。`,
				conditionWillingness: '承诺在试点周期内高质量完成各项试点任务。',
				createdAt: stamp,
				updatedAt: stamp
			})
			.returning({ id: t.pilots.id });

		await buildItems(tx, rand, {
			pilotId: pilot.id,
			place,
			level,
			targets,
			approvalDate,
			today,
			ratios: scenario.ratios,
			windows,
			stamp
		});

		await buildReports(tx, { pilotId: pilot.id, scenario, targets, approvalDate, today, stamp });
		await buildSchemeExtras(tx, { pilotId: pilot.id, place, today, approvalDate, stamp, seed: seedOf(`${today}|${division.code}`) });
		built.push({ scenario, targets, approvalDate });
	}

	await buildRosters(tx, today, stamp);
	// people's service: rosters, participants with hours, one certificate (demo-service.ts)
	await loadDemoService(tx, today);
	// 组织体系 (issue 19): the volunteer organisation over the demo pilots
	await loadDemoOrganisation(tx, today, stamp, DEMO_SCENARIOS.map((s) => s.code));
	// nominations of exemplary cases (典型事迹): rosters, one call in progress
	await loadNominationsDemo(tx, today);

	await tx.insert(t.appMeta).values({ key: 'demo', value: today }).onConflictDoUpdate({ target: t.appMeta.key, set: { value: today } });
	return { pilots: built.length };
}

interface BuildInput {
	pilotId: number;
	place: string;
	level: 'city' | 'county';
	targets: Targets;
	approvalDate: string;
	today: string;
	ratios: Ratios;
	windows: { roundId: number; year: number; key: string; name: string; startDate: string; endDate: string }[];
	stamp: number;
}

const want = (ratio: number, target: number) => Math.min(target, Math.round(ratio * target));

/** Inserts one pilot's items so that exactly the scenario's counts are counted. */
async function buildItems(tx: Transaction, rand: Rand, input: BuildInput) {
	const { pilotId, place, targets, approvalDate, today, ratios, stamp } = input;
	const cycle = cycleOf(approvalDate);
	const lastHeld = daysBetween(today, cycle.endDate) < 0 ? cycle.endDate : today;
	const heldSpan = Math.max(0, daysBetween(approvalDate, lastHeld));
	const stampRow = { createdAt: stamp, updatedAt: stamp };

	// Teams: the counted ones, plus a team short of members and one not yet registered.
	const teamCount = want(ratios.teams, targets.teams);
	const teamRows: (typeof t.teams.$inferInsert)[] = [];
	for (let i = 0; i < teamCount; i++) {
		const theme = TEAM_THEMES[i % TEAM_THEMES.length];
		teamRows.push({
			pilotId,
			name: `${place}${theme.theme}科技志愿服务队`,
			foundedOn: addDays(approvalDate, Math.floor((heldSpan * i) / Math.max(1, teamCount * 2))),
			leaderName: personName(rand),
			leaderPhone: phone(rand),
			declaredMembers: targets.membersPerTeam + between(rand, 0, 30),
			registered: true,
			registrationId: `DMZY${between(rand, 10000000, 99999999)}`,
			partnerType: theme.partner,
			...stampRow
		});
	}
	if (teamCount < targets.teams || rand() < 0.5) {
		const theme = TEAM_THEMES[(teamCount + 3) % TEAM_THEMES.length];
		teamRows.push({
			pilotId,
			name: `${place}${theme.theme}志愿服务分队`,
			foundedOn: addDays(approvalDate, Math.floor(heldSpan / 2)),
			leaderName: personName(rand),
			leaderPhone: phone(rand),
			declaredMembers: Math.max(1, targets.membersPerTeam - between(rand, 5, 15)),
			registered: true,
			registrationId: `DMZY${between(rand, 10000000, 99999999)}`,
			partnerType: theme.partner,
			...stampRow
		});
	}
	if (teamCount < targets.teams) {
		teamRows.push({
			pilotId,
			name: `${place}科技工作者之家志愿服务队`,
			foundedOn: addDays(approvalDate, Math.floor(heldSpan * 0.7)),
			leaderName: personName(rand),
			leaderPhone: phone(rand),
			declaredMembers: targets.membersPerTeam + 5,
			registered: false,
			partnerType: 'tech_enterprise',
			...stampRow
		});
	}
	const insertedTeams = teamRows.length ? await tx.insert(t.teams).values(teamRows).returning({ id: t.teams.id, registered: t.teams.registered, members: t.teams.declaredMembers }) : [];

	// Projects: counted ones get a held activity; one extra project has only planned work.
	const projectCount = want(ratios.projects, targets.projects);
	const projectRows = [];
	const totalProjects = projectCount + (projectCount < targets.projects ? 1 : 0);
	for (let i = 0; i < totalProjects; i++) {
		const p = PROJECTS[i % PROJECTS.length];
		projectRows.push({ pilotId, name: `${place}${p.name}`, field: p.field, description: `围绕${place}实际需求设计的科技志愿服务项目。`, ...stampRow });
	}
	const insertedProjects = projectRows.length ? await tx.insert(t.projects).values(projectRows).returning({ id: t.projects.id }) : [];

	// Activities held inside the cycle; the first `projectCount` go to the counted projects.
	const activityCount = Math.max(want(ratios.activities, targets.activities), projectCount);
	const teamIds = insertedTeams.map((x) => x.id);
	const activityRows: { row: typeof t.activities.$inferInsert; teams: number[] }[] = [];
	const makeActivity = (date: string, projectId: number | null) => {
		const a = pick(rand, ACTIVITY_TITLES);
		const volunteers = between(rand, 6, 40);
		return {
			row: {
				pilotId,
				projectId,
				title: `${place}${a.title}`,
				date,
				place: `${place}${pick(rand, ['城关镇', '文化广场', '第一中学', '中心卫生院', '农业示范园', '社区服务中心'])}`,
				kind: a.kind,
				field: a.field,
				keyDate: suggestKeyDate(date, input.windows.filter((w) => w.year === Number(date.slice(0, 4)))),
				keyGroups: a.groups,
				setting: SETTING_OF_KIND[a.kind],
				volunteers,
				experts: between(rand, 1, Math.max(1, Math.floor(volunteers / 4))),
				served: between(rand, 40, 600),
				serviceHours: volunteers * between(rand, 2, 4),
				description: '活动按计划完成，群众反响良好。',
				...stampRow
			},
			teams: teamIds.length ? [teamIds[between(rand, 0, teamIds.length - 1)]] : []
		};
	};
	for (let i = 0; i < activityCount; i++) {
		const offset = activityCount === 1 ? Math.floor(heldSpan / 2) : Math.floor((heldSpan * (i + 0.5)) / activityCount);
		const projectId = projectCount ? insertedProjects[i % projectCount].id : null;
		activityRows.push(makeActivity(addDays(approvalDate, Math.min(offset, heldSpan)), projectId));
	}
	// Planned work after today (only while the cycle runs) shows as 计划中, not counted.
	if (daysBetween(today, cycle.endDate) > 10) {
		const plannedProject = insertedProjects[totalProjects - 1]?.id ?? null;
		for (let i = 0; i < 2; i++) {
			const planned = makeActivity(addDays(today, between(rand, 3, Math.min(60, daysBetween(today, cycle.endDate)))), plannedProject);
			// not held yet: nobody has been served and no hours given, whatever the plan expects
			Object.assign(planned.row, { served: 0, serviceHours: 0, description: '计划开展，活动结束后填报服务人次、服务时长和活动照片。' });
			activityRows.push(planned);
		}
	}
	markDemoHighlights(activityRows.map((a) => a.row), lastHeld, place === '兰考' ? 3 : 2);
	for (const a of activityRows) {
		const [inserted] = await tx.insert(t.activities).values(a.row).returning({ id: t.activities.id });
		if (a.teams.length) await tx.insert(t.activityTeams).values(a.teams.map((teamId) => ({ activityId: inserted.id, teamId })));
	}

	// Stations: the counted ones meet all six 有; one more still lacks signage.
	const stationCount = want(ratios.stations, targets.stations);
	const stationRows: (typeof t.stations.$inferInsert)[] = [];
	const countedProjectIds = insertedProjects.slice(0, projectCount).map((p) => p.id);
	for (let i = 0; i < stationCount + (stationCount < targets.stations ? 1 : 0); i++) {
		const site = STATION_SITES[i % STATION_SITES.length];
		const complete = i < stationCount;
		stationRows.push({
			pilotId,
			name: `${place}${site.name}科技志愿服务站`,
			facilityType: site.type,
			address: `${place}${pick(rand, ['人民路', '建设路', '文化路', '中州路', '解放路'])}${between(rand, 1, 300)}号`,
			teamId: teamIds.length ? teamIds[i % teamIds.length] : null,
			projectId: countedProjectIds.length ? countedProjectIds[i % countedProjectIds.length] : (insertedProjects[0]?.id ?? null),
			venue: true,
			venueNote: '独立活动室约 60 平方米',
			facilities: true,
			facilitiesNote: '投影设备、科普展板、急救箱',
			rules: true,
			rulesNote: '站点管理制度已上墙',
			signage: complete,
			signageNote: complete ? '门口悬挂统一标识牌' : null,
			...stampRow
		});
	}
	if (stationRows.length) {
		const inserted = await tx.insert(t.stations).values(stationRows).returning({ id: t.stations.id });
		const photo: CheckedFile = { bytes: DEMO_PHOTO, kind: 'png', name: '站点场所.png' };
		const sha256 = await storeBytes(DEMO_PHOTO);
		await attachFile(tx, { pilotId, entityType: 'station', entityId: inserted[0].id, purpose: 'venue', file: photo, sha256, userId: null });
	}

	// Mechanisms: the first `n` established with a document, then drafting, then not started.
	const established = want(ratios.mechanisms, targets.mechanisms);
	await tx.insert(t.mechanisms).values(
		MECHANISMS.map((m, i) => ({
			pilotId,
			key: m.key,
			status: i < established ? ('established' as const) : i < established + 2 ? ('drafting' as const) : ('not_started' as const),
			document: i < established ? `${place}科协〔${approvalDate.slice(0, 4)}〕${10 + i}号 ${m.name}` : null,
			updatedAt: stamp
		}))
	);

}

/**
 * Weekly snapshots for the demo's past, so the progress-over-time chart has a history: each is
 * the same counting run as of that day over today's items (real snapshots accrue daily instead).
 */
export async function backfillDemoSnapshots(tx: Transaction, today: string): Promise<number> {
	let written = 0;
	for (let back = 7; back <= 430; back += 7) {
		const day = addDays(today, -back);
		const rows = (await listPilotProgress({}, day))
			.filter((p) => p.hasPace && p.counted && p.progress && p.cycle && p.cycle.startDate <= day)
			.map((p) => ({ pilotId: p.id, date: day, ...p.counted!.actual, overall: p.progress!.overall }));
		if (rows.length) await tx.insert(t.progressSnapshots).values(rows).onConflictDoNothing();
		written += rows.length;
	}
	return written;
}

/**
 * Each demo report's 队伍组建及注册情况 (issue 19), as the pilot would have sent it: the organisation
 * is built after the reports, so the sections are read from the committed demo — before the write
 * that stores them (a write's own connection is another database when it is `:memory:`).
 */
export async function backfillDemoReportOrganisation(): Promise<number> {
	const reports = await db
		.select({ id: t.monthlyReports.id, month: t.monthlyReports.month, figures: t.monthlyReports.figures, pilotId: t.pilots.id, level: t.pilots.level, divisionCode: t.pilots.divisionCode })
		.from(t.monthlyReports)
		.innerJoin(t.pilots, eq(t.pilots.id, t.monthlyReports.pilotId));
	const filled: { id: number; figures: MonthlyFigures }[] = [];
	for (const r of reports) {
		filled.push({ id: r.id, figures: { ...(r.figures as MonthlyFigures), organisation: await orgReport.monthOf({ id: r.pilotId, level: r.level, divisionCode: r.divisionCode }, r.month) } });
	}
	return write(SYSTEM_ACTOR, async (tx, record) => {
		for (const r of filled) await tx.update(t.monthlyReports).set({ figures: r.figures }).where(eq(t.monthlyReports.id, r.id));
		await record({ action: 'demo.reports', entityType: 'database', after: { reports: filled.length } });
		return filled.length;
	});
}

// --- statistics form (004 附件3): highlights and the 月报's stated figures ---------------------

/**
 * Marks the latest held activities as 亮点活动 with a 服务效果, so every pilot's statistics form lists
 * its highlights (兰考县 marks three: its activity page then says the form lists only two). No random
 * draw, so the rest of the demo stays as it was.
 */
function markDemoHighlights(rows: (typeof t.activities.$inferInsert)[], lastHeld: string, howMany: number) {
	const held = rows.filter((r) => r.date <= lastHeld).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
	for (const r of held.slice(0, howMany)) {
		r.highlight = true;
		r.description = '专家现场讲解、演示并答疑，发放科普资料，组织群众动手体验。';
		r.highlightEffect = `服务群众 ${r.served} 人次，现场答疑 ${Math.max(1, Math.round((r.served ?? 0) / 10))} 人次，当地媒体作了报道。`;
	}
}

/** A month's 流动科技馆, 大篷车, training, contests and 科普中国信息员, from the pilot and month only (no random draw). */
export function demoExtras(pilotId: number, i: number): MonthlyExtras {
	const infoOfficers = 6 + ((pilotId * 3) % 7) + Math.min(i, 5);
	return {
		mobileMuseumTours: i % 3 === 0 ? 1 : 0,
		mobileMuseumCovered: i >= 6 && pilotId % 2 === 0,
		caravanTours: (i + pilotId) % 2,
		caravanCovered: i >= 4 && pilotId % 3 === 0,
		ruralTrainings: 1 + (i % 2),
		ruralTrainees: 30 + 10 * ((pilotId + i) % 5),
		farmerContest: 20 + 5 * (i % 4),
		provincialContest: i % 3 === 1 ? 15 + (pilotId % 10) : 0,
		infoOfficers,
		articlesShared: infoOfficers * (2 + (i % 3))
	};
}

/**
 * 月报 habits that match each scenario: pilots on track report every month on the 3rd; those at
 * risk send every third report late and have not yet sent the latest month; lagging and overdue
 * pilots skip every other month. The latest reports wait for review, older ones are accepted,
 * and one at-risk pilot has its oldest report returned with a comment.
 */
async function buildReports(
	tx: Transaction,
	input: { pilotId: number; scenario: Scenario; targets: Targets; approvalDate: string; today: string; stamp: number }
) {
	const { pilotId, scenario, targets, approvalDate, today, stamp } = input;
	const cycle = cycleOf(approvalDate);
	const months = reportableMonths(cycle, today);
	const habit = scenario.status === 'at_risk' ? 'late' : scenario.status === 'lagging' || scenario.status === 'overdue' ? 'patchy' : 'diligent';
	const rows = [];
	for (const [i, month] of months.entries()) {
		const latest = i === months.length - 1;
		if (habit === 'late' && latest) continue;
		if (habit === 'patchy' && i % 2 === 1) continue;
		const lateOne = (habit === 'late' && i % 3 === 2) || (habit === 'patchy' && i % 4 === 2);
		const sentOn = `${nextMonth(month)}-${lateOne ? '12' : '03'}`;
		if (sentOn > today) continue;
		const to = [lastDayOf(month), cycle.endDate].sort()[0];
		const [a] = await tx
			.select({
				activities: count(),
				volunteers: sql<number>`coalesce(sum(${t.activities.volunteers}), 0)`,
				experts: sql<number>`coalesce(sum(${t.activities.experts}), 0)`,
				served: sql<number>`coalesce(sum(${t.activities.served}), 0)`,
				serviceHours: sql<number>`coalesce(sum(${t.activities.serviceHours}), 0)`,
				onKeyDates: sql<number>`coalesce(sum(${t.activities.keyDate} is not null), 0)`,
				forKeyGroups: sql<number>`coalesce(sum(${t.activities.keyGroups} <> '[]'), 0)`
			})
			.from(t.activities)
			.where(and(eq(t.activities.pilotId, pilotId), sql`${t.activities.date} between ${[`${month}-01`, approvalDate].sort()[1]} and ${to}`));
		// Where the pilot stood at the month's end, on the straight line to today's figures.
		const share = Math.min(1, Math.max(0, daysBetween(approvalDate, to) + 1) / scenario.elapsed);
		const figures: MonthlyFigures = {
			activities: a.activities,
			volunteers: Number(a.volunteers),
			experts: Number(a.experts),
			served: Number(a.served),
			serviceHours: Math.round(Number(a.serviceHours) * 10) / 10,
			onKeyDates: Number(a.onKeyDates),
			forKeyGroups: Number(a.forKeyGroups),
			cumulative: Object.fromEntries(DIMENSIONS.map((d) => [d, Math.round(want(scenario.ratios[d], targets[d]) * share)])) as Record<Dimension, number>,
			targets: Object.fromEntries(DIMENSIONS.map((d) => [d, targets[d]])) as Record<Dimension, number>
		};
		const returned = habit === 'late' && i === 0 && scenario.code === '411282';
		// 10:00 in Beijing on the day it was sent; reviewed three days later.
		// Never later than the demo's own clock: a report sent "today" was sent before it was loaded.
		const sentAt = Math.min(stamp, Date.UTC(Number(sentOn.slice(0, 4)), Number(sentOn.slice(5, 7)) - 1, Number(sentOn.slice(8, 10)), 2));
		const awaiting = !returned && i === months.length - 1;
		rows.push({
			pilotId,
			month,
			status: returned ? ('returned' as const) : awaiting ? ('submitted' as const) : ('accepted' as const),
			figures,
			narrative: figures.activities
				? `本月开展科技志愿服务活动 ${figures.activities} 场，服务群众 ${figures.served} 人次，志愿者参与 ${figures.volunteers} 人次。`
				: '本月以队伍组建和项目策划为主，暂未开展活动。',
			highlights: figures.onKeyDates ? `结合重要节点开展活动 ${figures.onKeyDates} 场。` : null,
			extras: demoExtras(pilotId, i),
			firstSubmittedOn: sentOn,
			submittedAt: sentAt,
			reviewComment: returned ? '请补充活动照片说明和服务对象的具体情况。' : null,
			reviewedAt: awaiting ? null : Math.min(stamp, sentAt + 3 * 86_400_000),
			createdAt: stamp,
			updatedAt: stamp
		});
	}
	if (rows.length) await tx.insert(t.monthlyReports).values(rows);
}

// ── rosters (issue 18) ───────────────────────────────────────────────────────
const ROSTER_UNITS = ['人民医院', '中医院', '农业农村局', '第一高级中学', '职业技术学院', '供电公司', '气象局', '科技馆'];
const ROSTER_TITLES = ['主治医师', '高级农艺师', '讲师', '工程师', '教师', '护师', '农艺师', '副主任医师', '学生'];
const ROSTER_SPECIALTIES = ['健康科普', '小麦栽培', '果树修剪', '应急救护', '青少年科学教育', '电工安全', '气象防灾', '中医养生', '智能手机使用'];

/**
 * Each pilot's first team and its 分队 (the team short of members) get a roster of invented people,
 * from a PRNG of their own (the rest of the demo draws as before): a counted team keeps at least
 * the per-team minimum, a short team stays short. Three people of the first roster are also on the
 * second (one person, two teams), most people carry an invented ID number (stored as hash and last
 * four only), and the first team's roster was imported twice, so its page shows who came and went.
 */
async function buildRosters(tx: Transaction, today: string, stamp: number) {
	const rand = prng(seedOf(`${today}|rosters`));
	const key = await appSecretIn(tx, APP_SECRETS.person.metaKey, APP_SECRETS.person.envName);
	let phoneSeq = 0;
	const pilotRows = await tx.select({ id: t.pilots.id, name: t.pilots.name, code: t.pilots.divisionCode, level: t.pilots.level }).from(t.pilots);
	for (const pilot of pilotRows) {
		const minimum = DEFAULT_TARGETS[pilot.level].membersPerTeam;
		const place = pilot.name.replace(/科协$/, '');
		const teamRows = await tx.select().from(t.teams).where(eq(t.teams.pilotId, pilot.id)).orderBy(t.teams.id);
		const first = teamRows.find((x) => x.registered && x.declaredMembers >= minimum);
		const short = teamRows.find((x) => x.declaredMembers < minimum);
		const person = () => {
			const n = phoneSeq++;
			const birth = `19${between(rand, 60, 99)}${String(between(rand, 1, 12)).padStart(2, '0')}${String(between(rand, 1, 28)).padStart(2, '0')}`;
			const first17 = `${pilot.code}${birth}${String(between(rand, 0, 999)).padStart(3, '0')}`;
			return {
				name: personName(rand),
				gender: rand() < 0.5 ? '男' : '女',
				organization: `${place}${pick(rand, ROSTER_UNITS)}`,
				title: pick(rand, ROSTER_TITLES),
				specialty: pick(rand, ROSTER_SPECIALTIES),
				// one number each: two invented people of the same name stay two people
				phone: `1990000${String(n % 10000).padStart(4, '0')}`,
				idNumber: rand() < 0.7 ? first17 + idCheckCharacter(first17) : null
			};
		};
		type Person = ReturnType<typeof person>;
		const stored = (teamId: number, p: Person) => ({
			teamId,
			name: p.name,
			gender: p.gender,
			organization: p.organization,
			title: p.title,
			specialty: p.specialty,
			phone: p.phone,
			personHash: personHashWith(key, p),
			idLast4: idNumberLastFour(p.idNumber) || null,
			createdAt: stamp
		});
		const change = (p: Person) => ({ name: p.name, unit: p.organization, maskedId: p.idNumber ? '*'.repeat(14) + idNumberLastFour(p.idNumber) : '' });
		const put = async (teamId: number, people: Person[], imports: { at: number; added: Person[]; removed: Person[] }[]) => {
			await tx.insert(t.teamMembers).values(people.map((p) => stored(teamId, p)));
			await tx.update(t.teams).set({ rosterSize: people.length }).where(eq(t.teams.id, teamId));
			for (const i of imports) await tx.insert(t.rosterImports).values({ teamId, userId: null, total: people.length, added: i.added.map(change), removed: i.removed.map(change), createdAt: i.at });
		};
		let firstPeople: Person[] = [];
		if (first) {
			const size = Math.max(minimum, first.declaredMembers - between(rand, 0, 4));
			firstPeople = Array.from({ length: size }, person);
			const left = Array.from({ length: 2 }, person);
			const joined = firstPeople.slice(-3);
			const earlier = [...firstPeople.slice(0, -3), ...left];
			await put(first.id, firstPeople, [
				{ at: stamp - 20 * 86_400_000, added: earlier, removed: [] },
				{ at: stamp - 3 * 86_400_000, added: joined, removed: left }
			]);
		}
		if (short) {
			const size = Math.max(1, short.declaredMembers - between(rand, 0, 2));
			const shared = firstPeople.slice(0, Math.min(3, size));
			const people = [...shared, ...Array.from({ length: size - shared.length }, person)];
			await put(short.id, people, [{ at: stamp - 10 * 86_400_000, added: people, removed: [] }]);
		}
	}
}

// ---- issue 21: activity evidence, publicity and station culture ----

/** A one-page PDF standing in for a scanned sign-in sheet (签到表). */
const SIGNIN_SHEET = new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** Real outlets; the headlines are invented. */
const OUTLETS = ['河南日报', '大河报', '河南广播电视台', '学习强国河南学习平台', '河南科技报'];
const MEDIA_TITLES = ['科技志愿者走进田间地头', '“科普大篷车”开进乡村学校', '志愿服务站点成为群众身边的科普课堂', '专家义诊送健康到村头', '银龄课堂教老人用好智能手机'];
const CASE_TITLES = ['农技志愿服务队：把课堂搬到麦田里', '退休教师十年坚持科普志愿服务', '医疗志愿者团队常态化开展义诊'];
const WORKS: { kind: 'artwork' | 'creative_product' | 'psa'; title: string }[] = [
	{ kind: 'artwork', title: '快板《科技志愿到咱村》' },
	{ kind: 'psa', title: '公益广告《科学防诈 守护钱袋》' },
	{ kind: 'creative_product', title: '科技志愿主题帆布袋' },
	{ kind: 'artwork', title: '情景剧《田间课堂》' }
];

/**
 * Per pilot, from its own PRNG (so the rest of the demo is drawn exactly as before): the first
 * held activity's photo and sign-in sheet, a few publicity items in every state, and culture
 * works at the first station.
 */
async function buildSchemeExtras(tx: Transaction, input: { pilotId: number; place: string; today: string; approvalDate: string; stamp: number; seed: number }) {
	const { pilotId, place, today, approvalDate, stamp } = input;
	const rand = prng(input.seed);
	const stampRow = { createdAt: stamp, updatedAt: stamp };
	const [first] = await tx
		.select({ id: t.activities.id })
		.from(t.activities)
		.where(and(eq(t.activities.pilotId, pilotId), sql`${t.activities.date} <= ${today}`))
		.orderBy(t.activities.date, t.activities.id)
		.limit(1);
	if (first) {
		const photo = await storeBytes(DEMO_PHOTO);
		const sheet = await storeBytes(SIGNIN_SHEET);
		await attachFile(tx, { pilotId, entityType: 'activity', entityId: first.id, purpose: 'photo', file: { bytes: DEMO_PHOTO, kind: 'png', name: '活动现场.png' }, sha256: photo, userId: null });
		await attachFile(tx, { pilotId, entityType: 'activity', entityId: first.id, purpose: 'signin', file: { bytes: SIGNIN_SHEET, kind: 'pdf', name: '签到表.pdf' }, sha256: sheet, userId: null });
	}

	const span = Math.max(0, daysBetween(approvalDate, today));
	if (span < 30) return;
	const dayIn = (share: number) => addDays(approvalDate, Math.floor(span * share));
	const statuses = ['adopted', 'received', 'reported', 'draft'] as const;
	const media = 1 + Math.floor(rand() * 3);
	const rows: (typeof t.publicity.$inferInsert)[] = [];
	for (let i = 0; i < media; i++) {
		const status = statuses[(i + Math.floor(rand() * 4)) % 4];
		rows.push({
			pilotId,
			kind: 'media',
			title: `${place}：${MEDIA_TITLES[Math.floor(rand() * MEDIA_TITLES.length)]}`,
			date: dayIn((i + 1) / (media + 1)),
			outlet: OUTLETS[Math.floor(rand() * OUTLETS.length)],
			link: null,
			status,
			reportedAt: status === 'draft' ? null : stamp,
			acknowledgedAt: status === 'received' || status === 'adopted' ? stamp : null,
			...stampRow
		});
	}
	rows.push({ pilotId, kind: 'case', title: CASE_TITLES[Math.floor(rand() * CASE_TITLES.length)], date: dayIn(0.6), note: '事迹材料已整理成文，附现场照片。', status: 'reported', reportedAt: stamp, ...stampRow });
	await tx.insert(t.publicity).values(rows);

	const [station] = await tx.select({ id: t.stations.id }).from(t.stations).where(eq(t.stations.pilotId, pilotId)).orderBy(t.stations.id).limit(1);
	if (station) {
		const n = 1 + Math.floor(rand() * 3);
		await tx.insert(t.stationWorks).values(WORKS.slice(0, n).map((w, i) => ({ pilotId, stationId: station.id, kind: w.kind, title: w.title, date: dayIn((i + 1) / (n + 2)), note: '在站点展示并通过新媒体传播。', ...stampRow })));
	}
}
