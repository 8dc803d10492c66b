/**
 * Keeps the chat in step with the server across (re)connects: each connect resumes the session from
 * the last seq seen, merges what was missed, then lets the outbox resend; between connects, server
 * facts (messages, conversation, typing, read marks, presence) update the state store.
 */
import type { ShopperServerEvents } from '../../shared/events';
import type { Message } from '../../shared/model';
import { STORAGE_KEYS, type KeyValueStore } from '../protocol/storage-keys';
import type { IdentifyInput } from '../protocol/types';
import { LIMITS } from '../../shared/limits';
import { lastSeqOf } from './merge-messages';
import type { Listener, SendCommand, ShopperSocketLike } from './shopper-socket';
import { addMessages, conversationIdOf, setConversation, type TransportStore } from './transport-state';

/** What the page tells the session at each resume. */
export interface SessionSource {
  identity(): IdentifyInput | null;
  pageUrl?(): string;
}

export interface SessionSync {
  /** Subscribes to the socket's lifecycle and the server's facts. */
  bind(socket: ShopperSocketLike): void;
  /** The visitor token for the next handshake: stored, then the one the last resume issued. */
  token(): string | null;
  /** Clears the typing indicator's timer. */
  stop(): void;
}

/**
 * `socket` is the one in use (null when stopped); `retryMs` the delay before asking again when a resume
 * fails while connected; `flush` sends the outbox (and refreshes the cases) once the session is resumed; `announce` gets the
 * messages that arrived live (not the transcript's first load). Plain parameters as in
 * createOutboxSender, for the chat chunk's byte budget.
 */
export function createSessionSync(
  storage: KeyValueStore,
  state: TransportStore,
  command: SendCommand,
  socket: () => ShopperSocketLike | null,
  retryMs: number,
  page: SessionSource,
  flush: () => Promise<void>,
  announce: (fresh: Message[]) => void,
): SessionSync {
  const conversationId = (): string | null => conversationIdOf(state);
  let token = storage.get(STORAGE_KEYS.token);
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  const resume = async (): Promise<void> => {
    // seq counts per conversation, so the server honours sinceSeq only for the conversation named; for
    // another one (a new chat started meanwhile) or none (a reload) it sends that chat's newest page.
    const id = conversationId();
    const sinceSeq = state.get().isReady ? lastSeqOf(state.get().messages, id) : 0;
    const ack = await command('session:resume', { sinceSeq, conversationId: id, pageUrl: page.pageUrl?.().slice(0, 2048) });
    if (!ack.ok) {
      if (socket()?.connected) setTimeout(() => void resume(), retryMs);
      return;
    }
    const session = ack.data;
    token = session.visitorToken;
    storage.set(STORAGE_KEYS.token, token);
    const wasReady = state.get().isReady;
    setConversation(state, storage, session.conversation);
    const fresh = addMessages(state, storage, session.messages);
    if (wasReady) announce(fresh);
    state.set({
      isReady: true,
      connection: 'online',
      agentsOnline: session.agentsOnline,
      texts: session.texts,
      attachmentMaxBytes: session.attachmentMaxBytes ?? LIMITS.attachmentBytes,
    });
    const identity = page.identity();
    if (identity) void command('identity:set', identity);
    await flush();
  };

  const bind = (s: ShopperSocketLike): void => {
    const on = <E extends keyof ShopperServerEvents>(e: E, fn: ShopperServerEvents[E]): unknown => s.on(e, fn as Listener);
    s.on('connect', () => void resume());
    s.on('disconnect', () => state.set({ connection: 'reconnecting', typing: null }));
    s.on('connect_error', () => {
      // Before the first resume nothing is shown as working: the shopper is told the chat cannot connect.
      state.set({ connection: state.get().isReady ? 'reconnecting' : 'failed' });
      // A refused handshake (middleware error) stops socket.io's own retries: try again later ourselves.
      if (!s.active) setTimeout(() => socket() === s && s.connect(), 10000 + Math.random() * 10000);
    });
    on('message:created', (m) => announce(addMessages(state, storage, [m])));
    on('conversation:updated', (c) => setConversation(state, storage, c));
    on('typing:changed', (p) => {
      clearTimeout(typingTimer);
      state.set({ typing: p.isTyping ? { sender: p.sender, name: p.name } : null });
      // A lost "stopped typing" must not leave the dots forever.
      if (p.isTyping) typingTimer = setTimeout(() => state.set({ typing: null }), 15000);
    });
    on('read:marked', (p) => state.set({ agentReadSeq: Math.max(state.get().agentReadSeq, p.upToSeq) }));
    on('presence:changed', (p) => state.set({ agentsOnline: p.agentsOnline }));
  };

  return { bind, token: () => token, stop: () => clearTimeout(typingTimer) };
}
