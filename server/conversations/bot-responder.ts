/**
 * The bot as a listener: it answers shopper messages in conversations that are with the bot, and asks
 * routing for a human when its policy says so. After a takeover it stays silent (status is no longer 'bot').
 */
import type { Logger } from 'pino';
import type { Conversation } from '../../shared/model';
import type { Bot } from '../bot/create-bot';
import type { Bus } from '../domain/bus';
import type { HandoffService } from '../handoff/handoff-service';
import type { Store } from '../store/store';
import { createKeyedMutex } from '../util/keyed-mutex';
import type { PostMessage } from './post-message';

export function attachBotResponder(deps: {
  bus: Bus;
  store: Store;
  post: PostMessage;
  handoff: HandoffService;
  bot: () => Bot;
  logger: Logger;
}): () => void {
  const { bus, store, post, handoff } = deps;
  // One conversation's replies must come out in the order its questions went in.
  const mutex = createKeyedMutex();

  /** The bot says one of its own phrases (handoff, offline) in the conversation's language. */
  const sayPhrase = (conversation: Conversation, key: 'handoff' | 'offline') => {
    const bot = deps.bot();
    return post(conversation, {
      clientId: null,
      sender: 'bot',
      senderName: bot.name(conversation.locale),
      text: bot.phrase(key, conversation.locale),
      bot: { decision: 'handoff', intent: null, confidence: key === 'handoff' ? 1 : 0, quickReplies: [] },
    });
  };

  const offlineNotice = async (conversationId: string) => {
    const conversation = await store.conversations.get(conversationId);
    if (!conversation || conversation.status !== 'waiting' || handoff.canServe(conversation.department)) return;
    await sayPhrase(conversation, 'offline');
  };

  const offMessage = bus.on('message.created', ({ conversation, message }) => {
    if (message.sender !== 'shopper') return;
    return mutex.run(conversation.id, async () => {
      const current = await store.conversations.get(conversation.id);
      if (!current || current.status !== 'bot') return;
      const bot = deps.bot();
      const reply = bot.respond(message.text, { locale: current.locale, consecutiveFallbacks: current.fallbackCount });
      const updated =
        (await store.conversations.update(current.id, {
          fallbackCount: reply.decision === 'fallback' ? current.fallbackCount + 1 : 0,
          locale: reply.locale,
        })) ?? current;
      const meta = {
        decision: reply.decision,
        intent: reply.intent,
        confidence: reply.confidence,
        quickReplies: reply.quickReplies,
      };
      // "Connecting you with our team" is untrue when nobody can come: a plain request then gets the
      // offline phrase instead. Intent answers (complaint, damaged item) still say what they ask for.
      const unstaffed = reply.decision === 'handoff' && !handoff.canServe(reply.department ?? 'general');
      const text = unstaffed && reply.handoffReason === 'request' ? bot.phrase('offline', reply.locale) : reply.text;
      await post(updated, { clientId: null, sender: 'bot', senderName: bot.name(reply.locale), text, bot: meta });
      bus.emit('bot.replied', { conversation: updated, question: message.text, reply: meta });
      if (reply.decision !== 'handoff') return;
      await handoff.request(updated, reply.handoffReason ?? 'request', {
        department: reply.department,
        priority: reply.priority,
        intent: reply.intent,
        topIntents: reply.candidates.slice(0, 3),
        sentiment: reply.sentiment,
      });
      if (text !== bot.phrase('offline', reply.locale)) await offlineNotice(updated.id);
    });
  });

  // A shopper's "talk to a human" button skips the bot's reply, but still deserves the same words.
  const offHandoff = bus.on('handoff.requested', ({ conversation, reason }) => {
    if (reason !== 'request' || conversation.handoff?.intent) return;
    return mutex.run(conversation.id, async () => {
      const last = (await store.messages.listSince(conversation.id, Math.max(0, conversation.lastSeq - 3))).at(-1);
      if (last?.sender === 'bot' && last.bot?.decision === 'handoff') return;
      await sayPhrase(conversation, handoff.canServe(conversation.department) ? 'handoff' : 'offline');
    });
  });

  return () => {
    offMessage();
    offHandoff();
  };
}
