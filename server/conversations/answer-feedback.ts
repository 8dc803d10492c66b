/**
 * Thumbs on a bot answer. The shopper names the message; it must be a bot answer of their own current
 * conversation. The fact is told on the bus (analytics records it with the question it answered).
 */
import { AppError } from '../../shared/errors';
import type { Message } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { Store } from '../store/store';

/** How far back an answer can still be rated: the widget shows thumbs on recent answers. */
const LOOKBACK = 200;

export interface AnswerFeedback {
  rate(visitorId: string, p: { messageId: string; isHelpful: boolean }): Promise<null>;
}

export function createAnswerFeedback(deps: { store: Store; bus: Bus }): AnswerFeedback {
  const { store, bus } = deps;
  return {
    async rate(visitorId, p) {
      const conversation = (await store.conversations.findOpenByVisitor(visitorId)) ?? (await store.conversations.findLatestByVisitor(visitorId));
      const recent = conversation ? await store.messages.listSince(conversation.id, Math.max(0, conversation.lastSeq - LOOKBACK)) : [];
      const at = recent.findIndex((m) => m.id === p.messageId);
      const answer: Message | undefined = recent[at];
      if (!conversation || !answer) throw new AppError('NOT_FOUND', { message: 'No such answer in your conversation.' });
      const intent = answer.sender === 'bot' && answer.bot?.decision === 'answer' ? answer.bot.intent : null;
      if (intent === null) throw new AppError('INVALID_STATE', { message: 'Only the bot’s answers can be rated.' });
      const question = recent.slice(0, at).findLast((m) => m.sender === 'shopper')?.text ?? null;
      bus.emit('answer.rated', { conversation, intent, question, isHelpful: p.isHelpful });
      return null;
    },
  };
}
