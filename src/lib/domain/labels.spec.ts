import { describe, expect, it } from 'vitest';
import {
	ACTIVITY_KIND_LABELS,
	ACTIVITY_SETTING_LABELS,
	ACTIVITY_SETTINGS,
	DIMENSIONS,
	FIELD_LABELS,
	KEY_GROUP_LABELS,
	DIMENSION_LABELS,
	lifecycleHasPace,
	MECHANISM_KEYS,
	MECHANISM_NAMES,
	MECHANISMS,
	PACE_STATUS_LABELS,
	PILOT_LIFECYCLES,
	SIX_YOU,
	SIX_YOU_LABELS
} from './labels';

describe('labels', () => {
	it('lists the five dimensions in the contract order', () => {
		expect(DIMENSIONS).toEqual(['teams', 'projects', 'activities', 'stations', 'mechanisms']);
		expect(DIMENSIONS.map((d) => DIMENSION_LABELS[d])).toEqual(['服务队', '项目', '活动', '站点', '制度机制']);
	});

	it('labels the pace statuses', () => {
		expect(PACE_STATUS_LABELS).toEqual({ complete: '已完成', overdue: '逾期未完成', lagging: '滞后', at_risk: '预警', on_track: '正常' });
	});

	it('has pace only while approved or closing', () => {
		expect(PILOT_LIFECYCLES.filter(lifecycleHasPace)).toEqual(['approved', 'closing']);
	});

	it('lists the six 有 in the scheme order', () => {
		expect(SIX_YOU.map((y) => SIX_YOU_LABELS[y]).join('')).toBe('有场所有队伍有项目有设施有制度有标识');
	});

	it('lists the eight mechanisms in the scheme order, each with a description', () => {
		expect(MECHANISMS.map((m) => m.key)).toEqual([...MECHANISM_KEYS]);
		expect(MECHANISMS).toHaveLength(8);
		expect(MECHANISMS.every((m) => m.description.length > 0)).toBe(true);
		expect(MECHANISM_NAMES.records).toBe('服务记录与证明出具');
		expect(MECHANISM_NAMES.incentives).toBe('服务积分·时间储蓄·礼遇回馈');
	});

	it('lists the seven activity settings with their labels', () => {
		expect(ACTIVITY_SETTINGS).toEqual(['community', 'school', 'enterprise_park', 'rural', 'venue', 'online', 'other']);
		expect(ACTIVITY_SETTINGS.map((s) => ACTIVITY_SETTING_LABELS[s])).toEqual([
			'社区',
			'学校',
			'企业/园区',
			'乡村',
			'科技馆/文化场馆',
			'网络',
			'其他'
		]);
	});

	it('has the keys the cadence classifier names', () => {
		expect(FIELD_LABELS.health).toBe('医疗卫生');
		expect(ACTIVITY_KIND_LABELS.medical_service).toBe('医疗服务');
		expect(KEY_GROUP_LABELS.needy).toBe('困难群众');
		expect(KEY_GROUP_LABELS.rural_women).toBe('农村妇女');
		expect(KEY_GROUP_LABELS.youth).toBe('青少年');
	});
});
