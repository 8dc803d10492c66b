/**
 * The contract between the loader (`widget.js`) and the lazily loaded chat chunk: types only, so
 * importing it adds nothing to either bundle. The storage key names both read are in storage-keys.ts.
 */
import type { Message } from '../../shared/model';

export type WidgetLocale = 'en' | 'zh';
export type WidgetPosition = 'right' | 'left';

/**
 * Reads one embedding option (`names`: space-separated aliases): the first value `valid` accepts, trimmed,
 * `window.parleySettings` before the tag's `data-*`. `isText`: strings only (others also take numbers and booleans).
 */
export type OptionReader = (valid: RegExp, names: string, isText?: boolean) => string | undefined;

/** The embedding options the loader needs to draw the launcher, validated (widget/loader/parse-settings.ts). */
export interface LauncherSettings {
  siteId: string;
  /** null: follow the browser's language. */
  locale: WidgetLocale | null;
  position: WidgetPosition;
  /** `#rrggbb`, validated. */
  primaryColor: string;
  launcherText: string | null;
  zIndex: number;
  hideLauncher: boolean;
  /** The same reader, for the options only the chat uses (chatSettings). */
  option: OptionReader;
}

/** Every embedding option, merged from the script tag's `data-*` and `window.parleySettings`. */
export interface WidgetSettings extends LauncherSettings {
  greeting: string | null;
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

/** `window.Parley`'s documented methods. */
export interface ParleyApi {
  open(): void;
  close(): void;
  toggle(): void;
  identify(identity: IdentifyInput): void;
  setLocale(locale: string): void;
  on<K extends ParleyEventName>(name: K, fn: (payload: ParleyEventMap[K]) => void): () => void;
}

/**
 * `window.Parley` as the loader installs it: a stub whose methods queue `[method, ...args]` in `q` (open and
 * toggle also load the chat), like the shop's own pre-load stub. The chat chunk replaces open, close and toggle
 * at once (widget/chat/install-open.ts); its parts chunk the rest, replays `q`, and makes `q.push` run entries at
 * once (widget/chat/components/parts/install-api.ts).
 */
export interface ParleyGlobal extends ParleyApi {
  version: string;
  q: { push(...entries: unknown[]): unknown };
}

/** UI text by key, from a per-locale chunk (widget/chat/i18n/<locale>.ts). */
export type Catalogue = Readonly<Record<string, string>>;

/**
 * What the loader hands the chat's mount(), in this order: positional, not an object, because every byte of
 * widget.js is paid on every page view (the names would be ~30 of them); both sides are typed by this tuple.
 */
export type MountArgs = [
  root: ShadowRoot,
  settings: LauncherSettings,
  /** The launcher the loader drew (closed, no badge; detached when hidden): the chat drives its states. */
  launcher: HTMLButtonElement,
  /** `window.Parley`, still the loader's stub: the chat installs the real methods and replays its queue. */
  api: ParleyGlobal,
  locale: WidgetLocale,
  /** The catalogue of `locale`, loaded in parallel with the chat chunk. */
  catalogue: Catalogue,
  loadCatalogue: (locale: WidgetLocale) => Promise<Catalogue>,
];

/** A locale chunk's module shape. */
export interface CatalogueModule {
  catalogue: Catalogue;
}

/** The chat chunk's module shape. */
export interface ChatModule {
  mount(...args: MountArgs): void;
}
