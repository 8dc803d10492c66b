/**
 * What an agent does to a conversation from the console: take, reply, close, transfer, hand back, tag,
 * read and typing marks. Authorisation lives here (owner or supervisor), so every edge gets the same rules.
 * Reading is in console-views.ts; cases (the offline form's too) in server/cases/.
 */
import { AppError } from '../../shared/errors';
import type { ConversationDetail } from '../../shared/events';
import type { Agent, Conversation, Message, Resolution } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { HandoffService } from '../handoff/handoff-service';
import type { Store } from '../store/store';
import { accessTo, assertManages, assertOwner, isSupervisor, loadConversation } from './agent-access';
import type { ConsoleViews } from './console-views';
import type { PostMessage } from './post-message';
import type { AttachmentRef } from '../../shared/cases';
import type { AttachmentService } from '../attachments/attachment-service';

export function createAgentService(deps: {
  store: Store;
  bus: Bus;
  post: PostMessage;
  handoff: HandoffService;
  views: ConsoleViews;
  now: () => number;
  /** Checks and binds the files a message carries. */
  attachments: Pick<AttachmentService, 'claim'>;
}) {
  const { store, bus, post, handoff, views, now } = deps;

  /**
   * Moves the owner's read mark forward (never back), and tells the shopper how far their agent has read.
   * `conversation` as the caller read it: the store raises the mark atomically, so a stale mark only costs a no-op.
   */
  const advanceReadMark = async (agent: Agent, conversation: Conversation, upToSeq: number): Promise<void> => {
    if (conversation.assignedAgentId !== agent.id || upToSeq <= conversation.agentReadSeq) return;
    const updated = await store.conversations.raiseReadMark(conversation.id, 'agent', upToSeq);
    if (updated) bus.emit('read.marked', { conversation: updated, by: 'agent', upToSeq: updated.agentReadSeq });
  };

  const service = {
    async take(agent: Agent, id: string): Promise<ConversationDetail> {
      const conversation = await loadConversation(store, id);
      // Taking needs at least the preview right (agent-access.ts): a chat of another department is not yours to take.
      if (conversation.status === 'waiting' && accessTo(agent, conversation) === 'none') {
        throw new AppError('FORBIDDEN', { message: 'This conversation waits for another department.' });
      }
      return views.detail(await handoff.assign(id, agent, 'take', conversation));
    },

    async send(
      agent: Agent,
      p: { conversationId: string; clientId: string; text: string; internal: boolean; attachments?: AttachmentRef[] },
      /** The sending connection: it has the message from its ack, so it is not sent it again as an event. */
      told: { ackedTo?: string } = {},
    ): Promise<{ message: Message }> {
      const conversation = await loadConversation(store, p.conversationId);
      if (!p.internal) assertOwner(agent, conversation);
      else if (conversation.status === 'closed') {
        throw new AppError('INVALID_STATE', { message: 'The conversation is closed.' });
      } else assertManages(agent, conversation);
      const files = p.attachments?.length
        ? await deps.attachments.claim({ kind: 'agent', agent }, p.attachments, { conversationId: conversation.id })
        : [];
      const { message, duplicate } = await post(conversation, {
        clientId: p.clientId,
        sender: 'agent',
        agentId: agent.id,
        senderName: agent.name,
        text: p.text,
        internal: p.internal,
        attachments: files,
      }, told);
      if (p.internal) return { message };
      const firstResponse = async () => {
        const at = now();
        const updated = await store.conversations.update(conversation.id, { firstResponseAt: at });
        if (updated) {
          bus.emit('conversation.first_response', { conversation: updated, waitedMs: at - (updated.waitingSince ?? at) });
        }
      };
      // Replying means the owner read everything before the reply: the mark is the server's, so the chat is
      // not unread on their other tabs or after a reload (sync counts from it). A note is not a reply. Both
      // writes started together share one commit.
      await Promise.all([
        advanceReadMark(agent, conversation, message.seq),
        !duplicate && conversation.firstResponseAt === null ? firstResponse() : undefined,
      ]);
      return { message };
    },

    async close(agent: Agent, p: { conversationId: string; resolution: Resolution }): Promise<{ conversation: Conversation }> {
      const conversation = await loadConversation(store, p.conversationId);
      if (conversation.status === 'closed') throw new AppError('INVALID_STATE', { message: 'Already closed.' });
      if (conversation.status === 'assigned') assertOwner(agent, conversation);
      else if (!isSupervisor(agent)) {
        throw new AppError('FORBIDDEN', { message: 'Take the conversation before closing it.' });
      }
      const updated = await store.conversations.transition(conversation.id, [conversation.status], {
        status: 'closed',
        closedAt: now(),
        resolution: p.resolution,
      });
      if (!updated) throw new AppError('CONFLICT', { message: 'The conversation changed meanwhile; reload it.' });
      await post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'closed', agentName: agent.name } });
      bus.emit('conversation.changed', { conversation: updated, previous: conversation });
      bus.emit('conversation.closed', { conversation: updated });
      return { conversation: updated };
    },

    async transfer(agent: Agent, p: { conversationId: string; toAgentId?: string; toDepartment?: string; note?: string }) {
      const conversation = await loadConversation(store, p.conversationId);
      assertOwner(agent, conversation);
      return { conversation: await handoff.transfer(conversation, agent, p) };
    },

    async handBack(agent: Agent, id: string) {
      const conversation = await loadConversation(store, id);
      assertOwner(agent, conversation);
      return { conversation: await handoff.handBack(conversation, agent) };
    },

    async setTags(agent: Agent, p: { conversationId: string; tags: string[] }) {
      const conversation = await loadConversation(store, p.conversationId);
      assertManages(agent, conversation);
      const tags = [...new Set(p.tags.map((t) => t.toLowerCase()))];
      const updated = await store.conversations.update(conversation.id, { tags });
      if (!updated) throw new AppError('NOT_FOUND', { message: 'No such conversation.' });
      bus.emit('conversation.changed', { conversation: updated, previous: conversation });
      return { conversation: updated };
    },

    /** Read marks: tells the shopper how far their agent has read. */
    async read(agent: Agent, p: { conversationId: string; upToSeq: number }): Promise<null> {
      await advanceReadMark(agent, await loadConversation(store, p.conversationId), p.upToSeq);
      return null;
    },

    /** The agent's typing indicator, shown to the shopper only while the agent owns the chat. */
    async setTyping(agent: Agent, p: { conversationId: string; isTyping: boolean }): Promise<null> {
      const conversation = await loadConversation(store, p.conversationId);
      if (conversation.assignedAgentId === agent.id && conversation.status === 'assigned') {
        bus.emit('typing.changed', { conversation, by: 'agent', isTyping: p.isTyping, draft: null, name: agent.name });
      }
      return null;
    },
  };
  return service;
}

export type AgentService = ReturnType<typeof createAgentService>;
