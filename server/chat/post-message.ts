/** Appends a message and tells the bus, unless it was a resend. The one way messages enter a conversation. */
import type { Conversation, Message } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { NewMessage, Store } from '../store/store';

export type PostMessage = (
  conversation: Conversation,
  input: Omit<NewMessage, 'conversationId'>,
) => Promise<{ message: Message; duplicate: boolean }>;

export function createPostMessage(store: Store, bus: Bus): PostMessage {
  return async (conversation, input) => {
    const result = await store.messages.append({ ...input, conversationId: conversation.id });
    if (!result.duplicate) bus.emit('message.created', { conversation, message: result.message });
    return result;
  };
}
