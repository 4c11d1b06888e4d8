import { ID_PATTERN } from '$lib/ids';
import type { ParamMatcher } from '@sveltejs/kit';

/** Database ids: positive integers, so junk 404s before any query runs. */
export const match: ParamMatcher = (param) => ID_PATTERN.test(param);
