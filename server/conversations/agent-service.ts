/**
 * What an agent can do from the console. Authorisation lives here (owner or supervisor), so every edge
 * that calls it gets the same rules.
 */
import { AppError } from '../../shared/errors';
import type { CannedResponse, ConsoleState, ConversationDetail, ConversationListItem } from '../../shared/events';
import type { Agent, AgentPresence, Conversation, Message, Resolution, Ticket, TicketStatus } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { HandoffService } from '../handoff/handoff-service';
import type { Presence } from '../handoff/presence';
import type { Store } from '../store/store';
import { ticketReplyMail, type Mailer } from './mailer';
import type { PostMessage } from './post-message';

const isSupervisor = (agent: Agent) => agent.role === 'supervisor' || agent.role === 'admin';

export function createAgentService(deps: {
  store: Store;
  bus: Bus;
  post: PostMessage;
  handoff: HandoffService;
  presence: Presence;
  cannedResponses: () => CannedResponse[];
  mailer: Mailer;
  now: () => number;
}) {
  const { store, bus, post, handoff, presence, now } = deps;

  async function load(id: string): Promise<Conversation> {
    const conversation = await store.conversations.get(id);
    if (!conversation) throw new AppError('NOT_FOUND', { message: 'No such conversation.' });
    return conversation;
  }

  function assertOwner(agent: Agent, conversation: Conversation): void {
    if (conversation.status !== 'assigned') {
      throw new AppError('INVALID_STATE', { message: `The conversation is ${conversation.status}.` });
    }
    if (conversation.assignedAgentId !== agent.id && !isSupervisor(agent)) {
      throw new AppError('FORBIDDEN', { message: 'This conversation belongs to another agent.' });
    }
  }

  async function detail(conversation: Conversation): Promise<ConversationDetail> {
    const visitor = await store.visitors.get(conversation.visitorId);
    if (!visitor) throw new AppError('INTERNAL', { message: `Visitor ${conversation.visitorId} is missing.` });
    const [messages, history, tickets] = await Promise.all([
      store.messages.listSince(conversation.id, 0, { includeInternal: true, limit: 5000 }),
      store.conversations.list({ visitorId: visitor.id, limit: 20 }),
      store.tickets.list({ visitorId: visitor.id, limit: 20 }),
    ]);
    return {
      conversation,
      visitor,
      messages,
      previous: history
        .filter((c) => c.id !== conversation.id)
        .map(({ id, status, createdAt, rating, resolution }) => ({ id, status, createdAt, rating, resolution })),
      tickets,
    };
  }

  const service = {
    async presenceList(): Promise<AgentPresence[]> {
      const agents = await store.agents.list();
      const counts = await store.conversations.countAssigned(agents.map((a) => a.id));
      return agents.map((a) => ({
        agentId: a.id,
        name: a.name,
        status: presence.status(a.id),
        activeChats: counts[a.id] ?? 0,
        maxChats: a.maxChats,
        departments: a.departments,
      }));
    },

    async sync(agent: Agent): Promise<ConsoleState> {
      const [queue, mine, presenceList, open] = await Promise.all([
        handoff.queue(),
        store.conversations.list({ status: ['assigned'], assignedAgentId: agent.id, limit: 200 }),
        service.presenceList(),
        isSupervisor(agent) ? store.conversations.list({ status: ['waiting', 'assigned'], limit: 500 }) : Promise.resolve([]),
      ]);
      const slaBreaches = open
        .filter((c) => c.slaBreachedAt !== null)
        .map((c) => ({
          conversationId: c.id,
          priority: c.priority,
          waitedMs: (c.slaBreachedAt ?? 0) - (c.waitingSince ?? c.slaBreachedAt ?? 0),
          at: c.slaBreachedAt ?? 0,
        }))
        .sort((a, b) => b.at - a.at);
      return {
        slaBreaches,
        agent,
        presence: presenceList,
        queue,
        mine,
        departments: handoff.departments().map((d) => d.name),
        cannedResponses: deps.cannedResponses(),
      };
    },

    async list(agent: Agent, p: { view: 'waiting' | 'mine' | 'open' | 'closed'; query?: string; limit: number }): Promise<{ items: ConversationListItem[] }> {
      const text = p.query?.trim() || undefined;
      const query =
        p.view === 'waiting'
          ? { status: ['waiting' as const], order: 'queue' as const }
          : p.view === 'mine'
            ? { status: ['assigned' as const], assignedAgentId: agent.id }
            : p.view === 'open'
              ? { status: ['bot' as const, 'waiting' as const, 'assigned' as const] }
              : { status: ['closed' as const] };
      if (p.view === 'open' && !isSupervisor(agent)) {
        throw new AppError('FORBIDDEN', { message: 'Only supervisors can see all open conversations.' });
      }
      const conversations = await store.conversations.list({ ...query, text, limit: p.limit });
      const last = await store.messages.lastTexts(conversations.map((c) => c.id));
      const items = await Promise.all(
        conversations.map(async (conversation) => ({
          conversation,
          visitorName: (await store.visitors.get(conversation.visitorId))?.identity.name ?? null,
          lastMessage: last[conversation.id] ?? null,
        })),
      );
      return { items };
    },

    async get(_agent: Agent, id: string): Promise<ConversationDetail> {
      return detail(await load(id));
    },

    async take(agent: Agent, id: string): Promise<ConversationDetail> {
      return detail(await handoff.assign(id, agent, 'take'));
    },

    async send(agent: Agent, p: { conversationId: string; clientId: string; text: string; internal: boolean }): Promise<{ message: Message }> {
      const conversation = await load(p.conversationId);
      if (!p.internal) assertOwner(agent, conversation);
      else if (conversation.status === 'closed') {
        throw new AppError('INVALID_STATE', { message: 'The conversation is closed.' });
      }
      const { message, duplicate } = await post(conversation, {
        clientId: p.clientId,
        sender: 'agent',
        agentId: agent.id,
        senderName: agent.name,
        text: p.text,
        internal: p.internal,
      });
      if (!duplicate && !p.internal && conversation.firstResponseAt === null) {
        const at = now();
        const updated = await store.conversations.update(conversation.id, { firstResponseAt: at });
        if (updated) {
          bus.emit('conversation.first_response', { conversation: updated, waitedMs: at - (updated.waitingSince ?? at) });
        }
      }
      return { message };
    },

    async close(agent: Agent, p: { conversationId: string; resolution: Resolution }): Promise<{ conversation: Conversation }> {
      const conversation = await load(p.conversationId);
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
      const conversation = await load(p.conversationId);
      assertOwner(agent, conversation);
      return { conversation: await handoff.transfer(conversation, agent, p) };
    },

    async handBack(agent: Agent, id: string) {
      const conversation = await load(id);
      assertOwner(agent, conversation);
      return { conversation: await handoff.handBack(conversation, agent) };
    },

    async setTags(agent: Agent, p: { conversationId: string; tags: string[] }) {
      const conversation = await load(p.conversationId);
      const tags = [...new Set(p.tags.map((t) => t.toLowerCase()))];
      const updated = await store.conversations.update(conversation.id, { tags });
      if (!updated) throw new AppError('NOT_FOUND', { message: 'No such conversation.' });
      bus.emit('conversation.changed', { conversation: updated, previous: conversation });
      return { conversation: updated };
    },

    async read(agent: Agent, p: { conversationId: string; upToSeq: number }): Promise<Conversation | null> {
      const conversation = await load(p.conversationId);
      if (conversation.assignedAgentId !== agent.id || p.upToSeq <= conversation.agentReadSeq) return null;
      return store.conversations.update(conversation.id, { agentReadSeq: Math.min(p.upToSeq, conversation.lastSeq) });
    },

    async tickets(_agent: Agent, p: { status?: TicketStatus }): Promise<{ tickets: Ticket[] }> {
      return { tickets: await store.tickets.list({ status: p.status, limit: 200 }) };
    },

    async replyTicket(agent: Agent, p: { ticketId: string; text: string }): Promise<{ ticket: Ticket }> {
      const ticket = await store.tickets.reply(p.ticketId, p.text, agent.id);
      if (!ticket) throw new AppError('NOT_FOUND', { message: 'No such ticket.' });
      const visitor = await store.visitors.get(ticket.visitorId);
      // The reply is stored first; a mail failure must not undo it (the shopper also sees it in the widget).
      await deps.mailer
        .send(ticketReplyMail(ticket.email, ticket.number, p.text, ticket.message, visitor?.locale ?? 'en'))
        .catch(() => undefined);
      return { ticket };
    },
  };
  return service;
}

export type AgentService = ReturnType<typeof createAgentService>;
