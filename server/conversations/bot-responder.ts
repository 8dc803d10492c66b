/**
 * The bot as a listener: it answers shopper messages in conversations that are with the bot. A turn is one
 * pass: the bot decides, its reply is posted, and when it decides to hand off, one call to hand-off.ts queues
 * the chat and adds the offline notice if needed. After a takeover it stays silent (status is no longer 'bot').
 */
import type { Logger } from 'pino';
import type { Bot } from '../bot/create-bot';
import type { Bus } from '../domain/bus';
import { announcesOffline } from '../handoff/staffing';
import type { HandoffService } from '../handoff/handoff-service';
import type { Store } from '../store/store';
import type { KeyedMutex } from '../util/keyed-mutex';
import type { ActionDialogue } from './action-dialogue';
import { conversationTopic } from './conversation-topic';
import type { HandOff } from './hand-off';
import type { PostMessage } from './post-message';

export function attachBotResponder(deps: {
  bus: Bus;
  store: Store;
  post: PostMessage;
  handoff: HandoffService;
  handOff: HandOff;
  bot: () => Bot;
  /** Order lookups, cancels and returns: resumed before the bot classifies, started when an intent runs one. */
  actions: ActionDialogue;
  /** One conversation's replies must come out in the order its questions went in (shared with hand-off.ts). */
  turns: KeyedMutex;
  logger: Logger;
}): () => void {
  const { bus, store, post, handoff, handOff, turns, actions } = deps;

  return bus.on('message.created', ({ conversation, message }) => {
    if (message.sender !== 'shopper') return;
    return turns.run(conversation.id, async () => {
      const current = await store.conversations.get(conversation.id);
      if (!current || current.status !== 'bot') return;
      if (await actions.resume(current, message)) return;
      const bot = deps.bot();
      const reply = bot.respond(message.text, { locale: current.locale, consecutiveFallbacks: current.fallbackCount });
      const updated =
        (await store.conversations.update(current.id, {
          fallbackCount: reply.decision === 'fallback' ? current.fallbackCount + 1 : 0,
          locale: reply.locale,
        })) ?? current;
      const intent = reply.intent === null ? undefined : bot.kb.intents.find((i) => i.id === reply.intent);
      const meta = {
        decision: reply.decision,
        intent: reply.intent,
        confidence: reply.confidence,
        quickReplies: reply.quickReplies,
      };
      if (reply.decision === 'answer' && intent?.action) {
        if (intent.actionMode !== 'offer') {
          bus.emit('bot.replied', { conversation: updated, question: message.text, reply: meta });
          await actions.start(updated, intent);
          return;
        }
        const chip = actions.offerChip(intent, reply.locale);
        if (chip) meta.quickReplies = [chip, ...meta.quickReplies];
      }
      const saysOffline =
        reply.decision === 'handoff' && announcesOffline(reply.handoffReason, handoff.canServe(reply.department ?? 'general'));
      const text = saysOffline ? bot.phrase('offline', reply.locale) : reply.text;
      await post(updated, { clientId: null, sender: 'bot', senderName: bot.name(reply.locale), text, bot: meta });
      bus.emit('bot.replied', { conversation: updated, question: message.text, reply: meta });
      if (reply.decision !== 'handoff') return;
      await handOff.afterBotReply(
        updated,
        reply.handoffReason ?? 'request',
        {
          department: reply.department,
          priority: reply.priority,
          intent: reply.intent,
          // The whole conversation's ranking: "talk to a human" at the end does not hide what it was about.
          ...(await conversationTopic(store, bot, updated.id)),
          sentiment: reply.sentiment,
        },
        text === bot.phrase('offline', reply.locale),
      );
    });
  });
}
