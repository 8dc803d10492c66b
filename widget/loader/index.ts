/**
 * widget.js — the host-page loader. Plain DOM, no framework: it shows the launcher at once, installs
 * `window.Parley`, and imports the chat chunk only on interaction (or at once when a conversation is
 * already open). On idle it merely preloads the chunk; no socket is opened before the shopper acts.
 *
 * Pre-load stub a shop can run (in its own script file) to call the API before widget.js arrives:
 *   (function(w){var p=w.Parley=w.Parley||{q:[]};['open','close','toggle','identify','setLocale','on']
 *   .forEach(function(m){p[m]=p[m]||function(){p.q.push([m].concat([].slice.call(arguments)))}})})(window);
 */
import { adoptStyles } from './adopt-styles';
import { createEventBus, report } from './create-event-bus';
import { createLauncher } from './create-launcher';
import { createParleyApi, replayQueue } from './create-parley-api';
import { launcherStyles } from './launcher-styles';
import { resolveLocale } from './loader-strings';
import { parseSettings } from './parse-settings';
import type { CatalogueModule, ChatHandle, ChatModule, IdentifyInput, WidgetLocale } from '../protocol/types';
import { STORAGE_KEYS } from '../protocol/storage-keys';

/** Hashed chunk paths relative to the server origin, baked in by scripts/build.ts. */
declare const __PARLEY_CHAT__: string;
declare const __PARLEY_CHAT_DEPS__: string[];
declare const __PARLEY_I18N__: Record<WidgetLocale, string>;

type HostWindow = Window & { Parley?: { q?: unknown; version?: string }; parleySettings?: unknown };

function findScript(): HTMLScriptElement | null {
  // `async` scripts can lose currentScript (and some tag managers re-inject the tag), hence the query.
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.site !== undefined) return current;
  return document.querySelector<HTMLScriptElement>('script[src*="widget.js"][data-site]');
}

function boot(w: HostWindow): void {
  // A second copy of the snippet must not add a second launcher.
  if (w.Parley?.version) return;
  const script = findScript();
  const settings = parseSettings(script?.dataset ?? {}, w.parleySettings);
  if (!script || !settings) {
    report('data-site missing');
    return;
  }
  const origin = new URL(script.src, location.href).origin;
  const url = (p: string): string => new URL(p, origin + '/').href;
  const chatUrl = url(__PARLEY_CHAT__);
  const loadCatalogue = (l: WidgetLocale): Promise<CatalogueModule['catalogue']> =>
    (import(url(__PARLEY_I18N__[l])) as Promise<CatalogueModule>).then((m) => m.catalogue);
  const locale = (): WidgetLocale => resolveLocale(settings.locale, navigator.languages ?? []);
  const stored = (key: string): string | null => {
    // The chat chunk owns storage; the loader only peeks, and blocked storage just means "nothing stored".
    try {
      return localStorage.getItem(`parley:${settings.siteId}:${key}`);
    } catch {
      return null;
    }
  };
  const bus = createEventBus();
  let identity: IdentifyInput | null = null;
  let chat: ChatHandle | null = null;
  let loading: Promise<ChatHandle> | null = null;

  const host = document.createElement('parley-widget');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, launcherStyles(settings));
  const launcher = createLauncher(root, settings, locale(), () => {
    if (chat) chat.toggle();
    else api.open();
  });

  const loadChat = (): Promise<ChatHandle> => {
    const l = locale();
    // Chunk and catalogue in parallel: one round trip, not two.
    loading ??= Promise.all([import(chatUrl) as Promise<ChatModule>, loadCatalogue(l)]).then(
      ([m, catalogue]) =>
        (chat = m.mount({
          root,
          settings,
          origin,
          bus,
          launcher,
          identity,
          isInitiallyOpen: stored(STORAGE_KEYS.open) === '1',
          locale: l,
          catalogue,
          loadCatalogue,
        })),
      (err: unknown) => {
        // Let the next click try again (flaky network, deploy in progress).
        loading = null;
        throw err;
      },
    );
    return loading;
  };

  const api = createParleyApi({
    bus,
    loadChat,
    chat: () => chat,
    onIdentify: (i) => (identity = i),
    onLocale: (l) => {
      settings.locale = l;
      launcher.setLocale(l);
    },
  });
  const queued = w.Parley?.q;
  w.Parley = Object.assign(api, { version: '1' });
  (document.body ?? document.documentElement).appendChild(host);
  replayQueue(api, queued);

  // An open panel, an open conversation, unsent messages or an open request (its reply shows as a badge):
  // connect now rather than on the next click.
  if (stored(STORAGE_KEYS.open) || stored(STORAGE_KEYS.conversation) || stored(STORAGE_KEYS.outbox) || stored(STORAGE_KEYS.cases)) {
    void loadChat().catch(report);
    return;
  }
  const prefetch = (): void => {
    if (loading) return;
    for (const href of [chatUrl, url(__PARLEY_I18N__[locale()]), ...__PARLEY_CHAT_DEPS__.map(url)]) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = href;
      root.appendChild(link);
    }
  };
  if ('requestIdleCallback' in w) w.requestIdleCallback(prefetch, { timeout: 5000 });
  else setTimeout(prefetch, 3000);
}

if (document.body) boot(window);
else document.addEventListener('DOMContentLoaded', () => boot(window), { once: true });
