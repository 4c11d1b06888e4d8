import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// BUILD_DIR lets the test suite build its own server elsewhere (.test-build/): rebuilding
		// build/ in place would pull chunks from under a running `npm start` of the same checkout.
		adapter: adapter({ precompress: true, out: process.env.BUILD_DIR || 'build' }),
		// Sent as a header with every page (frame-ancestors works only there). 'nonce': every page is
		// rendered for its request (nothing rendered is reused), so a fresh nonce per response costs
		// nothing, where 'hash' ran SHA-256 in JavaScript over each page's start-up script and its
		// data (issue 17). Styles: Svelte and the progress bars set style attributes, so inline styles
		// stay allowed; scripts only from this origin plus the start-up script carrying the nonce.
		csp: {
			mode: 'nonce',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
