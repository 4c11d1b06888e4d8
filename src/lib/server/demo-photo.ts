/** A 2×2 PNG standing in for the demo's photos (a station's venue, an activity, a nomination). */
export const DEMO_PHOTO = Uint8Array.from(
	Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64')
);
