import type { ParamMatcher } from '@sveltejs/kit';

/** A team's roster exported as one of the offices' forms: `004` 附件2 or `002` 附件2. */
export const match: ParamMatcher = (param) => param === '004.xlsx' || param === '002.xlsx';
