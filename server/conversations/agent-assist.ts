/**
 * Agent assist: the KB answers that best match what the shopper has said over the whole conversation (the
 * intent engine's ranking, bot/rank-conversation.ts), a word search over the KB, and a record of each
 * suggestion an agent used, so the insight work can show which answers agents rely on.
 */
import type { AssistSuggestion } from '../../shared/events';
import type { Agent, Locale } from '../../shared/model';
import type { Bot } from '../bot/create-bot';
import type { KbIntent } from '../bot/kb-schema';
import { rankConversation } from '../bot/rank-conversation';
import type { Store } from '../store/store';
import { assertCanRead, loadConversation } from './agent-access';
import { recentShopperTexts } from './conversation-topic';

const SUGGESTIONS = 3;
/** Below this, a conversation-level match suggests noise rather than an answer. */
const MIN_CONFIDENCE = 0.05;

const toSuggestion = (intent: KbIntent, locale: Locale, confidence: number): AssistSuggestion => ({
  intent: intent.id,
  title: intent.title[locale],
  text: intent.answer[locale],
  confidence,
});

export function createAgentAssist(deps: { store: Store; bot: () => Bot; now: () => number }) {
  const { store } = deps;
  return {
    /** Up to three answers for the conversation, in its language; handoff intents are not answers. */
    async suggest(agent: Agent, p: { conversationId: string }): Promise<{ suggestions: AssistSuggestion[] }> {
      const conversation = await loadConversation(store, p.conversationId);
      // Suggestions are read from the shopper's messages: only those who may read the chat get them.
      assertCanRead(agent, conversation);
      const bot = deps.bot();
      // The same latest window as the handoff topic: the ranking weighs the last shopper messages only.
      const ranking = rankConversation(bot, await recentShopperTexts(store, conversation));
      const byId = new Map(bot.kb.intents.map((i) => [i.id, i]));
      const suggestions = ranking.candidates
        .filter((c) => c.confidence >= MIN_CONFIDENCE && byId.get(c.intent)?.handoff === false)
        .slice(0, SUGGESTIONS)
        .map((c) => toSuggestion(byId.get(c.intent)!, conversation.locale, c.confidence));
      return { suggestions };
    },

    /** KB answers containing all the query's words (title, utterances, answer), in the given language. */
    search(_agent: Agent, p: { query: string; locale: Locale }): { results: AssistSuggestion[] } {
      const words = p.query.toLowerCase().split(/\s+/).filter(Boolean);
      const results = deps
        .bot()
        .kb.intents.filter((i) => !i.handoff)
        .map((i) => {
          const haystack = [i.title.en, i.title.zh, i.answer[p.locale], ...i.utterances.en, ...i.utterances.zh].join('\n').toLowerCase();
          const inTitle = words.filter((w) => i.title[p.locale].toLowerCase().includes(w)).length;
          return { i, ok: words.every((w) => haystack.includes(w)), score: inTitle };
        })
        .filter((r) => r.ok)
        .sort((a, b) => b.score - a.score)
        .slice(0, 10)
        .map((r) => toSuggestion(r.i, p.locale, 0));
      return { results };
    },

    /** The agent inserted a suggestion: one analytics fact with its intent. */
    async used(_agent: Agent, p: { conversationId: string; intent: string }): Promise<null> {
      const conversation = await loadConversation(store, p.conversationId);
      await store.analytics.record({ type: 'assist.used', siteId: conversation.siteId, conversationId: conversation.id, intent: p.intent, at: deps.now() });
      return null;
    },
  };
}

export type AgentAssist = ReturnType<typeof createAgentAssist>;
