/**
 * The bot as a listener: it answers shopper messages in conversations that are with the bot. A turn is one
 * pass: the bot decides, its reply is posted, and when it decides to hand off, one call to hand-off.ts queues
 * the chat and adds the offline notice if needed. After a takeover it stays silent (status is no longer 'bot').
 *
 * A turn can be lost when the server dies between storing the shopper's message and the bot's reply. Two
 * paths bring it back, each answering only a message the bot has not answered: the widget's resend (stored
 * already, so told as `message.resent`) and, at start, a pass over the conversations that are with the bot.
 */
import type { Logger } from 'pino';
import type { Conversation, Message } from '../../shared/model';
import type { Bot } from '../bot/create-bot';
import type { Bus } from '../domain/bus';
import { absencePhrase, announcesOffline } from '../handoff/staffing';
import type { HandoffService } from '../handoff/handoff-service';
import { readHandoffTranscript } from '../handoff/summarise-handoff';
import type { Store } from '../store/store';
import type { KeyedMutex } from '../util/keyed-mutex';
import type { ActionDialogue } from './action-dialogue';
import { topicOf } from './conversation-topic';
import type { HandOff } from './hand-off';
import { lastIntentIn } from './last-intent';
import type { PostMessage } from './post-message';
import { pendingPhotoRequest } from './photo-request';
import { createRecentSet } from '../util/recent-set';

export interface BotResponder {
  /** Answers the latest shopper message of every bot conversation that has no reply after it; returns how many. */
  answerUnanswered(): Promise<number>;
  stop(): void;
}

/** Bot conversations looked at per start: more than one instance's worth of chats in flight. */
const RECOVERY_LIMIT = 1000;
/** Message ids remembered as answered by this process (resends come within minutes, on reconnect). */
const TAKEN_REMEMBERED = 20_000;
/**
 * Messages read back for a turn: what its readers look at is a few messages back (the bot's last word for an
 * open action dialogue or a photo request, a clarify and the question before it for the KB-gap listener).
 * Not more: this read is the largest store cost of a message (its rows are scattered over the table, one
 * B-tree lookup each), 0.18 ms a turn at 20 in the soak profile, and about half that at 8.
 */
const TAIL = 8;

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
}): BotResponder {
  const { bus, store, post, handoff, handOff, turns, actions, logger } = deps;
  // Messages this process has taken a turn for: a resend of one of them is only a lost ack, not a lost turn.
  // Only the recent ones: a resend of an older one goes through recover(), which reads the transcript anyway
  // (this set used to keep every message id ever handled: about 100 bytes a message, for the process's life).
  const taken = createRecentSet(TAKEN_REMEMBERED);

  async function respond(conversationId: string, message: Message): Promise<void> {
    const current = await store.conversations.get(conversationId);
    if (!current || current.status !== 'bot') return;
    // Read once for the turn: the open action dialogue, a pending photo request and the KB-gap listener.
    const recentSince = Math.max(0, Math.min(message.seq, current.lastSeq) - TAIL);
    const recent = await store.messages.listSince(conversationId, recentSince);
    if (await actions.resume(current, message, recent)) return;
    const bot = deps.bot();
    // After "could you attach a photo?", the next message (the photo, or going on without one) completes the
    // hand-off the question was asked for: the bot answers the original question again, now without asking.
    const photoAsked = pendingPhotoRequest(recent, message);
    if (!photoAsked && message.text === '' && message.attachments.length > 0) {
      await post(current, { clientId: null, sender: 'bot', senderName: bot.name(current.locale), text: bot.phrase('photoReceived', current.locale), bot: { decision: 'answer', intent: null, confidence: 0, quickReplies: [] } });
      return;
    }
    const question = photoAsked?.question ?? message.text;
    const reply = bot.respond(question, { locale: current.locale, consecutiveFallbacks: current.fallbackCount });
    const fallbackCount = reply.decision === 'fallback' ? current.fallbackCount + 1 : 0;
    // Most answers change neither: no write for them (one fewer statement per message under load).
    const isChanged = fallbackCount !== current.fallbackCount || reply.locale !== current.locale;
    const updated = isChanged
      ? ((await store.conversations.update(current.id, { fallbackCount, locale: reply.locale })) ?? current)
      : current;
    const intent = reply.intent === null ? undefined : bot.kb.intents.find((i) => i.id === reply.intent);
    const meta = {
      decision: reply.decision,
      intent: reply.intent,
      confidence: reply.confidence,
      quickReplies: reply.quickReplies,
    };
    if (reply.decision === 'answer' && intent?.action) {
      if (intent.actionMode !== 'offer') {
        bus.emit('bot.replied', { conversation: updated, question: message.text, reply: meta, recent });
        await actions.start(updated, intent);
        return;
      }
      const chip = actions.offerChip(intent, reply.locale);
      if (chip) meta.quickReplies = [chip, ...meta.quickReplies];
    }
    if (reply.decision === 'handoff' && intent?.askPhoto && !photoAsked && message.attachments.length === 0) {
      const skip = { label: bot.phrase('skipPhoto', reply.locale), text: bot.phrase('skipPhoto', reply.locale) };
      const ask = { ...meta, decision: 'answer' as const, quickReplies: [skip], attachmentRequest: { intent: intent.id, question } };
      await post(updated, { clientId: null, sender: 'bot', senderName: bot.name(reply.locale), text: bot.phrase('askPhoto', reply.locale), bot: ask });
      bus.emit('bot.replied', { conversation: updated, question: message.text, reply: ask, recent });
      return;
    }
    // "Talk to a human" carries no topic of its own: it belongs where the bot's last answer was from.
    // A handoff's transcript, read once for its department, topic, summary and KB-gap facts (each read it).
    const transcript = reply.decision === 'handoff' ? await readHandoffTranscript(store, current, { since: recentSince, messages: recent }) : [];
    const department =
      reply.decision === 'handoff' ? (reply.department ?? lastIntentIn(bot, current, transcript)?.department ?? null) : null;
    const availability = reply.decision === 'handoff' ? await handoff.availability(department ?? 'general') : 'serving';
    const saysOffline = announcesOffline(reply.handoffReason, availability === 'serving');
    const text = saysOffline ? bot.phrase(absencePhrase(availability), reply.locale) : reply.text;
    const posted = post(updated, { clientId: null, sender: 'bot', senderName: bot.name(reply.locale), text, bot: meta });
    // Told while the reply's write is still open: the facts its listeners record share the reply's commit
    // (one commit fewer per message under load) and, in one transaction with it, stand or fall with it.
    bus.emit('bot.replied', { conversation: updated, question: message.text, reply: meta, recent });
    if (reply.decision !== 'handoff') {
      await posted;
      return;
    }
    // Queued while the reply's write is still open: the queue transition commits with it or after it (so the
    // reply is told first), instead of a commit later. The reply is already written, so it reads as part of
    // the conversation and stays before the "queued" line.
    const handedOff = handOff.afterBotReply(
      updated,
      reply.handoffReason ?? 'request',
      {
        department,
        priority: reply.priority,
        intent: reply.intent,
        // The whole conversation's ranking: "talk to a human" at the end does not hide what it was about.
        ...topicOf(bot, updated, transcript),
        sentiment: reply.sentiment,
      },
      saysOffline,
      transcript,
    );
    await Promise.all([posted, handedOff]);
  }

  /**
   * The latest shopper message of the conversation if nothing answered it yet (no bot, agent or system message
   * after it). Earlier unanswered ones are left: answering a burst at once would read as the bot talking over itself.
   */
  async function unanswered(conversation: Conversation): Promise<Message | null> {
    const tail = await store.messages.listSince(conversation.id, Math.max(0, conversation.lastSeq - TAIL));
    const last = tail.at(-1);
    return last && last.sender === 'shopper' ? last : null;
  }

  /** Takes the turn for `message` if it is still the unanswered one; false when there was nothing to do. */
  function recover(conversationId: string, messageId: string): Promise<boolean> {
    return turns.run(conversationId, async () => {
      if (taken.has(messageId)) return false;
      const conversation = await store.conversations.get(conversationId);
      if (!conversation || conversation.status !== 'bot') return false;
      const message = await unanswered(conversation);
      if (!message || message.id !== messageId) return false;
      taken.add(message.id);
      await respond(conversation.id, message);
      return true;
    });
  }

  const offs = [
    bus.on('message.created', ({ conversation, message }) => {
      if (message.sender !== 'shopper') return;
      taken.add(message.id);
      return turns.run(conversation.id, () => respond(conversation.id, message));
    }),
    bus.on('message.resent', async ({ conversation, message }) => {
      if (message.sender !== 'shopper' || taken.has(message.id)) return;
      if (await recover(conversation.id, message.id)) logger.info({ conversationId: conversation.id }, 'bot answered a resent message it had missed');
    }),
  ];

  return {
    async answerUnanswered() {
      const open = await store.conversations.list({ status: ['bot'], limit: RECOVERY_LIMIT });
      let answered = 0;
      for (const conversation of open) {
        const message = await unanswered(conversation);
        if (message && (await recover(conversation.id, message.id))) answered += 1;
      }
      if (answered > 0) logger.info({ answered }, 'bot answered messages left unanswered by the last run');
      return answered;
    },
    stop() {
      offs.forEach((off) => off());
    },
  };
}
