/**
 * Sends the agent's replies through the reply outbox with the widget's discipline (widget/ui/resend.ts): a
 * reply whose ack did not come (timeout, offline) stays pending under its clientId and is sent again on
 * reconnect and on a timer, oldest first, until the server acknowledges or refuses it. The server
 * deduplicates on the clientId, so a reply whose ack was lost is stored once.
 */
import type { AttachmentRef } from '../../../shared/cases';
import type { ClientError, ClientResult } from '../../../shared/errors';
import type { Message } from '../../../shared/model';
import { createFlushLoop, isTransient } from '../../ui/resend';
import type { PendingReply, ReplyOutbox } from './reply-outbox';

type SendReply = (p: {
  conversationId: string;
  clientId: string;
  text: string;
  internal: boolean;
  attachments?: AttachmentRef[];
}) => Promise<ClientResult<{ message: Message }>>;

export interface ReplySender {
  /**
   * Sends now: 'stored' when acknowledged, 'pending' when it will be resent by itself (no ack yet), or the
   * server's refusal.
   */
  send(conversationId: string, text: string, isInternal: boolean, attachments?: AttachmentRef[]): Promise<'stored' | 'pending' | ClientError>;
  /** Sends every pending reply again (call on reconnect); safe any time. */
  flush(): Promise<void>;
  stop(): void;
}

export interface ReplySenderHooks {
  /** A reply was stored (the first time or on a resend): show it. */
  onStored(message: Message): void;
  /** A resend was refused for good (the chat closed meanwhile, say): tell the agent. */
  onRefused(reply: PendingReply, error: ClientError): void;
}

export function createReplySender(
  outbox: ReplyOutbox,
  sendReply: SendReply,
  isConnected: () => boolean,
  hooks: ReplySenderHooks,
  retryMs = 5000,
): ReplySender {
  /** Replies whose send() is waiting for the answer, and the answers it gets. */
  const awaited = new Set<string>();
  const outcomes = new Map<string, 'stored' | ClientError>();

  /** Oldest first; a transient failure stops the pass so later replies do not overtake the one that failed. */
  const pass = async (): Promise<boolean | ClientError> => {
    for (const reply of [...outbox.pending()]) {
      if (!isConnected()) return false;
      const files = reply.attachments.length > 0 ? { attachments: reply.attachments } : {};
      const res = await sendReply({ conversationId: reply.conversationId, clientId: reply.clientId, text: reply.text, internal: reply.isInternal, ...files });
      outbox.settle(reply.clientId, res.ok ? null : res.error);
      if (!res.ok && isTransient(res.error)) return res.error;
      if (res.ok) hooks.onStored(res.data.message);
      if (awaited.has(reply.clientId)) outcomes.set(reply.clientId, res.ok ? 'stored' : res.error);
      else if (!res.ok) hooks.onRefused(reply, res.error);
    }
    return true;
  };

  const loop = createFlushLoop(isConnected, pass, () => outbox.pending().length > 0, retryMs);

  return {
    async send(conversationId, text, isInternal, attachments = []) {
      // The same words (and files) again while the first is unacknowledged are that reply again (same clientId).
      const clientId = outbox.idFor(conversationId, text, isInternal, attachments);
      awaited.add(clientId);
      await loop.flush();
      awaited.delete(clientId);
      const outcome = outcomes.get(clientId);
      outcomes.delete(clientId);
      return outcome ?? 'pending';
    },
    flush: loop.flush,
    stop: loop.stop,
  };
}
