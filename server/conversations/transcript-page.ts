/**
 * Pages of a transcript for the console, by seq: the latest when a chat opens, then the one before a seq. A
 * page reads a window of LIMITS.transcriptPage seqs, so a preview (no internal notes) may get fewer messages;
 * fromSeq says where the window began, so the next page never repeats or skips one.
 */
import type { TranscriptPage } from '../../shared/events';
import { LIMITS } from '../../shared/limits';
import type { Conversation } from '../../shared/model';
import type { Store } from '../store/store';

/** The latest page; messages written since `conversation` was read are included (no upper bound). */
export async function latestPage(store: Store, conversation: Pick<Conversation, 'id' | 'lastSeq'>, includeInternal: boolean): Promise<TranscriptPage> {
  const after = Math.max(0, conversation.lastSeq - LIMITS.transcriptPage);
  const messages = await store.messages.listSince(conversation.id, after, { includeInternal });
  return { messages, fromSeq: after + 1, hasEarlier: after > 0 };
}

/** The page of seqs just before `beforeSeq`. */
export async function pageBefore(store: Store, conversationId: string, beforeSeq: number, includeInternal: boolean): Promise<TranscriptPage> {
  const after = Math.max(0, beforeSeq - 1 - LIMITS.transcriptPage);
  const messages = await store.messages.listSince(conversationId, after, { includeInternal, limit: Math.max(0, beforeSeq - 1 - after) });
  return { messages: messages.filter((m) => m.seq < beforeSeq), fromSeq: after + 1, hasEarlier: after > 0 };
}
