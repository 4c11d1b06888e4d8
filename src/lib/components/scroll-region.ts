/**
 * A box that scrolls sideways can be scrolled from the keyboard: while its content is wider than
 * it, it takes focus (tabindex 0) so the arrow keys move it (WCAG 2.1.1; axe's
 * scrollable-region-focusable). Give the element role="region" and a label so the stop is named.
 */
export function scrollRegion(node: HTMLElement) {
	const update = () => {
		if (node.scrollWidth > node.clientWidth + 1) node.setAttribute('tabindex', '0');
		else node.removeAttribute('tabindex');
	};
	const observer = new ResizeObserver(update);
	observer.observe(node);
	if (node.firstElementChild) observer.observe(node.firstElementChild);
	update();
	return { destroy: () => observer.disconnect() };
}
