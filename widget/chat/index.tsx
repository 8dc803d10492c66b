/**
 * The lazily loaded chat chunk (Preact + socket.io-client + UI). The loader imports it and calls mount();
 * mounting connects, because it only happens on interaction or when a conversation is already open.
 */
import { render } from 'preact';
import { adoptStyles } from '../loader/adopt-styles';
import type { ChatHandle, MountContext } from '../protocol/types';
import { STORAGE_KEYS } from '../protocol/storage-keys';
import { CHAT_STYLES } from './chat-styles';
import { ChatPanel } from './components/chat-panel';
import { countUnread } from './count-unread';
import { createStorage } from './create-storage';
import { createStore } from './create-store';
import type { PanelState } from './panel-state';
import { configureParts, loadFiles } from './hooks/use-parts';
import { createTransport } from './transport';

/** Renders the panel into the loader's shadow root, starts the transport and returns the API handle. */
export function mount(ctx: MountContext): ChatHandle {
  const { settings, launcher, bus, root } = ctx;
  const storage = createStorage(settings.siteId);
  const panel = createStore<PanelState>({
    isOpen: false,
    focusRequest: 0,
    locale: ctx.locale,
    catalogue: ctx.catalogue,
    identity: ctx.identity,
    isSoundOn: settings.sound && storage.get(STORAGE_KEYS.sound) !== '0',
  });
  const transport = createTransport({
    origin: ctx.origin,
    siteId: settings.siteId,
    storage,
    locale: () => panel.get().locale,
    identity: () => panel.get().identity,
    pageUrl: () => location.href,
  });
  // The parts chunk starts the case sync for a shopper who has (or may have) requests (parts/case-sync.ts).
  configureParts({ root, transport, storage, isVisible: () => panel.get().isOpen && !document.hidden, isIdentified: () => !!panel.get().identity });

  const setOpen = (isOpen: boolean, how: 'user' | 'restore' | 'sync'): void => {
    if (panel.get().isOpen === isOpen) return;
    const hadFocus = root.activeElement !== null;
    panel.set({ isOpen, focusRequest: panel.get().focusRequest + (isOpen && how === 'user' ? 1 : 0) });
    launcher.setOpen(isOpen);
    if (how !== 'sync') {
      if (isOpen) storage.set(STORAGE_KEYS.open, '1');
      else storage.remove(STORAGE_KEYS.open);
    }
    // Return focus to the launcher only if it was in the widget: an API close must not steal the page's focus.
    if (!isOpen && hadFocus) launcher.focus();
    bus.emit(isOpen ? 'open' : 'close', undefined);
  };

  let unread = 0;
  let lastStatus: string | null = null;
  // The badge counts chat messages and replies to the shopper's requests alike.
  const showUnread = (): void => {
    const s = transport.state.get();
    unread = countUnread(s.messages, s.conversation?.id ?? null, s.readSeq) + transport.cases.get().cases.reduce((n, c) => n + c.unread, 0);
    launcher.setUnread(unread);
  };
  transport.cases.subscribe(showUnread);
  transport.state.subscribe((s) => {
    showUnread();
    const status = s.conversation?.status ?? null;
    if (s.isReady && status === 'waiting' && lastStatus !== 'waiting') bus.emit('handoff', undefined);
    if (s.isReady) lastStatus = status;
  });
  transport.onMessage((m) => {
    // The host hears bot and agent messages; system notices have their own events (handoff).
    if (m.sender !== 'system') bus.emit('message', m);
    // The chime and the flashing title (for a reply the shopper is not watching) are in the parts chunk.
    loadFiles().then(
      (parts) => parts.attend(m, panel.get(), unread),
      (err: unknown) => console.error('[parley] failed to load', err),
    );
  });
  // Another tab opened or closed the panel.
  storage.watch(STORAGE_KEYS.open, (v) => setOpen(v === '1', 'sync'));

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
  if (ctx.isInitiallyOpen) setOpen(true, 'restore');

  return {
    open: () => setOpen(true, 'user'),
    close: () => setOpen(false, 'user'),
    toggle: () => setOpen(!panel.get().isOpen, 'user'),
    identify: (identity) => {
      panel.set({ identity });
      transport.identify(identity);
    },
    setLocale: (locale) => {
      launcher.setLocale(locale);
      transport.setLocale(locale);
      ctx.loadCatalogue(locale).then(
        (catalogue) => panel.set({ locale, catalogue }),
        (err: unknown) => console.error('[parley] catalogue failed to load', err),
      );
    },
  };
}
