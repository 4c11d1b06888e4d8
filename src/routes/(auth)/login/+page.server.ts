import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attemptLogin } from '$lib/server/auth/login';
import { homeOf } from '$lib/server/auth/policy';
import { setSessionCookie } from '$lib/server/auth/session';
import { deviceCookieName, setDeviceCookie } from '$lib/server/auth/device';
import { clientAddress } from '$lib/server/auth/guards';
import { safeRedirect } from '$lib/server/auth/redirect';
import { listDemoAccounts } from '$lib/server/demo-accounts';
import { parseForm, type FieldErrors } from '$lib/forms';
import { loginSchema } from '$lib/schemas/auth';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, homeOf(locals.user));
	return { demoAccounts: await listDemoAccounts() };
};

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseForm(loginSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const result = await attemptLogin({
			...parsed.data,
			ip: clientAddress(event),
			userAgent: event.request.headers.get('user-agent'),
			deviceCookie: event.cookies.get(deviceCookieName(event.url))
		});
		if (!result.ok) {
			const message = result.reason === 'throttled' ? `登录尝试过于频繁，请 ${result.wait} 秒后再试` : '用户名或密码错误';
			const errors: FieldErrors = { _form: message };
			return fail(result.reason === 'throttled' ? 429 : 400, { values: parsed.values, errors });
		}
		setSessionCookie(event.cookies, event.url, result.token, result.session);
		setDeviceCookie(event.cookies, event.url, result.deviceCookie);
		if (result.user.mustChangePassword) redirect(303, '/account');
		redirect(303, safeRedirect(event.url.searchParams.get('redirectTo'), event.url.origin) ?? homeOf(result.user));
	}
};
