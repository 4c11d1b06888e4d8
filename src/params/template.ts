import type { ParamMatcher } from '@sveltejs/kit';

/** The downloadable import templates. */
export const match: ParamMatcher = (param) => param === 'roster.xlsx' || param === 'activities.xlsx';
