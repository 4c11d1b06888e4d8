import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// BUILD_DIR lets the test suite build its own server elsewhere (.test-build/): rebuilding
		// build/ in place would pull chunks from under a running `npm start` of the same checkout.
		adapter: adapter({ precompress: true, out: process.env.BUILD_DIR || 'build' }),
		// Sent as a header with every page (frame-ancestors works only there). 'hash': SvelteKit adds
		// the SHA-256 of each page's inline start-up script, so a page and its header stay a pair even
		// when a rendered page is reused; a nonce would have to change on every response.
		// Styles: Svelte and the progress bars set style attributes, so inline styles stay allowed;
		// scripts only from this origin plus the hashed start-up script.
		csp: {
			mode: 'hash',
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
