/**
 * The chat's connection to the server, free of UI so it can be tested on its own.
 * Guarantees: every shopper message waits in the persisted outbox until the server acknowledges it;
 * after any (re)connect the widget resumes the session, merges what it missed, then resends the outbox in
 * order (the server deduplicates by clientId). The visitor token is kept so a reload resumes the same chat.
 */
import { io } from 'socket.io-client';
import type { WireError } from '../../shared/errors';
import type { ShopperClientEvents, ShopperServerEvents, ShopperSession } from '../../shared/events';
import { LIMITS } from '../../shared/limits';
import type { Message, ShopperConversationView } from '../../shared/model';
import type { IdentifyInput, WidgetLocale } from '../protocol/types';
import { STORAGE_KEYS, type KeyValueStore } from '../protocol/storage-keys';
import { clientId } from './client-id';
import { createStore, type Store } from './create-store';
import { lastSeqOf, mergeMessages } from './merge-messages';
import { addToOutbox, readOutbox, removeFromOutbox, sendable, setOutboxError, type OutboxItem } from './outbox';

type Command = keyof ShopperClientEvents;
type PayloadOf<E extends Command> = Parameters<ShopperClientEvents[E]>[0];
/** The Ack<T> a command's callback receives. */
export type AckOf<E extends Command> = Parameters<Parameters<ShopperClientEvents[E]>[1]>[0];
type Listener = (...args: never[]) => void;

/** The part of a socket.io-client Socket the transport uses (a fake implements it in tests). */
export interface ShopperSocketLike {
  readonly connected: boolean;
  /** False after the server refused the handshake: socket.io then stops reconnecting by itself. */
  readonly active: boolean;
  connect(): unknown;
  disconnect(): unknown;
  on(event: string, fn: Listener): unknown;
  timeout(ms: number): { emitWithAck<E extends Command>(event: E, payload: PayloadOf<E>): Promise<AckOf<E>> };
}

export type SocketAuth = () => { siteId: string; visitorToken?: string; locale?: WidgetLocale };
export type ConnectFn = (url: string, auth: SocketAuth) => ShopperSocketLike;

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting';
export type TicketReply = ShopperSession['ticketReplies'][number];

export interface TransportState {
  connection: ConnectionState;
  /** True once the first session:resume has answered (the transcript is loaded). */
  isReady: boolean;
  conversation: ShopperConversationView | null;
  messages: readonly Message[];
  /** Unacknowledged and failed shopper messages, oldest first. */
  outbox: readonly OutboxItem[];
  agentsOnline: boolean;
  typing: { sender: 'agent' | 'bot'; name: string | null } | null;
  /** Highest seq the agent has read (read marks). */
  agentReadSeq: number;
  /** Highest seq of the current conversation the shopper has seen (the unread count starts above it). */
  readSeq: number;
  ticketReplies: readonly TicketReply[];
}

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
  /** New bot/agent/system messages after the transcript loaded (not history); returns unsubscribe. */
  onMessage(fn: (m: Message) => void): () => void;
  start(): void;
  stop(): void;
  /** Queues a message (trimmed); false when empty or too long. */
  send(text: string): boolean;
  retry(clientId: string): void;
  discard(clientId: string): void;
  requestHandoff(): Promise<AckOf<'handoff:request'>>;
  rate(score: number, comment: string): Promise<AckOf<'chat:rate'>>;
  createTicket(p: PayloadOf<'ticket:create'>): Promise<AckOf<'ticket:create'>>;
  setTyping(isTyping: boolean, draft?: string): void;
  /** Marks everything shown as read (panel open and tab visible). */
  markRead(): void;
  identify(identity: IdentifyInput): void;
  setLocale(locale: WidgetLocale): void;
}

const TIMEOUT: WireError = { code: 'INTERNAL', message: 'timeout' };
/** Worth retrying by itself; anything else is shown to the shopper as failed. */
const isTransient = (e: WireError): boolean => e.code === 'INTERNAL' || e.code === 'RATE_LIMITED';

/**
 * Default connector: websocket first (no long-polling round trips), polling when a proxy blocks it
 * (`tryAllTransports`: without it socket.io retries the first transport forever); socket.io's
 * reconnection backoff (1 s doubling to 5 s, ±50% jitter) is kept as is.
 */
export const connectSocketIo: ConnectFn = (url, auth) =>
  // socket.io's typed Socket is structurally wider than the subset used here.
  io(url, { auth: (cb) => cb(auth()), transports: ['websocket', 'polling'], tryAllTransports: true }) as unknown as ShopperSocketLike;

function readSeqFor(storage: KeyValueStore, conversationId: string | null): number {
  const [conv, seq] = (storage.get(STORAGE_KEYS.lastSeq) ?? '').split(':');
  return conversationId !== null && conv === conversationId ? Number(seq) || 0 : 0;
}

/** Creates the transport; nothing connects until start(). */
export function createTransport(opts: TransportOptions): Transport {
  const { storage } = opts;
  const ackMs = opts.ackTimeoutMs ?? 8000;
  const retryMs = opts.retryMs ?? 4000;
  const connect = opts.connect ?? connectSocketIo;
  const state = createStore<TransportState>({
    connection: 'idle',
    isReady: false,
    conversation: null,
    messages: [],
    outbox: readOutbox(storage),
    agentsOnline: false,
    typing: null,
    agentReadSeq: 0,
    readSeq: 0,
    ticketReplies: [],
  });
  const messageListeners = new Set<(m: Message) => void>();
  let socket: ShopperSocketLike | null = null;
  let isFlushing = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let token = storage.get(STORAGE_KEYS.token);
  const unwatch: (() => void)[] = [];

  const command = async <E extends Command>(event: E, payload: PayloadOf<E>): Promise<AckOf<E>> => {
    if (!socket) return { ok: false, error: TIMEOUT } as AckOf<E>;
    try {
      return await socket.timeout(ackMs).emitWithAck(event, payload);
    } catch {
      return { ok: false, error: TIMEOUT } as AckOf<E>;
    }
  };

  const conversationId = (): string | null => state.get().conversation?.id ?? null;

  const setConversation = (next: ShopperConversationView | null): void => {
    const prev = state.get().conversation;
    // Only a still-open chat (or one awaiting its rating) makes the next page connect at once.
    if (next && (next.status !== 'closed' || next.ratingRequested)) storage.set(STORAGE_KEYS.conversation, next.id);
    else storage.remove(STORAGE_KEYS.conversation);
    state.set({ conversation: next, readSeq: readSeqFor(storage, next?.id ?? null) });
    if (next && next.id !== prev?.id) state.set({ agentReadSeq: 0 });
  };

  const addMessages = (incoming: readonly Message[], isLive: boolean): void => {
    const s = state.get();
    const merged = mergeMessages(s.messages, incoming);
    if (merged === s.messages) return;
    const known = new Set(s.messages.map((m) => m.id));
    const fresh = incoming.filter((m) => !known.has(m.id));
    // A message confirmed by the server (maybe sent from another tab) leaves the outbox.
    let outbox = s.outbox;
    for (const m of fresh) if (m.clientId && outbox.some((i) => i.clientId === m.clientId)) outbox = removeFromOutbox(storage, m.clientId);
    const typing = fresh.some((m) => m.sender === s.typing?.sender) ? null : s.typing;
    state.set({ messages: merged, outbox, typing });
    if (isLive) for (const m of fresh) if (m.sender !== 'shopper') for (const fn of [...messageListeners]) fn(m);
  };

  const scheduleRetry = (): void => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void flush(), retryMs);
  };

  const flush = async (): Promise<void> => {
    if (isFlushing || !socket?.connected || !state.get().isReady) return;
    isFlushing = true;
    try {
      for (const item of sendable(readOutbox(storage))) {
        if (!socket?.connected) break;
        const ack = await command('message:send', { clientId: item.clientId, text: item.text });
        if (ack.ok) {
          state.set({ outbox: removeFromOutbox(storage, item.clientId) });
          addMessages([ack.data.message], false);
        } else if (isTransient(ack.error)) {
          // Keep order: later messages wait behind this one.
          scheduleRetry();
          break;
        } else {
          state.set({ outbox: setOutboxError(storage, item.clientId, ack.error) });
        }
      }
    } finally {
      isFlushing = false;
    }
  };

  const resume = async (): Promise<void> => {
    const sinceSeq = state.get().isReady ? lastSeqOf(state.get().messages, conversationId()) : 0;
    const pageUrl = opts.pageUrl?.().slice(0, 2048);
    let ack = await command('session:resume', { sinceSeq, pageUrl });
    // seq counts per conversation: if a new one started meanwhile, ask again from its beginning.
    if (ack.ok && sinceSeq > 0 && (ack.data.conversation?.id ?? null) !== conversationId()) {
      ack = await command('session:resume', { sinceSeq: 0, pageUrl });
    }
    if (!ack.ok) {
      if (socket?.connected) setTimeout(() => void resume(), retryMs);
      return;
    }
    const session = ack.data;
    token = session.visitorToken;
    storage.set(STORAGE_KEYS.token, token);
    const wasReady = state.get().isReady;
    setConversation(session.conversation);
    addMessages(session.messages, wasReady);
    const known = new Set(state.get().ticketReplies.map((r) => r.number));
    state.set({
      isReady: true,
      connection: 'online',
      agentsOnline: session.agentsOnline,
      ticketReplies: [...state.get().ticketReplies, ...session.ticketReplies.filter((r) => !known.has(r.number))],
    });
    const identity = opts.identity();
    if (identity) void command('identity:set', identity);
    await flush();
  };

  const bind = (s: ShopperSocketLike): void => {
    const on = <E extends keyof ShopperServerEvents>(e: E, fn: ShopperServerEvents[E]): unknown => s.on(e, fn as Listener);
    s.on('connect', () => void resume());
    s.on('disconnect', () => state.set({ connection: 'reconnecting', typing: null }));
    s.on('connect_error', () => {
      if (state.get().connection !== 'connecting') state.set({ connection: 'reconnecting' });
      // A refused handshake (middleware error) stops socket.io's own retries: try again later ourselves.
      if (!s.active) setTimeout(() => socket === s && s.connect(), 10000 + Math.random() * 10000);
    });
    on('message:created', (m) => addMessages([m], true));
    on('conversation:updated', (c) => setConversation(c));
    on('typing:changed', (p) => {
      clearTimeout(typingTimer);
      state.set({ typing: p.isTyping ? { sender: p.sender, name: p.name } : null });
      // A lost "stopped typing" must not leave the dots forever.
      if (p.isTyping) typingTimer = setTimeout(() => state.set({ typing: null }), 15000);
    });
    on('messages:read', (p) => state.set({ agentReadSeq: Math.max(state.get().agentReadSeq, p.upToSeq) }));
    on('presence:changed', (p) => state.set({ agentsOnline: p.agentsOnline }));
  };

  return {
    state,
    onMessage(fn) {
      messageListeners.add(fn);
      return () => void messageListeners.delete(fn);
    },
    start() {
      if (socket) return;
      state.set({ connection: 'connecting' });
      socket = connect(opts.origin + '/shopper', () => ({
        siteId: opts.siteId,
        // Read at every (re)connect: the token may have been issued by the first resume.
        ...(token && token.length >= 16 ? { visitorToken: token } : {}),
        locale: opts.locale(),
      }));
      bind(socket);
      unwatch.push(storage.watch(STORAGE_KEYS.outbox, () => state.set({ outbox: readOutbox(storage) })));
    },
    stop() {
      clearTimeout(retryTimer);
      clearTimeout(typingTimer);
      unwatch.splice(0).forEach((fn) => fn());
      socket?.disconnect();
      socket = null;
      state.set({ connection: 'idle' });
    },
    send(text) {
      const t = text.trim();
      if (t === '' || t.length > LIMITS.messageChars) return false;
      const item: OutboxItem = { clientId: clientId(), text: t, createdAt: Date.now(), error: null };
      state.set({ outbox: addToOutbox(storage, item) });
      void flush();
      return true;
    },
    retry(id) {
      state.set({ outbox: setOutboxError(storage, id, null) });
      void flush();
    },
    discard(id) {
      state.set({ outbox: removeFromOutbox(storage, id) });
    },
    async requestHandoff() {
      const ack = await command('handoff:request', {});
      if (ack.ok) setConversation(ack.data.conversation);
      return ack;
    },
    async rate(score, comment) {
      const c = comment.trim();
      const ack = await command('chat:rate', c ? { score, comment: c } : { score });
      const conv = state.get().conversation;
      if (ack.ok && conv) setConversation({ ...conv, ratingRequested: false, rating: { score, comment: c || null, createdAt: Date.now() } });
      return ack;
    },
    createTicket: (p) => command('ticket:create', p),
    setTyping(isTyping, draft) {
      if (socket?.connected) void command('typing:set', draft === undefined ? { isTyping } : { isTyping, draft: draft.slice(0, LIMITS.messageChars) });
    },
    markRead() {
      const conv = conversationId();
      const seq = lastSeqOf(state.get().messages, conv);
      if (conv === null || seq <= state.get().readSeq) return;
      storage.set(STORAGE_KEYS.lastSeq, `${conv}:${seq}`);
      state.set({ readSeq: seq });
      if (socket?.connected) void command('message:read', { upToSeq: seq });
    },
    identify(identity) {
      if (state.get().isReady) void command('identity:set', identity);
    },
    setLocale(locale) {
      if (state.get().isReady) void command('locale:set', { locale });
    },
  };
}

