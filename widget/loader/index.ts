/**
 * widget.js — the host-page loader. Plain DOM, no framework: it shows the launcher at once, installs
 * `window.Parley`, and imports the chat chunk only on interaction (or at once when a conversation is
 * already open). On idle it merely preloads the chunk; no socket is opened before the shopper acts.
 *
 * Pre-load stub a shop can run (in its own script file) to call the API before widget.js arrives:
 *   (function(w){var p=w.Parley=w.Parley||{q:[]};['open','close','toggle','identify','setLocale','on']
 *   .forEach(function(m){p[m]=p[m]||function(){p.q.push([m].concat([].slice.call(arguments)))}})})(window);
 */
import { createLauncher } from './create-launcher';
import { createParleyStub } from './create-parley-stub';
import { launcherStyles } from './launcher-styles';
import { LAUNCHER_OPEN, resolveLocale } from './loader-strings';
import { parseLocale, parseSettings } from './parse-settings';
import { report } from './report';
import type { CatalogueModule, ChatModule, WidgetLocale } from '../protocol/types';
import { STORAGE_KEYS } from '../protocol/storage-keys';

/**
 * Hashed chunk paths relative to the server origin, baked in by scripts/build.ts: the chat chunk, then the chunks
 * it imports statically (prefetched with it, so its first open costs one round trip), and each catalogue.
 */
declare const __PARLEY_CHAT__: string[];
declare const __PARLEY_I18N__: Record<WidgetLocale, string>;

type HostWindow = Window & { Parley?: { q?: unknown; version?: string }; parleySettings?: unknown };

function findScript(): HTMLScriptElement | null {
  // This tag while it runs (with or without data-site: parleySettings may give the site). Once the body has
  // parsed, currentScript is gone (as when some tag managers re-inject the tag): then the query.
  return (document.currentScript as HTMLScriptElement | null) ?? document.querySelector('script[src*="widget.js"][data-site]');
}

/**
 * Adds the launcher's CSS to its fresh shadow root. Constructed sheets are not blocked by a `style-src` CSP
 * without 'unsafe-inline', unlike a `<style>` element, so they are preferred; old browsers get the element.
 * (The chat adds its own with adopt-styles.ts, beside this one.)
 */
function addStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}

function boot(): void {
  const w = window as HostWindow;
  // A second copy of the snippet must not add a second launcher.
  if (w.Parley?.version) return;
  const script = findScript();
  const settings = script && parseSettings(script.dataset, w.parleySettings);
  if (!settings) {
    report('data-site missing');
    return;
  }
  // `src` reads back absolute; the chunk paths are relative ("assets/…").
  const url = (p: string): string => new URL(p, script.src).href;
  const chatUrls = __PARLEY_CHAT__.map(url);
  const loadCatalogue = (l: WidgetLocale): Promise<CatalogueModule['catalogue']> =>
    (import(url(__PARLEY_I18N__[l])) as Promise<CatalogueModule>).then((m) => m.catalogue);
  const locale = (): WidgetLocale => resolveLocale(settings.locale, navigator.languages);
  const stored = (key: string): string | null | undefined => {
    // The chat chunk owns storage; the loader only peeks, and blocked storage just means "nothing stored".
    try {
      return localStorage.getItem(`parley:${settings.siteId}:${key}`);
    } catch {
      return undefined;
    }
  };
  let loading: Promise<void> | null = null;

  const host = document.createElement('parley-widget');
  const root = host.attachShadow({ mode: 'open' });
  addStyles(root, launcherStyles(settings));
  // Before the chat runs a click opens it (the stub queues toggle, which the chat replays as open).
  const launcher = createLauncher(root, settings, LAUNCHER_OPEN[locale()], () => api.toggle());

  const loadChat = (): void => {
    const l = locale();
    // Chunk and catalogue in parallel: one round trip, not two. The chat replays the queued calls.
    loading ??= Promise.all([import(chatUrls[0]!) as Promise<ChatModule>, loadCatalogue(l)]).then(
      ([m, catalogue]) => m.mount(root, settings, launcher, api, l, catalogue, loadCatalogue),
      (err: unknown) => {
        // Let the next click try again (flaky network, deploy in progress).
        loading = null;
        report(err);
      },
    );
  };

  // boot runs once the body exists.
  document.body.append(host);
  const api = (w.Parley = createParleyStub(w.Parley?.q, loadChat, (v) => {
    const l = parseLocale(v);
    if (!l) return;
    settings.locale = l;
    launcher.setAttribute('aria-label', LAUNCHER_OPEN[l]);
  }));

  // An open panel, an open conversation, unsent messages or an open request (its reply shows as a badge):
  // connect now rather than on the next click.
  if (stored(STORAGE_KEYS.open) || stored(STORAGE_KEYS.conversation) || stored(STORAGE_KEYS.outbox) || stored(STORAGE_KEYS.cases)) {
    loadChat();
    return;
  }
  const prefetch = (): void => {
    if (loading) return;
    for (const href of [...chatUrls, url(__PARLEY_I18N__[locale()])]) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = href;
      root.append(link);
    }
  };
  if ('requestIdleCallback' in w) w.requestIdleCallback(prefetch, { timeout: 5000 });
  else setTimeout(prefetch, 3000);
}

if (document.body) boot();
else document.addEventListener('DOMContentLoaded', boot);
