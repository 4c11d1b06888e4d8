import type { ParamMatcher } from '@sveltejs/kit';

/** The downloadable import templates: the roster's (the product's own, `004` 附件2, `002` 附件2) and the activity sheet's. */
export const match: ParamMatcher = (param) => ['roster.xlsx', 'roster-004.xlsx', 'roster-002.xlsx', 'activities.xlsx'].includes(param);
