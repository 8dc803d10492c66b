/**
 * Adds CSS to a shadow root. Constructed sheets are not blocked by a `style-src` CSP without
 * 'unsafe-inline', unlike a `<style>` element, so they are preferred; old browsers get the element.
 */
export function adoptStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
}
