/**
 * The KB-gap loop's facts, as a listener: thumbs on answers, a clarify the shopper did not pick from, a
 * handoff soon after a bot answer, and the message that led to a handoff. Each is read off the
 * conversation's recent transcript (the transcript is the state: any instance can tell).
 */
import type { Message } from '../../shared/model';
import { isHandoffRequest } from '../bot/is-handoff-request';
import { normalise } from '../bot/normalise';
import type { Bus } from '../domain/bus';
import type { AnalyticsEvent, Store } from '../store/store';

/** A handoff this soon after a bot answer says the answer did not help. */
export const HANDOFF_AFTER_ANSWER_MS = 2 * 60_000;
/** Messages read back: a bot turn and the handoff that follows it are a few messages apart. */
const TAIL = 12;
/** Reasons for which the chat was with the bot until now (not a transfer or a requeue). */
// 'button' is the "talk to a person" button: after an answer, it says the answer did not do.
const BOT_REASONS = new Set(['request', 'button', 'intent', 'fallbacks', 'sentiment']);

const MAX_TEXT = 500;

export function recordMisses(bus: Bus, store: Store, now: () => number): () => void {
  const record = (e: Omit<AnalyticsEvent, 'at'>) => store.analytics.record({ ...e, text: e.text?.slice(0, MAX_TEXT) ?? null, at: now() });
  const tail = async (conversationId: string, lastSeq: number): Promise<Message[]> =>
    store.messages.listSince(conversationId, Math.max(0, lastSeq - TAIL));
  const previousShopper = (messages: readonly Message[], before: number): Message | undefined =>
    messages.slice(0, before).findLast((m) => m.sender === 'shopper');

  const offs = [
    bus.on('answer.rated', ({ conversation: c, intent, question, isHelpful }) =>
      record({ type: isHelpful ? 'bot.helpful' : 'bot.unhelpful', siteId: c.siteId, conversationId: c.id, intent, text: question, value: isHelpful ? 1 : 0 })),

    // The reply to a clarify: a tap on one of its chips is a pick; anything else leaves the question unplaced.
    bus.on('bot.replied', async ({ conversation: c, question, recent }) => {
      const messages = recent ?? (await tail(c.id, c.lastSeq));
      const asked = messages.findLastIndex((m) => m.sender === 'shopper' && m.text === question);
      if (asked < 0) return;
      const clarifyAt = messages.slice(0, asked).findLastIndex((m) => m.sender !== 'shopper' && m.event === null);
      const clarify = messages[clarifyAt];
      if (!clarify || clarify.sender !== 'bot' || clarify.bot?.decision !== 'clarify') return;
      const picked = normalise(question);
      if (clarify.bot.quickReplies.some((q) => normalise(q.text ?? q.label) === picked || normalise(q.label) === picked)) return;
      const unplaced = previousShopper(messages, clarifyAt);
      if (!unplaced) return;
      await record({ type: 'bot.clarify_unpicked', siteId: c.siteId, conversationId: c.id, intent: clarify.bot.intent, text: unplaced.text });
    }),

    bus.on('handoff.requested', async ({ conversation: c, reason, recent }) => {
      if (!BOT_REASONS.has(reason)) return;
      // The handoff's own transcript, cut to the same window the read would be.
      const messages = recent ? recent.filter((m) => m.seq > c.lastSeq - TAIL) : await tail(c.id, c.lastSeq);
      const answerAt = messages.findLastIndex((m) => m.sender === 'bot' && m.bot?.decision === 'answer' && m.bot.intent !== null && !m.bot.action);
      const answer = messages[answerAt];
      let answered: Message | undefined;
      if (answer && now() - answer.createdAt <= HANDOFF_AFTER_ANSWER_MS) {
        answered = previousShopper(messages, answerAt);
        if (answered) await record({ type: 'handoff.after_answer', siteId: c.siteId, conversationId: c.id, intent: answer.bot!.intent, text: answered.text });
      }
      // "Talk to a human" says nothing the KB could answer: the question before it does.
      const triggerAt = messages.findLastIndex((m) => m.sender === 'shopper' && !isHandoffRequest(m.text));
      const trigger = messages[triggerAt];
      // A question the bot fell back on is a miss already (bot.fallback): once is enough.
      const reply = messages.slice(triggerAt + 1).find((m) => m.sender === 'bot');
      if (trigger && trigger.id !== answered?.id && reply?.bot?.decision !== 'fallback') {
        await record({ type: 'handoff.trigger', siteId: c.siteId, conversationId: c.id, text: trigger.text });
      }
    }),
  ];
  return () => offs.forEach((off) => off());
}
