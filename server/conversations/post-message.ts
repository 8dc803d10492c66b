/** Appends a message and tells the bus, unless it was a resend. The one way messages enter a conversation. */
import type { Bus } from '../domain/bus';
import type { PostMessage } from '../domain/post-message';
import type { Store } from '../store/store';

export type { PostMessage };

export function createPostMessage(store: Store, bus: Bus): PostMessage {
  return async (conversation, input) => {
    const result = await store.messages.append({ ...input, conversationId: conversation.id });
    if (!result.duplicate) bus.emit('message.created', { conversation, message: result.message });
    return result;
  };
}
