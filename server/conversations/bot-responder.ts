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
import type { HandOff } from './hand-off';
import { lastIntent } from './last-intent';
import type { PostMessage } from './post-message';

export function attachBotResponder(deps: {
  bus: Bus;
  store: Store;
  post: PostMessage;
  handoff: HandoffService;
  handOff: HandOff;
  bot: () => Bot;
  /** One conversation's replies must come out in the order its questions went in (shared with hand-off.ts). */
  turns: KeyedMutex;
  logger: Logger;
}): () => void {
  const { bus, store, post, handoff, handOff, turns } = deps;

  return bus.on('message.created', ({ conversation, message }) => {
    if (message.sender !== 'shopper') return;
    return turns.run(conversation.id, async () => {
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
      // "Talk to a human" carries no topic of its own: it belongs where the bot's last answer was from.
      const department =
        reply.decision === 'handoff' ? (reply.department ?? (await lastIntent(store, bot, current))?.department ?? null) : null;
      const saysOffline =
        reply.decision === 'handoff' && announcesOffline(reply.handoffReason, await handoff.canServe(department ?? 'general'));
      const text = saysOffline ? bot.phrase('offline', reply.locale) : reply.text;
      await post(updated, { clientId: null, sender: 'bot', senderName: bot.name(reply.locale), text, bot: meta });
      bus.emit('bot.replied', { conversation: updated, question: message.text, reply: meta });
      if (reply.decision !== 'handoff') return;
      await handOff.afterBotReply(
        updated,
        reply.handoffReason ?? 'request',
        {
          department,
          priority: reply.priority,
          intent: reply.intent,
          topIntents: reply.candidates.slice(0, 3),
          sentiment: reply.sentiment,
        },
        text === bot.phrase('offline', reply.locale),
      );
    });
  });
}
