/**
 * Appends a message and tells the bus. The one way messages enter a conversation. A resend writes nothing and
 * is told as such: whoever had to react to the original (the bot) may never have, if the server died between.
 */
import type { Bus } from '../domain/bus';
import type { PostMessage } from '../domain/post-message';
import type { Store } from '../store/store';

export type { PostMessage };

export function createPostMessage(store: Store, bus: Bus): PostMessage {
  return async (conversation, input, told) => {
    const result = await store.messages.append({ ...input, conversationId: conversation.id });
    if (result.duplicate) bus.emit('message.resent', { conversation, message: result.message });
    else bus.emit('message.created', { conversation, message: result.message, ...(told?.ackedTo ? { ackedTo: told.ackedTo } : {}) });
    return result;
  };
}
