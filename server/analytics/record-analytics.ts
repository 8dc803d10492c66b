/**
 * Analytics as a listener: one stored fact per domain event, feeding metrics and the knowledge-gap list.
 */
import type { Bus } from '../domain/bus';
import type { AnalyticsEvent, Store } from '../store/store';
import { isBotOnly } from '../conversations/close-idle-bot-chats';

/** Ratings at or below this (of 5) mean the shopper was not helped. */
const BAD_RATING = 2;

export function recordAnalytics(bus: Bus, store: Store, now: () => number): () => void {
  const record = (e: Omit<AnalyticsEvent, 'at'>) => store.analytics.record({ ...e, at: now() });
  const offs = [
    bus.on('conversation.started', ({ conversation: c }) =>
      record({ type: 'conversation.started', siteId: c.siteId, conversationId: c.id })),
    bus.on('bot.replied', ({ conversation: c, question, reply }) =>
      record({
        type: reply.decision === 'answer' ? 'bot.answered' : reply.decision === 'clarify' ? 'bot.clarified' : reply.decision === 'fallback' ? 'bot.fallback' : 'handoff.requested',
        siteId: c.siteId,
        conversationId: c.id,
        intent: reply.intent,
        // Only unanswered questions are worth keeping: they are the knowledge gaps.
        text: reply.decision === 'answer' ? null : question.slice(0, 500),
        value: reply.confidence,
      })),
    bus.on('conversation.assigned', ({ conversation: c, by }) =>
      by === 'transfer'
        ? undefined
        : record({
            type: 'conversation.assigned',
            siteId: c.siteId,
            conversationId: c.id,
            value: (c.assignedAt ?? now()) - (c.waitingSince ?? c.assignedAt ?? now()),
          })),
    bus.on('conversation.first_response', ({ conversation: c, waitedMs }) =>
      record({ type: 'agent.first_response', siteId: c.siteId, conversationId: c.id, value: waitedMs })),
    bus.on('conversation.closed', async ({ conversation: c }) => {
      await record({ type: 'conversation.closed', siteId: c.siteId, conversationId: c.id, text: c.resolution });
      if (isBotOnly(c)) await record({ type: 'bot.resolved', siteId: c.siteId, conversationId: c.id });
    }),
    bus.on('conversation.rated', async ({ conversation: c, score }) => {
      await record({ type: 'conversation.rated', siteId: c.siteId, conversationId: c.id, value: score });
      // A shopper who says the bot did not help takes its resolution back (metrics: botResolved).
      if (isBotOnly(c) && score <= BAD_RATING) await record({ type: 'bot.rated_badly', siteId: c.siteId, conversationId: c.id, value: score });
    }),
    bus.on('sla.breached', ({ conversation: c, waitedMs }) =>
      record({ type: 'sla.breached', siteId: c.siteId, conversationId: c.id, value: waitedMs, text: c.priority })),
    bus.on('ticket.created', ({ ticket }) =>
      record({ type: 'ticket.created', siteId: ticket.siteId, conversationId: ticket.conversationId })),
    // The offline form opens cases now; the metric keeps counting what shoppers left for the team.
    bus.on('case.created', ({ case: c }) =>
      c.source === 'form' ? record({ type: 'ticket.created', siteId: c.siteId, conversationId: c.conversationId }) : undefined),
  ];
  return () => offs.forEach((off) => off());
}
