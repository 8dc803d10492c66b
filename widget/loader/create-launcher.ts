import { LOADER_STRINGS } from './loader-strings';
import type { LauncherHandle, WidgetLocale, WidgetSettings } from '../protocol/types';

const SVG_NS = 'http://www.w3.org/2000/svg';
// A speech bubble, and a cross for the open state. Built with DOM calls, not markup strings.
const CHAT_PATH = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z';
const CLOSE_PATH = 'M6 6l12 12M18 6L6 18';

function icon(path: string, cls: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', cls);
  const p = document.createElementNS(SVG_NS, 'path');
  p.setAttribute('d', path);
  svg.appendChild(p);
  return svg;
}

/**
 * The launcher bubble: shown at once by the loader, before any chat code loads.
 * Its accessible name carries the open/close action and the unread count.
 */
export function createLauncher(
  root: ShadowRoot,
  settings: WidgetSettings,
  initialLocale: WidgetLocale,
  onActivate: () => void,
): LauncherHandle {
  let locale = initialLocale;
  let isOpen = false;
  let unread = 0;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'pl-l';
  button.append(icon(CHAT_PATH, 'pl-c'), icon(CLOSE_PATH, 'pl-x'));
  if (settings.launcherText) {
    const label = document.createElement('span');
    label.textContent = settings.launcherText;
    button.appendChild(label);
  }
  const badge = document.createElement('span');
  badge.className = 'pl-b';
  badge.setAttribute('aria-hidden', 'true');
  badge.hidden = true;
  button.appendChild(badge);
  if (settings.hideLauncher) button.hidden = true;
  button.addEventListener('click', onActivate);
  root.appendChild(button);

  const render = (): void => {
    const s = LOADER_STRINGS[locale];
    const name = isOpen ? s.close : s.open;
    button.setAttribute('aria-label', unread > 0 ? `${name} (${s.unread.replace('{n}', String(unread))})` : name);
    button.setAttribute('aria-expanded', String(isOpen));
    badge.hidden = unread === 0;
    badge.textContent = unread > 9 ? '9+' : String(unread);
  };
  render();

  return {
    setOpen(v) {
      isOpen = v;
      render();
    },
    setUnread(n) {
      unread = n;
      render();
    },
    setLocale(l) {
      locale = l;
      render();
    },
    focus() {
      // On phones the launcher is hidden under the full-screen panel; focusing it must not scroll the page.
      button.focus({ preventScroll: true });
    },
  };
}
