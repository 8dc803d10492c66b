/**
 * How core code (routing) writes into a conversation without depending on the service layer: the type is
 * declared here, conversations/post-message.ts implements it, app.ts passes it in.
 */
import type { Conversation, Message } from '../../shared/model';
import type { NewMessage } from '../store/store';

/** `ackedTo`: the connection that sent the message and gets it back in its ack (so not again as an event). */
export type PostMessage = (
  conversation: Conversation,
  input: Omit<NewMessage, 'conversationId'>,
  told?: { ackedTo?: string },
) => Promise<{ message: Message; duplicate: boolean }>;
