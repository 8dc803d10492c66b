/**
 * The contract between the loader (`widget.js`) and the lazily loaded chat chunk: types only, so
 * importing it adds nothing to either bundle. The storage key names both read are in storage-keys.ts.
 */
import type { Message } from '../../shared/model';

export type WidgetLocale = 'en' | 'zh';
export type WidgetPosition = 'right' | 'left';

/** Embedding options, merged from the script tag's `data-*` and `window.parleySettings`. */
export interface WidgetSettings {
  siteId: string;
  /** null: follow the browser's language. */
  locale: WidgetLocale | null;
  position: WidgetPosition;
  /** `#rrggbb`, validated. */
  primaryColor: string;
  greeting: string | null;
  launcherText: string | null;
  zIndex: number;
  hideLauncher: boolean;
  /** Play a short chime for messages that arrive while the panel is closed or the tab hidden. */
  sound: boolean;
}

/**
 * What `Parley.identify()` takes. `token` (a JWT the shop's backend signs) makes the whole identity
 * trusted; the older `hash` (HMAC of id) proves the id only.
 */
export interface IdentifyInput {
  id?: string;
  token?: string;
  name?: string;
  email?: string;
  hash?: string;
  tier?: string;
}

/** Events a host page can subscribe to with `Parley.on`. */
export interface ParleyEventMap {
  message: Message;
  open: undefined;
  close: undefined;
  handoff: undefined;
}
export type ParleyEventName = keyof ParleyEventMap;

export interface EventBus {
  on<K extends ParleyEventName>(name: K, fn: (payload: ParleyEventMap[K]) => void): () => void;
  emit<K extends ParleyEventName>(name: K, payload: ParleyEventMap[K]): void;
}

/** The launcher button the loader owns; the chat drives its state. */
export interface LauncherHandle {
  setOpen(isOpen: boolean): void;
  setUnread(count: number): void;
  setLocale(locale: WidgetLocale): void;
  focus(): void;
}

/** UI text by key, from a per-locale chunk (widget/chat/i18n/<locale>.ts). */
export type Catalogue = Readonly<Record<string, string>>;

export interface MountContext {
  root: ShadowRoot;
  settings: WidgetSettings;
  /** Server origin, e.g. `https://chat.example.com`. */
  origin: string;
  bus: EventBus;
  launcher: LauncherHandle;
  identity: IdentifyInput | null;
  isInitiallyOpen: boolean;
  locale: WidgetLocale;
  /** The catalogue of `locale`, loaded in parallel with the chat chunk. */
  catalogue: Catalogue;
  loadCatalogue(locale: WidgetLocale): Promise<Catalogue>;
}

/** What `mount()` returns: the loader forwards the public API to it. */
export interface ChatHandle {
  open(): void;
  close(): void;
  toggle(): void;
  identify(identity: IdentifyInput): void;
  setLocale(locale: WidgetLocale): void;
}

/** A locale chunk's module shape. */
export interface CatalogueModule {
  catalogue: Catalogue;
}

/** The chat chunk's module shape. */
export interface ChatModule {
  mount(ctx: MountContext): ChatHandle;
}
