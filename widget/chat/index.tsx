/**
 * The lazily loaded chat chunk (Preact + socket.io-client + UI). The loader imports it and calls mount();
 * mounting connects, because it only happens on interaction or when a conversation is already open.
 */
import { render } from 'preact';
import { adoptStyles } from '../loader/adopt-styles';
import { chatSettings } from '../loader/parse-settings';
import { report } from '../loader/report';
import type { ChatModule } from '../protocol/types';
import { STORAGE_KEYS } from '../protocol/storage-keys';
import { CHAT_STYLES } from './chat-styles';
import { ChatPanel } from './components/chat-panel';
import type { ApiEvents } from './components/parts/install-api';
import { countUnread } from './count-unread';
import { createStorage } from './create-storage';
import { createStore } from './create-store';
import type { PanelState } from './panel-state';
import { configureParts, loadFiles } from './hooks/use-parts';
import { installOpen } from './install-open';
import { drawLauncher } from './launcher-state';
import { createTransport } from './transport';

/**
 * Renders the panel into the loader's shadow root, takes over the launcher, starts the transport and takes over
 * `window.Parley`: its open, close and toggle at once, the rest (and the replay of the calls the loader's stub
 * queued) when the parts chunk arrives.
 */
export const mount: ChatModule['mount'] = (root, launcherSettings, button, api, locale, catalogue, loadCatalogue) => {
  const settings = chatSettings(launcherSettings);
  // Parley.on's events wait here until the parts chunk installs the rest of the API (parts/install-api.ts).
  const events: ApiEvents = { held: [], emit: (name, payload) => void events.held.push([name, payload]) };
  const storage = createStorage(settings.siteId);
  const panel = createStore<PanelState>({
    isOpen: false,
    focusRequest: 0,
    locale,
    catalogue,
    // identify() calls queued before the parts chunk arrives are replayed then (parts/install-api.ts): the resume
    // sends the identity if it is known by then, identify() itself if it comes later.
    identity: null,
    isSoundOn: settings.sound && storage.get(STORAGE_KEYS.sound) !== '0',
  });
  let unread = 0;
  // The launcher follows the panel (open or closed, the catalogue its name is in) and the unread count; its badge
  // sits on the outer corner.
  const showLauncher = (): void => drawLauncher(button, panel.get(), unread);
  button.classList.toggle('left', settings.position === 'left');
  panel.subscribe(showLauncher);
  showLauncher();
  // The server's: this chunk is served by it.
  const origin = new URL(import.meta.url).origin;
  const transport = createTransport({
    origin,
    siteId: settings.siteId,
    storage,
    locale: () => panel.get().locale,
    identity: () => panel.get().identity,
    pageUrl: () => location.href,
  });

  const setOpen = (isOpen: boolean, how: 'user' | 'restore' | 'sync'): void => {
    if (panel.get().isOpen === isOpen) return;
    const hadFocus = root.activeElement !== null;
    panel.set({ isOpen, focusRequest: panel.get().focusRequest + (isOpen && how === 'user' ? 1 : 0) });
    if (how !== 'sync') {
      if (isOpen) storage.set(STORAGE_KEYS.open, '1');
      else storage.remove(STORAGE_KEYS.open);
    }
    // The dashboard's widget opens: a shopper's own opening, not a restore after a reload or another tab's.
    if (isOpen && how === 'user') navigator.sendBeacon?.(`${origin}/api/widget/events`, JSON.stringify({ siteId: settings.siteId, type: 'open' }));
    // Return focus to the launcher only if it was in the widget: an API close must not steal the page's focus.
    // On phones the launcher is hidden under the full-screen panel; focusing it must not scroll the page.
    if (!isOpen && hadFocus) button.focus({ preventScroll: true });
    events.emit(isOpen ? 'open' : 'close', undefined);
  };

  let lastStatus: string | null = null;
  // The badge counts chat messages and replies to the shopper's requests alike.
  const showUnread = (): void => {
    const s = transport.state.get();
    unread = countUnread(s.messages, s.conversation?.id ?? null, s.readSeq) + transport.cases.get().cases.reduce((n, c) => n + c.unread, 0);
    showLauncher();
  };
  transport.cases.subscribe(showUnread);
  transport.state.subscribe((s) => {
    showUnread();
    const status = s.conversation?.status ?? null;
    if (s.isReady && status === 'waiting' && lastStatus !== 'waiting') events.emit('handoff', undefined);
    if (s.isReady) lastStatus = status;
  });
  transport.onMessage((m) => {
    // The host hears bot and agent messages; system notices have their own events (handoff).
    if (m.sender !== 'system') events.emit('message', m);
    // The chime and the flashing title (for a reply the shopper is not watching) are in the parts chunk.
    loadFiles().then(
      (parts) => parts.attend(m, panel.get(), unread),
      report,
    );
  });
  // Another tab opened or closed the panel.
  storage.watch(STORAGE_KEYS.open, (v) => setOpen(v === '1', 'sync'));

  if (storage.get(STORAGE_KEYS.open) === '1') setOpen(true, 'restore');

  // window.Parley: the panel's open, close and toggle at once; the rest when the parts chunk arrives, which replays
  // the calls the loader's stub queued (parts/install-api.ts) and starts the case sync for a shopper who has (or
  // may have) requests (parts/case-sync.ts).
  const queued = installOpen(api, {
    open: () => setOpen(true, 'user'),
    close: () => setOpen(false, 'user'),
    toggle: () => setOpen(!panel.get().isOpen, 'user'),
  });
  configureParts({
    root,
    transport,
    storage,
    isVisible: () => panel.get().isOpen && !document.hidden,
    isIdentified: () => !!panel.get().identity,
    api,
    queued,
    events,
    identify: (identity) => {
      panel.set({ identity });
      transport.identify(identity);
    },
    setLocale: (next) => {
      transport.setLocale(next);
      loadCatalogue(next).then((loaded) => panel.set({ locale: next, catalogue: loaded }), report);
    },
  });

  adoptStyles(root, CHAT_STYLES);
  const container = document.createElement('div');
  root.appendChild(container);
  render(
    <ChatPanel
      transport={transport}
      panel={panel}
      settings={settings}
      onClose={() => setOpen(false, 'user')}
      onToggleSound={() => {
        const isSoundOn = !panel.get().isSoundOn;
        panel.set({ isSoundOn });
        storage.set(STORAGE_KEYS.sound, isSoundOn ? '1' : '0');
      }}
    />,
    container,
  );
  transport.start();
};
