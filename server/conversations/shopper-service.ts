/**
 * What a shopper can do: resume, send, ask for a human, rate, leave a message, identify.
 * The bot and routing react to the domain events this emits; asking for a person goes through hand-off.ts.
 */
import { AppError } from '../../shared/errors';
import type { ShopperSession } from '../../shared/events';
import type { Conversation, Locale, Message, ShopperConversationView, Visitor } from '../../shared/model';
import { verifyIdentity } from '../auth/verify-identity';
import type { Bus } from '../domain/bus';
import type { HandoffService } from '../handoff/handoff-service';
import type { QueuePlace } from '../handoff/queue-status';
import type { Store } from '../store/store';
import { createKeyedMutex } from '../util/keyed-mutex';
import type { HandOff } from './hand-off';
import type { PostMessage } from './post-message';
import { showsAfterClose, surveyOffered, toKbTexts, toShopperView, withinSurveyWindow } from './shopper-view';
import type { Bot } from '../bot/create-bot';
import type { AttachmentRef } from '../../shared/cases';
import type { AttachmentService } from '../attachments/attachment-service';
import { LIMITS } from '../../shared/limits';
import { isLastSeenStale } from '../domain/last-seen';

export interface ShopperContext {
  visitor: Visitor;
  visitorToken: string;
  /** The connection acting (its own message comes back in the ack, not as an event). */
  socketId?: string;
  /** The page the widget last reported (session:resume), so a chat started later knows where the shopper is. */
  pageUrl?: string | null;
  /**
   * The handshake created the visitor and its token has not left the server yet (the resume's answer carries
   * it): nobody else can act as this visitor, so it has no conversation unless this connection started one.
   */
  isUnannounced?: boolean;
}

export function createShopperService(deps: {
  store: Store;
  bus: Bus;
  post: PostMessage;
  handoff: HandoffService;
  handOff: HandOff;
  identitySecret: string | null;
  now: () => number;
  /** The current KB's bot (the KB hot-reloads). */
  bot: () => Bot;
  /** Checks and binds the files a message carries. */
  attachments: Pick<AttachmentService, 'claim'>;
  attachmentMaxBytes: number;
}) {
  const { store, bus, post, handoff, handOff, now } = deps;
  const mutex = createKeyedMutex();

  async function current(visitorId: string): Promise<Conversation | null> {
    const open = await store.conversations.findOpenByVisitor(visitorId);
    if (open) return open;
    const latest = await store.conversations.findLatestByVisitor(visitorId);
    // Back after the chat ended: its survey, or the request it became, still shows.
    if (latest && showsAfterClose(latest) && withinSurveyWindow(latest, now())) {
      return latest;
    }
    return null;
  }

  async function openOrStart(ctx: ShopperContext, pageUrl: string | null): Promise<Conversation> {
    return (await store.conversations.findOpenByVisitor(ctx.visitor.id)) ?? start(ctx, pageUrl);
  }

  async function start(ctx: ShopperContext, pageUrl: string | null): Promise<Conversation> {
    const { visitor } = ctx;
    ctx.isUnannounced = false;
    const created = await store.conversations.create({
      siteId: visitor.siteId,
      visitorId: visitor.id,
      locale: visitor.locale,
      pageUrl,
    });
    bus.emit('conversation.started', { conversation: created });
    bus.emit('conversation.changed', { conversation: created, previous: null });
    return created;
  }

  const service = {
    /** `place` when the caller already knows it (a queue broadcast computes every place at once). */
    async view(conversation: Conversation, place?: QueuePlace): Promise<ShopperConversationView> {
      const agent = conversation.assignedAgentId ? await store.agents.get(conversation.assignedAgentId) : null;
      return toShopperView(conversation, agent, place === undefined ? await handoff.queuePlace(conversation) : place);
    },

    async resume(
      ctx: ShopperContext,
      p: { sinceSeq: number; conversationId?: string | null; pageUrl?: string },
    ): Promise<ShopperSession> {
      if (p.pageUrl) ctx.pageUrl = p.pageUrl;
      // A new visitor's first resume (every new shopper's page load) has nothing to look up.
      let conversation = ctx.isUnannounced ? null : await current(ctx.visitor.id);
      // The answer below hands the token out.
      ctx.isUnannounced = false;
      if (conversation && p.pageUrl && conversation.status !== 'closed' && p.pageUrl !== conversation.pageUrl) {
        conversation = (await store.conversations.update(conversation.id, { pageUrl: p.pageUrl })) ?? conversation;
      }
      // The handshake has just stamped it (or created the visitor); a resume later on this connection stamps it.
      if (isLastSeenStale(ctx.visitor, now())) {
        ctx.visitor = (await store.visitors.update(ctx.visitor.id, { lastSeenAt: now() })) ?? ctx.visitor;
      }
      // sinceSeq refers to the conversation the widget names; either way no more than the newest page is
      // sent, so a long chat reloads with its latest messages rather than its first ones.
      const since = conversation
        ? Math.max(p.conversationId === conversation.id ? p.sinceSeq : 0, conversation.lastSeq - LIMITS.historyPage)
        : 0;
      const messages = conversation
        ? await store.messages.listSince(conversation.id, since, { limit: LIMITS.historyPage })
        : [];
      return {
        visitorToken: ctx.visitorToken,
        visitorId: ctx.visitor.id,
        conversation: conversation ? await service.view(conversation) : null,
        messages,
        agentsOnline: await handoff.canServe(conversation?.department ?? 'general'),
        texts: toKbTexts(deps.bot()),
        attachmentMaxBytes: deps.attachmentMaxBytes,
      };
    },

    /** Idempotent per clientId; starts a conversation when none is open. Serialised per visitor so two tabs don't open two. */
    send(ctx: ShopperContext, p: { clientId: string; text: string; attachments?: AttachmentRef[] }): Promise<{ message: Message }> {
      return mutex.run(ctx.visitor.id, async () => {
        // A resend of a message whose chat has since closed (the ack was lost, then the agent closed it)
        // answers with the original instead of starting a new conversation with it.
        const open = await store.conversations.findOpenByVisitor(ctx.visitor.id);
        if (!open) {
          const latest = await store.conversations.findLatestByVisitor(ctx.visitor.id);
          const original = latest ? await store.messages.findByClientId(latest.id, p.clientId) : null;
          if (original) return { message: original };
        }
        const conversation = open ?? (await start(ctx, ctx.pageUrl ?? null));
        const files = p.attachments?.length
          ? await deps.attachments.claim({ kind: 'visitor', visitor: ctx.visitor }, p.attachments, { conversationId: conversation.id })
          : [];
        const { message } = await post(conversation, { clientId: p.clientId, sender: 'shopper', text: p.text, attachments: files }, ctx.socketId ? { ackedTo: ctx.socketId } : {});
        return { message };
      });
    },

    requestHuman(ctx: ShopperContext): Promise<{ conversation: ShopperConversationView }> {
      return mutex.run(ctx.visitor.id, async () => {
        const conversation = await openOrStart(ctx, ctx.pageUrl ?? null);
        const updated =
          conversation.status === 'bot' ? await handOff.requested(conversation) : conversation;
        return { conversation: await service.view(updated) };
      });
    },

    async rate(ctx: ShopperContext, p: { score: number; comment?: string; nps?: number }): Promise<null> {
      const latest = await store.conversations.findLatestByVisitor(ctx.visitor.id);
      if (!latest || latest.status !== 'closed') {
        throw new AppError('INVALID_STATE', { message: 'There is no finished conversation to rate.' });
      }
      if (!surveyOffered(latest)) {
        throw new AppError('INVALID_STATE', { message: 'This conversation was not offered a survey: nobody served it.' });
      }
      if (!withinSurveyWindow(latest, now())) throw new AppError('INVALID_STATE', { message: 'The survey for this conversation has closed.' });
      if (latest.rating) throw new AppError('INVALID_STATE', { message: 'This conversation is already rated.' });
      const rating = { score: p.score, comment: p.comment?.length ? p.comment : null, createdAt: now(), nps: p.nps ?? null };
      const updated = await store.conversations.update(latest.id, { rating });
      if (updated) {
        bus.emit('conversation.rated', { conversation: updated, score: p.score });
        if (p.nps !== undefined) bus.emit('conversation.nps_answered', { conversation: updated, score: p.nps });
        bus.emit('conversation.changed', { conversation: updated, previous: latest });
      }
      return null;
    },

    /** The NPS answer after the stars: once per conversation, for the latest closed one, surveyed and rated. */
    async answerNps(ctx: ShopperContext, p: { score: number }): Promise<null> {
      const latest = await store.conversations.findLatestByVisitor(ctx.visitor.id);
      if (!latest || latest.status !== 'closed') {
        throw new AppError('INVALID_STATE', { message: 'There is no finished conversation to answer about.' });
      }
      // Also refuses a rating stored before rate() checked the offer: no answer is added to it.
      if (!surveyOffered(latest)) {
        throw new AppError('INVALID_STATE', { message: 'This conversation was not offered a survey: nobody served it.' });
      }
      if (!withinSurveyWindow(latest, now())) throw new AppError('INVALID_STATE', { message: 'The survey for this conversation has closed.' });
      if (latest.rating?.nps != null) throw new AppError('INVALID_STATE', { message: 'This conversation already has an answer.' });
      // The question comes after the stars: a rating holds both, so there is nothing to attach it to before.
      if (!latest.rating) throw new AppError('INVALID_STATE', { message: 'Rate the conversation first.' });
      const updated = await store.conversations.update(latest.id, { rating: { ...latest.rating, nps: p.score } });
      if (updated) {
        bus.emit('conversation.nps_answered', { conversation: updated, score: p.score });
        bus.emit('conversation.changed', { conversation: updated, previous: latest });
      }
      return null;
    },

    /** Stores what the shop proved (see verify-identity.ts); an invalid identity token is refused. */
    async identify(
      ctx: ShopperContext,
      p: { id?: string; name?: string; email?: string; hash?: string; tier?: string; token?: string },
    ): Promise<{ verified: boolean; idVerified: boolean }> {
      const identity = await verifyIdentity(p, deps.identitySecret, now());
      const updated = await store.visitors.update(ctx.visitor.id, { identity });
      if (updated) ctx.visitor = updated;
      return { verified: identity.verified, idVerified: identity.idVerified };
    },

    async setLocale(ctx: ShopperContext, locale: Locale): Promise<null> {
      const updated = await store.visitors.update(ctx.visitor.id, { locale });
      if (updated) ctx.visitor = updated;
      const open = await store.conversations.findOpenByVisitor(ctx.visitor.id);
      if (open) await store.conversations.update(open.id, { locale });
      return null;
    },

    /** Read marks: tells the agent how far the shopper has read. */
    async read(ctx: ShopperContext, upToSeq: number): Promise<null> {
      const conversation = await current(ctx.visitor.id);
      if (!conversation || upToSeq <= conversation.shopperReadSeq) return null;
      const updated = await store.conversations.raiseReadMark(conversation.id, 'shopper', upToSeq);
      if (updated) bus.emit('read.marked', { conversation: updated, by: 'shopper', upToSeq: updated.shopperReadSeq });
      return null;
    },

    /** The shopper's typing indicator (with their draft, for agents only). */
    async setTyping(ctx: ShopperContext, p: { isTyping: boolean; draft?: string }): Promise<null> {
      const conversation = await current(ctx.visitor.id);
      if (conversation && conversation.status !== 'closed') {
        bus.emit('typing.changed', {
          conversation,
          by: 'shopper',
          isTyping: p.isTyping,
          draft: p.isTyping ? (p.draft ?? null) : null,
          name: null,
        });
      }
      return null;
    },

    current,
  };
  return service;
}

export type ShopperService = ReturnType<typeof createShopperService>;
