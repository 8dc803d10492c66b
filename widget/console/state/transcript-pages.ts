import type { ConversationDetail, TranscriptPage } from '../../../shared/events';
import { mergeMessages } from './messages';

/**
 * A reloaded detail (reconnect, take, transfer) joined to the one held: the earlier pages the agent loaded stay,
 * unless the new latest page does not reach the held messages (many came in meanwhile), where keeping them
 * would leave a hole in the transcript.
 */
export function joinReloaded(held: ConversationDetail, reloaded: ConversationDetail): ConversationDetail {
  if (reloaded.fromSeq > held.conversation.lastSeq + 1) return reloaded;
  const messages = mergeMessages(held.messages, reloaded.messages);
  return held.fromSeq < reloaded.fromSeq ? { ...reloaded, messages, fromSeq: held.fromSeq, hasEarlier: held.hasEarlier } : { ...reloaded, messages };
}

/** An earlier page put before what is held; a page that does not end where the held one starts is dropped. */
export function prependPage(held: ConversationDetail, page: TranscriptPage): ConversationDetail {
  if (page.fromSeq >= held.fromSeq) return held;
  return { ...held, messages: mergeMessages(held.messages, page.messages), fromSeq: page.fromSeq, hasEarlier: page.hasEarlier };
}
