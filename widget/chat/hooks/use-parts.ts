import { useContext, useEffect, useState } from 'preact/hooks';
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime';
import { LIMITS } from '../../../shared/limits';
import { adoptStyles } from '../../loader/adopt-styles';
import { STORAGE_KEYS, type KeyValueStore } from '../../protocol/storage-keys';
import { MessageBubble } from '../../ui/message-bubble';
import { ChatContext } from '../chat-context';
import type { Transport } from '../transport';
import { useStore } from './use-store';

type Parts = typeof import('../components/parts/cases-view');

export interface PartsContext {
  /** The panel's shadow root, where the chunk's CSS goes. */
  root: ShadowRoot;
  transport: Transport;
  storage: KeyValueStore;
  /** The panel is open and the tab shown. */
  isVisible(): boolean;
}

let context: PartsContext | null = null;
let loading: Promise<Parts> | null = null;

/** Tells the parts chunk where it lives; mount() calls it before anything can load the chunk. */
export function configureParts(c: PartsContext): void {
  context = c;
}

/**
 * The panel's rarer screens (My requests and the case sync behind it, the leave-a-message form and its
 * confirmation, the rating) are a chunk of their own with their own CSS, fetched the first time one is needed:
 * the chat chunk stays within its size budget.
 */
export function loadParts(): Promise<Parts> {
  loading ??= import('../components/parts/cases-view').then(
    (m) => {
      const c = context!;
      m.initPartsRuntime({ jsx, jsxs, Fragment, useContext, useEffect, useState, ChatContext, useStore, MessageBubble, LIMITS, STORAGE_KEYS });
      adoptStyles(c.root, m.PARTS_STYLES);
      m.startCaseSync(c.transport, c.storage, c.isVisible);
      return m;
    },
    (err: unknown) => {
      // A flaky network or a deploy in progress: the next time a screen is needed tries again.
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** The parts chunk once loaded (null until then); loads it when needed. */
export function useParts(isNeeded: boolean): Parts | null {
  const [parts, setParts] = useState<Parts | null>(null);
  useEffect(() => {
    if (isNeeded && !parts) loadParts().then(setParts, (err: unknown) => console.error('[parley] failed to load', err));
  }, [isNeeded, parts]);
  return parts;
}
