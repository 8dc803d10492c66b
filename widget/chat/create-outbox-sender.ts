/**
 * Sends the persisted outbox, oldest first, one message at a time: an acknowledged message leaves the
 * outbox, a transient failure (timeout, offline, server busy) retries later without letting later
 * messages overtake it, and a refusal marks the message failed for the shopper to retry or delete.
 */
import type { AttachmentRef } from '../../shared/cases';
import type { ClientError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import type { KeyValueStore } from '../protocol/storage-keys';
import { createFlushLoop, isTransient } from '../ui/resend';
import { clientId } from './client-id';
import { addToOutbox, readOutbox, removeFromOutbox, sendable, setOutboxError, type OutboxItem } from './outbox';
import type { SendCommand, ShopperSocketLike } from './shopper-socket';
import { addMessages, type TransportStore } from './transport-state';

export interface OutboxSender {
  /** Sends what is sendable, once connected and the session is resumed; safe to call any time. */
  flush(): Promise<void>;
  /** Queues a message (trimmed) with any uploaded files; false when empty or too long. */
  send(text: string, attachments?: AttachmentRef[]): boolean;
  retry(clientId: string): void;
  discard(clientId: string): void;
  /** Cancels a scheduled resend. */
  stop(): void;
}

/**
 * `socket` is the one in use (null when stopped); `retryMs` the delay before resending after a transient
 * failure while still connected. Plain parameters, not an options object: the chat chunk sits just under
 * its 22 KB budget and an object's property names cost bytes no minifier can remove.
 */
export function createOutboxSender(
  storage: KeyValueStore,
  state: TransportStore,
  command: SendCommand,
  socket: () => ShopperSocketLike | null,
  retryMs: number,
): OutboxSender {
  const isConnected = (): boolean => socket()?.connected ?? false;

  /** One pass over the outbox; false or the transient failure when one stopped it. */
  const sendAll = async (): Promise<boolean | ClientError> => {
    for (const item of sendable(readOutbox(storage))) {
      if (!isConnected()) return false;
      const files = item.attachments ?? [];
      const ack = await command('message:send', files.length ? { clientId: item.clientId, text: item.text, attachments: files } : { clientId: item.clientId, text: item.text });
      if (ack.ok) {
        state.set({ outbox: removeFromOutbox(storage, item.clientId) });
        addMessages(state, storage, [ack.data.message]);
      } else if (isTransient(ack.error)) {
        // Keep order: later messages wait behind this one (as long as the server asks, with retryAfterSeconds).
        return ack.error;
      } else {
        state.set({ outbox: setOutboxError(storage, item.clientId, ack.error) });
      }
    }
    return true;
  };

  // Transient failures (timeout, offline, server busy or unavailable) are retried; anything else is shown as failed.
  const { flush, stop } = createFlushLoop(
    () => isConnected() && state.get().isReady,
    sendAll,
    () => !!socket() && !!sendable(readOutbox(storage))[0],
    retryMs,
  );

  return {
    flush,
    send(text, attachments = []) {
      const t = text.trim();
      if ((t === '' && attachments.length === 0) || t.length > LIMITS.messageChars) return false;
      const item: OutboxItem = { clientId: clientId(), text: t, createdAt: Date.now(), error: null, ...(attachments.length ? { attachments } : {}) };
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
    stop,
  };
}
