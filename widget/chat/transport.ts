/**
 * The chat's connection to the server, free of UI so it can be tested on its own. It wires three parts:
 * the state store (transport-state.ts), the outbox sender (create-outbox-sender.ts) and the session
 * sync (create-session-sync.ts), over the socket of shopper-socket.ts.
 * Guarantees: every shopper message waits in the persisted outbox until the server acknowledges it;
 * after any (re)connect the widget resumes the session, merges what it missed, then resends the outbox in
 * order (the server deduplicates by clientId). The visitor token is kept so a reload resumes the same chat.
 */
import type { AttachmentRef } from '../../shared/cases';
import { LIMITS } from '../../shared/limits';
import type { FileEndpoint } from '../ui/upload-file';
import type { Message } from '../../shared/model';
import { STORAGE_KEYS, type KeyValueStore } from '../protocol/storage-keys';
import type { IdentifyInput, WidgetLocale } from '../protocol/types';
import type { CasesState } from './case-views';
import { createOutboxSender } from './create-outbox-sender';
import { createSessionSync } from './create-session-sync';
import { createStore, type Store } from './create-store';
import { lastSeqOf } from './merge-messages';
import { readOutbox } from './outbox';
import {
  connectSocketIo,
  createSendCommand,
  type CommandResult,
  type ConnectFn,
  type SendCommand,
  type ShopperSocketLike,
} from './shopper-socket';
import { conversationIdOf, createTransportState, setConversation, type TransportState } from './transport-state';

export type { ConnectionState, TransportState } from './transport-state';
export { connectSocketIo, type CommandResult, type ConnectFn, type ShopperSocketLike, type SocketAuth } from './shopper-socket';

export interface TransportOptions {
  origin: string;
  siteId: string;
  storage: KeyValueStore;
  locale(): WidgetLocale;
  identity(): IdentifyInput | null;
  pageUrl?(): string;
  connect?: ConnectFn;
  ackTimeoutMs?: number;
  /** Delay before resending after a transient failure while still connected. */
  retryMs?: number;
}

export interface Transport {
  state: Store<TransportState>;
  /** The shopper's cases (My requests), kept by the case sync (parts/case-sync.ts) once it is loaded. */
  cases: Store<CasesState>;
  /** The current socket (null when stopped), for the case sync to listen on. */
  socket(): ShopperSocketLike | null;
  command: SendCommand;
  /** Where the chat keeps what survives a reload (parts/requests.ts keeps the form's request there). */
  storage: KeyValueStore;
  /** fn runs after every resume: the cases may have changed. Returns unsubscribe. */
  onCasesStale(fn: () => void): () => void;
  /** New bot/agent/system messages after the transcript loaded (not history); returns unsubscribe. */
  onMessage(fn: (m: Message) => void): () => void;
  start(): void;
  stop(): void;
  /** Queues a message (trimmed) with any uploaded files; false when empty or too long. */
  send(text: string, attachments?: AttachmentRef[]): boolean;
  /** Where this shopper uploads and downloads files (their visitor token and site). */
  files: FileEndpoint;
  retry(clientId: string): void;
  discard(clientId: string): void;
  requestHandoff(): Promise<CommandResult<'handoff:request'>>;
  setTyping(isTyping: boolean, draft?: string): void;
  /** Marks everything shown as read (panel open and tab visible). */
  markRead(): void;
  identify(identity: IdentifyInput): void;
  setLocale(locale: WidgetLocale): void;
}

/** Creates the transport; nothing connects until start(). */
export function createTransport(opts: TransportOptions): Transport {
  const { storage } = opts;
  const connect = opts.connect ?? connectSocketIo;
  const state = createTransportState(storage);
  const messageListeners = new Set<(m: Message) => void>();
  let socket: ShopperSocketLike | null = null;
  const unwatch: (() => void)[] = [];
  const current = (): ShopperSocketLike | null => socket;
  const command = createSendCommand(current, opts.ackTimeoutMs ?? 8000);
  const retryMs = opts.retryMs ?? 4000;
  const outbox = createOutboxSender(storage, state, command, current, retryMs);
  const cases = createStore<CasesState>({ cases: [], isLoaded: false, viewing: null, thread: [] });
  const staleListeners = new Set<() => void>();
  const afterResume = (): Promise<void> => {
    staleListeners.forEach((fn) => fn());
    return outbox.flush();
  };
  const sync = createSessionSync(storage, state, command, current, retryMs, opts, afterResume, (fresh) => {
    for (const m of fresh) if (m.sender !== 'shopper') for (const fn of [...messageListeners]) fn(m);
  });
  const isConnected = (): boolean => socket?.connected ?? false;

  return {
    state,
    cases,
    socket: current,
    command,
    storage,
    onCasesStale(fn) {
      staleListeners.add(fn);
      return () => void staleListeners.delete(fn);
    },
    onMessage(fn) {
      messageListeners.add(fn);
      return () => void messageListeners.delete(fn);
    },
    start() {
      if (socket) return;
      state.set({ connection: 'connecting' });
      socket = connect(opts.origin + '/shopper', () => {
        // Read at every (re)connect: the token may have been issued by the first resume.
        const token = sync.token();
        return { siteId: opts.siteId, ...(token && token.length >= 16 ? { visitorToken: token } : {}), locale: opts.locale() };
      });
      sync.bind(socket);
      unwatch.push(storage.watch(STORAGE_KEYS.outbox, () => state.set({ outbox: readOutbox(storage) })));
    },
    stop() {
      outbox.stop();
      sync.stop();
      unwatch.splice(0).forEach((fn) => fn());
      socket?.disconnect();
      socket = null;
      state.set({ connection: 'idle' });
    },
    send: outbox.send,
    files: {
      base: opts.origin,
      headers: () => ({ authorization: `Bearer ${sync.token() ?? ''}`, 'x-parley-site': opts.siteId }),
    },
    retry: outbox.retry,
    discard: outbox.discard,
    async requestHandoff() {
      const ack = await command('handoff:request', {});
      if (ack.ok) setConversation(state, storage, ack.data.conversation);
      return ack;
    },
    setTyping(isTyping, draft) {
      if (isConnected()) void command('typing:set', draft === undefined ? { isTyping } : { isTyping, draft: draft.slice(0, LIMITS.messageChars) });
    },
    markRead() {
      const conv = conversationIdOf(state);
      const seq = lastSeqOf(state.get().messages, conv);
      if (conv === null || seq <= state.get().readSeq) return;
      storage.set(STORAGE_KEYS.lastSeq, `${conv}:${seq}`);
      state.set({ readSeq: seq });
      if (isConnected()) void command('read:mark', { upToSeq: seq });
    },
    identify(identity) {
      if (state.get().isReady) void command('identity:set', identity);
    },
    setLocale(locale) {
      if (state.get().isReady) void command('locale:set', { locale });
    },
  };
}
