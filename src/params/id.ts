import type { ParamMatcher } from '@sveltejs/kit';

/** Database ids: positive integers, so junk 404s before any query runs. */
export const match: ParamMatcher = (param) => /^[1-9]\d{0,9}$/.test(param);
