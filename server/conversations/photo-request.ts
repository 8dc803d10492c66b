/**
 * Whether the bot's last word before a shopper message was "could you attach a photo?": then that message
 * (a photo, or "continue without") resumes the hand-off. The transcript is the state, as for action dialogues,
 * so it survives restarts and works on any instance.
 */
import type { Message } from '../../shared/model';

/** `recent`: the conversation's messages up to and around `message` (the bot responder reads them once per turn). */
export function pendingPhotoRequest(
  recent: readonly Message[],
  message: Message,
): { intent: string; question: string } | null {
  const before = recent.filter((m) => m.seq < message.seq && m.sender !== 'system');
  const last = before.at(-1);
  // Only the message right after the question: a later one means the shopper went on to something else.
  return last?.sender === 'bot' && last.bot?.attachmentRequest ? last.bot.attachmentRequest : null;
}
