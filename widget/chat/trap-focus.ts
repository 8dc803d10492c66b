/**
 * Keeps Tab / Shift+Tab inside the open panel (a modal dialog). Works inside a shadow root, where
 * document.activeElement is the host, so the root's own activeElement is read. Radio groups are one
 * tab stop: only the checked radio counts (or none, when nothing is checked yet, which is rare at the edges).
 */
export function trapFocus(e: KeyboardEvent, container: HTMLElement | null): void {
  if (e.key !== 'Tab' || !container) return;
  const items = [...container.querySelectorAll<HTMLElement>('a[href],button,input,textarea')].filter(
    (el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0 && !(el.matches('[type=radio]:not(:checked)')),
  );
  const edge = items[e.shiftKey ? 0 : items.length - 1];
  if (edge && (container.getRootNode() as ShadowRoot).activeElement === edge) {
    e.preventDefault();
    items[e.shiftKey ? items.length - 1 : 0]?.focus();
  }
}
