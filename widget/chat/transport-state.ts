/**
 * The transport's state store and the two updates the outbox and the session sync both make: the
 * current conversation (what the next page needs to reconnect at once) and new messages (merged,
 * echoes of the shopper's own leaving the outbox).
 */
import type { ShopperSession } from '../../shared/events';
import { LIMITS } from '../../shared/limits';
import type { Message, ShopperConversationView } from '../../shared/model';
import { STORAGE_KEYS, type KeyValueStore } from '../protocol/storage-keys';
import { createStore, type Store } from './create-store';
import { mergeMessages } from './merge-messages';
import { readOutbox, removeFromOutbox, type OutboxItem } from './outbox';

/** `failed`: never connected yet and the last attempt failed (server down, or this page's origin refused). */
export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'failed';

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
  /** The KB's bot name and greeting per locale, once the first resume answered. */
  texts: ShopperSession['texts'] | null;
  /** The largest file the server accepts (from the session; the shared default until then). */
  attachmentMaxBytes: number;
}

export type TransportStore = Store<TransportState>;

/** The store at start: nothing loaded, the outbox as persisted. */
export function createTransportState(storage: KeyValueStore): TransportStore {
  return createStore<TransportState>({
    connection: 'idle',
    isReady: false,
    conversation: null,
    messages: [],
    outbox: readOutbox(storage),
    agentsOnline: false,
    typing: null,
    agentReadSeq: 0,
    readSeq: 0,
    attachmentMaxBytes: LIMITS.attachmentBytes,
    texts: null,
  });
}

export const conversationIdOf = (state: TransportStore): string | null => state.get().conversation?.id ?? null;

function readSeqFor(storage: KeyValueStore, conversationId: string | null): number {
  const [conv, seq] = (storage.get(STORAGE_KEYS.lastSeq) ?? '').split(':');
  return conversationId !== null && conv === conversationId ? Number(seq) || 0 : 0;
}

export function setConversation(state: TransportStore, storage: KeyValueStore, next: ShopperConversationView | null): void {
  // Only a still-open chat (or one awaiting its rating) makes the next page connect at once.
  if (next && (next.status !== 'closed' || next.ratingRequested)) storage.set(STORAGE_KEYS.conversation, next.id);
  else storage.remove(STORAGE_KEYS.conversation);
  // The server's view carries the agent's current read mark, so a reload still shows "Read"; between
  // views, read:marked events raise it.
  state.set({ conversation: next, readSeq: readSeqFor(storage, next?.id ?? null), agentReadSeq: next?.agentReadSeq ?? 0 });
}

/** Merges messages into the transcript; returns the ones it did not hold yet. */
export function addMessages(state: TransportStore, storage: KeyValueStore, incoming: readonly Message[]): Message[] {
  const s = state.get();
  const merged = mergeMessages(s.messages, incoming);
  if (merged === s.messages) return [];
  const known = new Set(s.messages.map((m) => m.id));
  const fresh = incoming.filter((m) => !known.has(m.id));
  // A message confirmed by the server (maybe sent from another tab) leaves the outbox.
  let outbox = s.outbox;
  for (const m of fresh) if (m.clientId && outbox.some((i) => i.clientId === m.clientId)) outbox = removeFromOutbox(storage, m.clientId);
  const typing = fresh.some((m) => m.sender === s.typing?.sender) ? null : s.typing;
  state.set({ messages: merged, outbox, typing });
  return fresh;
}
