import type { LayoutServerLoad } from './$types';
import { readPilotFigures } from './pilot-page';
import { LIFECYCLE_LABELS } from '$lib/domain/labels';
import { can } from '$lib/server/auth/policy';

/** The pilot's header and tabs; each page below loads and checks for itself as well. */
export const load: LayoutServerLoad = async ({ params, locals }) => {
	const { pilot, canEdit } = await readPilotFigures(params);
	return {
		header: {
			id: pilot.id,
			name: pilot.name,
			status: pilot.hasPace ? (pilot.progress?.status ?? null) : null,
			lifecycleLabel: LIFECYCLE_LABELS[pilot.lifecycle]
		},
		canEdit,
		canReview: can(locals.user, 'review')
	};
};
