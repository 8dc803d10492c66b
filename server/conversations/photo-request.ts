/**
 * Whether the bot's last word before a shopper message was "could you attach a photo?": then that message
 * (a photo, or "continue without") resumes the hand-off. The transcript is the state, as for action dialogues,
 * so it survives restarts and works on any instance.
 */
import type { Conversation, Message } from '../../shared/model';
import type { Store } from '../store/store';

/** Messages read back from the shopper's message to find the bot's last one. */
const TAIL = 10;

export async function pendingPhotoRequest(
  store: Store,
  conversation: Conversation,
  message: Message,
): Promise<{ intent: string; question: string } | null> {
  const tail = await store.messages.listSince(conversation.id, Math.max(0, message.seq - TAIL), { limit: TAIL });
  const before = tail.filter((m) => m.seq < message.seq && m.sender !== 'system');
  const last = before.at(-1);
  // Only the message right after the question: a later one means the shopper went on to something else.
  return last?.sender === 'bot' && last.bot?.attachmentRequest ? last.bot.attachmentRequest : null;
}
