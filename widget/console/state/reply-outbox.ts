/**
 * The agent's unacknowledged replies, so a retry is the same message to the server. Like the widget's outbox:
 * a reply keeps its clientId until it is acknowledged or refused for good; after a timeout (the ack may be
 * what was lost) or while offline, sending the same text again reuses that id and the server stores it once.
 */
import type { AttachmentRef } from '../../../shared/cases';
import type { ClientError } from '../../../shared/errors';
import { isTransient } from '../../ui/resend';
import { clientId as newClientId } from './client-id';

export interface PendingReply {
  conversationId: string;
  clientId: string;
  text: string;
  isInternal: boolean;
  attachments: AttachmentRef[];
}

export interface ReplyOutbox {
  /** The clientId to send this reply with: the pending one when this is a retry of it, else a fresh one. */
  idFor(conversationId: string, text: string, isInternal: boolean, attachments?: AttachmentRef[]): string;
  /** The server answered for `clientId`: null (stored) or a refusal forgets it; a timeout or offline keeps it. */
  settle(clientId: string, error: ClientError | null): void;
  pending(): readonly PendingReply[];
}

export function createReplyOutbox(makeId: () => string = newClientId): ReplyOutbox {
  let items: PendingReply[] = [];
  return {
    idFor(conversationId, text, isInternal, attachments = []) {
      const files = attachments.map((a) => a.blobId).join(',');
      const same = items.find(
        (i) => i.conversationId === conversationId && i.text === text && i.isInternal === isInternal && i.attachments.map((a) => a.blobId).join(',') === files,
      );
      if (same) return same.clientId;
      const item = { conversationId, clientId: makeId(), text, isInternal, attachments };
      items = [...items, item];
      return item.clientId;
    },
    settle(clientId, error) {
      if (error !== null && isTransient(error)) return;
      items = items.filter((i) => i.clientId !== clientId);
    },
    pending: () => items,
  };
}
