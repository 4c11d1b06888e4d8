import type { ParamMatcher } from '@sveltejs/kit';

/** A person's reference: the keyed hash of who they are (64 hex digits), never a readable identity. */
export const match: ParamMatcher = (param) => /^[0-9a-f]{64}$/.test(param);
