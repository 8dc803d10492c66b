/**
 * Handing a conversation to a person, with the bot's words for it, in one call: queue it (routing), then say
 * "connecting you" or, when nobody can come, the offline phrase (outside hours, with the hours) or the
 * unavailable one (inside hours, nobody signed in). The bot's turn and the shopper's
 * "talk to a human" button both come here, so nothing listens for its own handoff event.
 */
import type { Conversation, HandoffReason, Message } from '../../shared/model';
import type { Bot } from '../bot/create-bot';
import type { HandoffInfo, HandoffService } from '../handoff/handoff-service';
import { absencePhrase } from '../handoff/staffing';
import type { Store } from '../store/store';
import type { KeyedMutex } from '../util/keyed-mutex';
import { lastIntentIn } from './last-intent';
import { topicOf } from './conversation-topic';
import { readHandoffTranscript } from '../handoff/summarise-handoff';
import type { PostMessage } from './post-message';

export interface HandOff {
  /** The shopper asked for a person: queue the chat, then the bot says the handoff (or offline) phrase. */
  requested(conversation: Conversation): Promise<Conversation>;
  /**
   * The bot's reply (already posted) handed off: queue the chat; if that reply did not already say that
   * nobody is here and nobody can come, add the offline notice. Call inside the conversation's turn.
   */
  afterBotReply(conversation: Conversation, reason: HandoffReason, info: HandoffInfo, saidOffline: boolean, transcript?: readonly Message[]): Promise<Conversation>;
}

export function createHandOff(deps: {
  store: Store;
  post: PostMessage;
  handoff: HandoffService;
  bot: () => Bot;
  /** One conversation's bot turns and handoffs run one at a time (shared with the bot responder). */
  turns: KeyedMutex;
}): HandOff {
  const { store, post, handoff, turns } = deps;

  /** The bot says one of its own phrases (handoff, offline) in the conversation's language. */
  const sayPhrase = (conversation: Conversation, key: 'handoff' | 'offline' | 'unavailable') => {
    const bot = deps.bot();
    return post(conversation, {
      clientId: null,
      sender: 'bot',
      senderName: bot.name(conversation.locale),
      text: bot.phrase(key, conversation.locale),
      bot: { decision: 'handoff', intent: null, confidence: key === 'handoff' ? 1 : 0, quickReplies: [] },
    });
  };

  return {
    requested(conversation) {
      return turns.run(conversation.id, async () => {
        // Re-read inside the turn: a bot turn that ran first may have handed off already.
        const fresh = await store.conversations.get(conversation.id);
        if (!fresh || fresh.status !== 'bot') return fresh ?? conversation;
        // The widget's button sends no department: the chat goes where the bot's last answer was from, and the
        // summary ranks the whole conversation so the agent sees what it was about.
        const transcript = await readHandoffTranscript(store, fresh);
        const about = lastIntentIn(deps.bot(), fresh, transcript);
        const updated = await handoff.request(
          fresh,
          'button',
          { note: null, department: about?.department, intent: about?.intent, ...topicOf(deps.bot(), fresh, transcript) },
          transcript,
        );
        if (updated.status !== 'waiting') return updated;
        const availability = await handoff.availability(updated.department);
        await sayPhrase(updated, availability === 'serving' ? 'handoff' : absencePhrase(availability));
        return updated;
      });
    },

    async afterBotReply(conversation, reason, info, saidOffline, transcript) {
      const updated = await handoff.request(conversation, reason, info, transcript);
      if (saidOffline) return updated;
      const current = await store.conversations.get(updated.id);
      if (current?.status !== 'waiting') return updated;
      const availability = await handoff.availability(current.department);
      if (availability !== 'serving') await sayPhrase(current, absencePhrase(availability));
      return updated;
    },
  };
}
