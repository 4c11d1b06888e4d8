import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guards';
import * as certificates from '$lib/server/certificates';
import { parseCertificateNumber } from '$lib/domain/certificates';

/** 证明查验: a certificate shown to the province is looked up in the register by its number. */
export const load: PageServerLoad = async ({ url }) => {
	requirePermission('certificates.lookup');
	const number = (url.searchParams.get('number') ?? '').slice(0, 60);
	if (!number.trim()) return { number, searched: false, problem: null, entry: null };
	if (!parseCertificateNumber(number)) return { number, searched: true, problem: '证明编号格式不正确，应如“豫科志证〔2026〕第0001号”', entry: null };
	const found = await certificates.findByNumber(number);
	return {
		number,
		searched: true,
		problem: null,
		entry: found
			? {
					...found.certificate,
					pilotName: found.pilotName,
					issuedByName: found.issuedByName
				}
			: null
	};
};
