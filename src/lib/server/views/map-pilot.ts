/**
 * What the province map sends to the browser for a pilot: where it is, its status and overall
 * completion, nothing else. Built from the dashboard's rows, so map, table and dashboard agree.
 */
import type { MapPilot } from '../../components/charts/henan-map';
import type { PilotRow } from './pilot-row';

export function toMapPilot(p: PilotRow): MapPilot {
	return {
		id: p.id,
		name: p.name,
		level: p.level,
		divisionCode: p.divisionCode,
		divisionName: p.divisionName,
		cityCode: p.cityCode,
		cityName: p.cityName,
		status: p.status,
		overall: p.overall
	};
}
