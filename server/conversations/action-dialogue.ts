/**
 * The bot's action dialogue, as a service: starts an intent's action, resumes it on the shopper's next
 * message, asks one slot at a time in the shopper's language, calls the retailer and posts the result as a
 * card. The state rides on the bot's own messages (bot.action), so the transcript is all there is to resume.
 */
import type { Logger } from 'pino';
import type { ShopperCaseView } from '../../shared/cases';
import { RETURN_REASONS, type ReturnPhoto } from '../../shared/integrations';
import type { ActionState, Conversation, Locale, Message, QuickReply, Visitor } from '../../shared/model';
import { say, type ActionTextKey } from '../actions/action-texts';
import { describeCases } from '../actions/describe-result';
import { isStopWord } from '../actions/read-slots';
import { absorbAnswer, nextStep, orderChecked, orderNotFound, photoIds, startDialogue } from '../actions/step-dialogue';
import type { Bot } from '../bot/create-bot';
import { detectLocale } from '../bot/detect-locale';
import { isHandoffRequest } from '../bot/is-handoff-request';
import type { KbIntent } from '../bot/kb-schema';
import type { Integrations } from '../integrations/integrations';
import type { Store } from '../store/store';
import { identityOf, lookupOrder, runAction, type CallOutcome } from './action-calls';
import type { PostMessage } from './post-message';
import type { WrongPairLimiter } from './wrong-pair-limiter';

/** Messages read back for the slots a new dialogue starts with: the last 25 or so turns. */
const SLOT_LOOKBACK = 50;

export interface ActionDialogue {
  /**
   * The shopper's message continues an open dialogue (or taps "Start a return"): handled here, true.
   * False: the bot answers as usual (no dialogue, a request for a person, or a new question).
   */
  resume(conversation: Conversation, message: Message, recent?: readonly Message[]): Promise<boolean>;
  /** The bot matched an intent that runs an action: start it from what the shopper wrote so far. */
  start(conversation: Conversation, intent: KbIntent): Promise<void>;
  /** The chip that starts an offered action (returns.policy answers, then offers a return). */
  offerChip(intent: KbIntent, locale: Locale): QuickReply | null;
}

/** The question for a slot and its chips, in the shopper's language. */
function question(state: ActionState, locale: Locale, slot: ActionState['awaiting']): { text: string; chips: QuickReply[] } {
  const order = state.slots.orderNumber ?? '';
  if (slot === 'confirm') {
    const items = state.choices.map((c) => c.name).join(', ');
    return {
      text: say(locale, 'ask.confirm', { order, items }),
      chips: [{ label: say(locale, 'chip.yes'), text: say(locale, 'chip.yes') }, { label: say(locale, 'chip.no'), text: say(locale, 'chip.no') }],
    };
  }
  if (slot === 'items') {
    const chips = state.choices.map((c) => ({ label: c.name, text: c.name }));
    return { text: say(locale, 'ask.items'), chips: [...chips, { label: say(locale, 'chip.all'), text: say(locale, 'chip.all') }] };
  }
  if (slot === 'photo') {
    const skip = say(locale, 'chip.noPhoto');
    return { text: say(locale, 'ask.photo'), chips: [{ label: skip, text: skip }] };
  }
  if (slot === 'reason') {
    return { text: say(locale, 'ask.reason'), chips: RETURN_REASONS.map((r) => ({ label: say(locale, `reason.${r}`), text: say(locale, `reason.${r}`) })) };
  }
  return { text: say(locale, slot === 'email' ? 'ask.email' : 'ask.orderNumber', { order }), chips: [] };
}

export function createActionDialogue(deps: {
  store: Store;
  post: PostMessage;
  bot: () => Bot;
  integrations: Integrations;
  limiter: WrongPairLimiter;
  /** The shopper's requests that are not closed yet (case.status). */
  openCases: (visitor: Visitor) => Promise<ShopperCaseView[]>;
  /** The return's photos as the retailer gets them (name, type, signed link); only files sent in `conversationId`. */
  photoLinks: (conversationId: string, blobIds: readonly string[]) => Promise<ReturnPhoto[]>;
  logger: Logger;
}): ActionDialogue {
  const { store, post, integrations, limiter, logger } = deps;
  const personChip = (locale: Locale): QuickReply => ({ label: say(locale, 'chip.person'), text: locale === 'zh' ? '转人工客服' : 'talk to a human' });

  const say_ = async (conversation: Conversation, state: ActionState, text: string, chips: QuickReply[] = [], card?: NonNullable<Message['bot']>['card']) => {
    const bot = deps.bot();
    await post(conversation, {
      clientId: null,
      sender: 'bot',
      senderName: bot.name(conversation.locale),
      text,
      bot: { decision: 'answer', intent: state.intent, confidence: 1, quickReplies: chips, action: state, ...(card ? { card } : {}) },
    });
  };

  /** The dialogue's latest state, if its last bot message is still asking; `recent` when the caller read it already. */
  const openState = async (conversation: Conversation, given?: readonly Message[]): Promise<ActionState | null> => {
    const recent = given ?? (await store.messages.listSince(conversation.id, Math.max(0, conversation.lastSeq - 20)));
    const lastBot = [...recent].reverse().find((m) => m.sender !== 'shopper' && m.sender !== 'system');
    return lastBot?.bot?.action?.phase === 'asking' ? lastBot.bot.action : null;
  };

  // The latest messages only: an order number or e-mail the shopper means is a recent one (later wins), and
  // reading from the start (as this once did, the first 500) missed it in a long chat and cost a read that grew
  // with every turn: the 10-minute soak's chats of 300 messages made it a tenth of the event loop's work.
  const shopperTexts = async (conversation: Conversation): Promise<string[]> =>
    (await store.messages.listSince(conversation.id, Math.max(0, conversation.lastSeq - SLOT_LOOKBACK)))
      .filter((m) => m.sender === 'shopper')
      .map((m) => m.text);

  const linkChips = (intentId: string, locale: Locale): QuickReply[] =>
    (deps.bot().kb.intents.find((i) => i.id === intentId)?.quickReplies ?? []).flatMap((q) => (q.url ? [{ label: q.label[locale], url: q.url }] : []));

  const end = (state: ActionState, phase: ActionState['phase'], outcome: string): ActionState => ({ ...state, phase, outcome, awaiting: null });

  const fail = async (conversation: Conversation, state: ActionState, outcome: CallOutcome & { kind: 'failed' }) => {
    logger.warn({ conversationId: conversation.id, action: state.name, code: outcome.code, err: outcome.message }, 'action failed');
    const key: ActionTextKey = outcome.code === 'UNSUPPORTED' ? 'unsupported' : 'failed';
    await say_(conversation, end(state, 'failed', outcome.code), say(conversation.locale, key), [personChip(conversation.locale)]);
  };

  /** Asks, looks up or calls until the dialogue needs the shopper again or ends. */
  const advance = async (conversation: Conversation, start: ActionState, seq: number, prefix = ''): Promise<void> => {
    const locale = conversation.locale;
    let state = start;
    for (;;) {
      const step = nextStep(state);
      if (step.kind === 'ask') {
        const q = question(state, locale, step.slot);
        // The intent's links ("Open My Orders") stay on offer: the shopper may rather look it up themselves.
        const links = step.slot === 'orderNumber' && !prefix ? linkChips(state.intent, locale) : [];
        await say_(conversation, { ...state, awaiting: step.slot }, prefix + q.text, [...q.chips, ...links]);
        return;
      }
      const visitor = await store.visitors.get(conversation.visitorId);
      if (state.name === 'case.status') {
        // Our own records, found by who the shopper is: no retailer call, no e-mail to check.
        const described = describeCases(visitor ? await deps.openCases(visitor) : [], locale);
        await say_(conversation, end(state, 'done', described.outcome), described.text, described.card ? [] : [personChip(locale)], described.card ?? undefined);
        return;
      }
      const identity = identityOf(visitor, state);
      if (!identity) return void (await say_(conversation, { ...state, awaiting: 'email' }, say(locale, 'ask.email', { order: state.slots.orderNumber ?? '' })));
      const keys = [`visitor:${conversation.visitorId}`, `conversation:${conversation.id}`];
      if (await limiter.isLimited(keys)) {
        return void (await say_(conversation, end(state, 'failed', 'rate_limited'), say(locale, 'rateLimited'), [personChip(locale)]));
      }
      const outcome =
        step.kind === 'lookup'
          ? await lookupOrder(integrations, state, identity, locale)
          : await runAction(
              integrations,
              state,
              identity,
              locale,
              `${conversation.id}-${seq}`.replace(/[^A-Za-z0-9_-]/g, '_'),
              await deps.photoLinks(conversation.id, photoIds(state)),
            );
      if (outcome.kind === 'failed') return fail(conversation, state, outcome);
      if (outcome.kind === 'not_found') {
        // A wrong pair and a missing order read the same; only the count differs.
        if (await limiter.record(keys)) return void (await say_(conversation, end(state, 'failed', 'rate_limited'), say(locale, 'rateLimited'), [personChip(locale)]));
        return void (await say_(conversation, { ...orderNotFound(state), awaiting: 'orderNumber', outcome: 'not_found' }, say(locale, 'notFound')));
      }
      if (outcome.kind === 'found' && state.name !== 'order.lookup') {
        state = orderChecked(state, outcome.items);
        continue;
      }
      const { described } = outcome;
      await say_(conversation, end(state, 'done', described.outcome), described.text, [], described.card ?? undefined);
      return;
    }
  };

  const startFrom = async (conversation: Conversation, intent: KbIntent, seq: number, texts: string[]) => {
    if (!intent.action) return;
    const visitor = await store.visitors.get(conversation.visitorId);
    const isVerified = Boolean(visitor?.identity.verified && visitor.identity.externalId);
    const state = startDialogue({ name: intent.action, intent: intent.id, slots: intent.slots }, texts, { isVerified });
    await advance(conversation, state, seq);
  };

  const offeredIntent = (text: string): KbIntent | undefined => {
    const t = text.trim().toLowerCase();
    return deps.bot().kb.intents.find(
      (i) => i.action === 'return.request' && i.actionMode === 'offer' && (['en', 'zh'] as const).some((l) => say(l, 'chip.startReturn').toLowerCase() === t),
    );
  };

  return {
    async resume(conversation, message, recent) {
      const detected = detectLocale(message.text);
      const locale = detected.isAmbiguous ? conversation.locale : detected.locale;
      const here = locale === conversation.locale ? conversation : ((await store.conversations.update(conversation.id, { locale })) ?? conversation);
      const state = await openState(here, recent);
      if (!state) {
        const offered = offeredIntent(message.text);
        if (!offered) return false;
        await startFrom(here, offered, message.seq, await shopperTexts(here));
        return true;
      }
      if (isStopWord(message.text)) {
        await say_(here, end(state, 'stopped', 'stopped'), say(locale, 'stopped'));
        return true;
      }
      if (isHandoffRequest(message.text)) return false;
      const { state: next, invalid } = absorbAnswer(state, message.text, message.attachments.map((a) => a.blobId));
      if (next.phase === 'stopped') {
        await say_(here, { ...next, awaiting: null }, say(locale, 'kept', { order: next.slots.orderNumber ?? '' }));
        return true;
      }
      if (invalid) {
        // A different question (answered or worth a clarify) leaves the dialogue: the shopper moved on.
        const reply = deps.bot().respond(message.text, { locale, consecutiveFallbacks: 0 });
        if (reply.decision !== 'fallback' && reply.intent !== state.intent) return false;
        const hint = say(locale, `invalid.${invalid}`, { order: next.slots.orderNumber ?? '' });
        const q = question(next, locale, invalid);
        await say_(here, { ...next, awaiting: invalid }, hint, q.chips);
        return true;
      }
      await advance(here, next, message.seq);
      return true;
    },

    async start(conversation, intent) {
      const texts = await shopperTexts(conversation);
      await startFrom(conversation, intent, conversation.lastSeq, texts);
    },

    offerChip(intent, locale) {
      if (!intent.action || intent.actionMode !== 'offer') return null;
      const label = say(locale, 'chip.startReturn');
      return { label, text: label };
    },
  };
}
