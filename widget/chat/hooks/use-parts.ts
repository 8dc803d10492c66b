import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime';
import { LIMITS } from '../../../shared/limits';
import { adoptStyles } from '../../loader/adopt-styles';
import { parseLocale } from '../../loader/parse-settings';
import { report } from '../../loader/report';
import { STORAGE_KEYS, type KeyValueStore } from '../../protocol/storage-keys';
import { ChatContext } from '../chat-context';
import type { ApiContext } from '../components/parts/install-api';
import type { Transport } from '../transport';
import { conversationIdOf, setConversation } from '../transport-state';
import { translate } from '../i18n/translate';
import { useStore } from './use-store';

type Parts = typeof import('../components/parts/index');

/** What the parts chunk needs from the mounted chat: where it lives, and window.Parley's rest (ApiContext). */
export interface PartsContext extends ApiContext {
  /** The panel's shadow root, where the chunk's CSS goes. */
  root: ShadowRoot;
  transport: Transport;
  storage: KeyValueStore;
  /** The panel is open and the tab shown. */
  isVisible(): boolean;
  /** The host page told us who the shopper is (their requests may be on another device). */
  isIdentified(): boolean;
}

let context: PartsContext | null = null;
let loading: Promise<Parts> | null = null;
let loaded: Parts | null = null;

/** Tells the parts chunk where it lives; mount() calls it before anything can load the chunk. */
export function configureParts(c: PartsContext): void {
  context = c;
}

/**
 * What the panel's first screen does not draw (markdown, the paperclip and uploads, chips, the menu, the forms, My
 * requests, the chime…: see parts/index.ts) is a chunk of its own with its own CSS, requested as the panel first
 * renders (every useParts(true) asks) and so in before the first answer: the chat chunk stays within its size
 * budget. This loads it without starting the case sync (the chunk starts it for a shopper with requests).
 */
export function loadFiles(): Promise<Parts> {
  loading ??= import('../components/parts/index').then(
    (m) => {
      m.initPartsRuntime({ jsx, jsxs, Fragment, useCallback, useContext, useEffect, useRef, useState, ChatContext, useStore, translate, conversationIdOf, setConversation, LIMITS, STORAGE_KEYS, report, parseLocale });
      // The API before the case sync: a queued identify() says whether the shopper may have requests elsewhere.
      m.installApi(context!);
      m.placeCaseSync(context!);
      adoptStyles(context!.root, m.CHIPS_STYLES + m.PANEL_STYLES + m.PARTS_STYLES + m.FILES_STYLES);
      return (loaded = m);
    },
    (err: unknown) => {
      // A flaky network or a deploy in progress: the next time a screen is needed tries again.
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** The parts chunk with the case sync started (My requests, the forms and the rating read the cases). */
export function loadParts(): Promise<Parts> {
  return loadFiles().then((m) => {
    m.loadCaseSync();
    return m;
  });
}

/** The parts chunk if loaded (null before then). */
export const loadedParts = (): Parts | null => loaded;

/** The parts chunk once loaded (null until then); loads it (with loadParts, or loadFiles) when needed. */
export function useParts(isNeeded: boolean, load = loadParts): Parts | null {
  const [parts, setParts] = useState<Parts | null>(loaded);
  useEffect(() => {
    if (isNeeded && !parts) load().then(setParts, report);
  }, [isNeeded, parts, load]);
  return parts;
}
