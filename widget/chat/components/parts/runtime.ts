/**
 * What the parts chunk borrows from the chat chunk at run time: Preact (one instance, which hooks need), the
 * panel's context and a few small modules the chat has anyway. The attachment modules of widget/ui the chunk
 * holds (uploads, the files on messages) borrow the same way. In the browser bundle the parts' imports of
 * these resolve to this module (scripts/build.ts, `partsRuntime`), whose bindings initPartsRuntime fills before
 * anything renders; everywhere else (typecheck, tests) the parts import the real modules and this does nothing.
 * Why: esbuild puts code both chunks import into a third chunk that opening the chat must fetch too, and that
 * split alone cost the chat ~0.6 KB gzip over its budget.
 */
import type { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Fragment, jsx, jsxs } from 'preact/jsx-runtime';
import type { LIMITS } from '../../../../shared/limits';
import type { parseLocale } from '../../../loader/parse-settings';
import type { report } from '../../../loader/report';
import type { STORAGE_KEYS } from '../../../protocol/storage-keys';
import type { ChatContext } from '../../chat-context';
import type { useStore } from '../../hooks/use-store';
import type { translate } from '../../i18n/translate';
import type { conversationIdOf, setConversation } from '../../transport-state';

export interface PartsRuntime {
  jsx: typeof jsx;
  jsxs: typeof jsxs;
  Fragment: typeof Fragment;
  useCallback: typeof useCallback;
  useContext: typeof useContext;
  useEffect: typeof useEffect;
  useRef: typeof useRef;
  useState: typeof useState;
  ChatContext: typeof ChatContext;
  useStore: typeof useStore;
  translate: typeof translate;
  conversationIdOf: typeof conversationIdOf;
  setConversation: typeof setConversation;
  LIMITS: typeof LIMITS;
  STORAGE_KEYS: typeof STORAGE_KEYS;
  report: typeof report;
  parseLocale: typeof parseLocale;
}

/** Names the build gives the parts' borrowed imports; the build's version of this module exports each as a binding. */
export const PARTS_RUNTIME_NAMES = [
  'jsx',
  'jsxs',
  'Fragment',
  'useCallback',
  'useContext',
  'useEffect',
  'useRef',
  'useState',
  'ChatContext',
  'useStore',
  'translate',
  'conversationIdOf',
  'setConversation',
  'LIMITS',
  'STORAGE_KEYS',
  'report',
  'parseLocale',
] as const satisfies readonly (keyof PartsRuntime)[];

/** Hands the chat's modules to the parts chunk (a no-op outside the browser bundle). */
export function initPartsRuntime(_runtime: PartsRuntime): void {}
