/**
 * What the console reads: the start-up state, the conversation lists, one conversation's detail and the
 * agents' presence. Read-only; the agent service changes things.
 */
import { AppError } from '../../shared/errors';
import type { CannedResponse, ConsoleState, ConversationDetail, ConversationListItem, TranscriptPage } from '../../shared/events';
import type { Agent, AgentPresence, Conversation } from '../../shared/model';
import type { HandoffService } from '../handoff/handoff-service';
import type { Presence } from '../handoff/presence';
import type { Store } from '../store/store';
import { chatAccess } from '../cases/linked-chat-access';
import { isSupervisor, loadConversation, seesWholeQueue, visibleQueue } from './agent-access';
import { latestPage, pageBefore } from './transcript-page';
import { unreadCounts } from './unread-counts';

export function createConsoleViews(deps: {
  store: Store;
  handoff: HandoffService;
  presence: Presence;
  cannedResponses: () => CannedResponse[];
  attachmentMaxBytes: number;
}) {
  const { store, handoff, presence } = deps;

  /**
   * The conversation as the console shows it, with its transcript's latest page (earlier ones: `page`); a
   * queue preview leaves out internal notes. Once the first 5,000 messages: a long chat's end went missing.
   */
  async function detail(conversation: Conversation, access: 'full' | 'preview' = 'full'): Promise<ConversationDetail> {
    const visitor = await store.visitors.get(conversation.visitorId);
    if (!visitor) throw new AppError('INTERNAL', { message: `Visitor ${conversation.visitorId} is missing.` });
    const [page, history, tickets] = await Promise.all([
      latestPage(store, conversation, access === 'full'),
      store.conversations.list({ visitorId: visitor.id, limit: 20 }),
      store.tickets.list({ visitorId: visitor.id, limit: 20 }),
    ]);
    return {
      conversation,
      visitor,
      ...page,
      previous: history
        .filter((c) => c.id !== conversation.id)
        .map(({ id, status, createdAt, rating, resolution }) => ({ id, status, createdAt, rating, resolution })),
      tickets,
    };
  }

  const views = {
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
        views.presenceList(),
        isSupervisor(agent) ? store.conversations.list({ status: ['waiting', 'assigned'], limit: 500 }) : Promise.resolve([]),
      ]);
      const unread = await unreadCounts(store, mine);
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
        queue: visibleQueue(agent, queue),
        mine,
        unread,
        departments: handoff.departments().map((d) => d.name),
        cannedResponses: deps.cannedResponses(),
        attachmentMaxBytes: deps.attachmentMaxBytes,
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
              : // Agents see their own closed chats; others' are theirs and their supervisors' (agent-access.ts).
                { status: ['closed' as const], ...(isSupervisor(agent) ? {} : { assignedAgentId: agent.id }) };
      if (p.view === 'open' && !isSupervisor(agent)) {
        throw new AppError('FORBIDDEN', { message: 'Only supervisors can see all open conversations.' });
      }
      // Agents see waiting chats of the departments they serve only; read wider, then keep theirs.
      const isScoped = p.view === 'waiting' && !seesWholeQueue(agent);
      const listed = await store.conversations.list({ ...query, text, limit: isScoped ? Math.max(p.limit, 1000) : p.limit });
      const conversations = isScoped ? visibleQueue(agent, listed).slice(0, p.limit) : listed;
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

    /** One conversation for an agent allowed to read it (FORBIDDEN otherwise). */
    async get(agent: Agent, id: string): Promise<ConversationDetail> {
      return views.read(agent, await loadConversation(store, id));
    },

    /** As `get`, for a conversation the caller has just read (the realtime edge, re-answering after a change). */
    async read(agent: Agent, conversation: Conversation): Promise<ConversationDetail> {
      const access = await chatAccess(store, agent, conversation);
      if (access === 'none') throw new AppError('FORBIDDEN', { message: 'This conversation belongs to another agent.' });
      return detail(conversation, access);
    },

    /** An earlier page of the transcript, under the same access as `get`. */
    async page(agent: Agent, p: { conversationId: string; beforeSeq: number }): Promise<TranscriptPage> {
      const conversation = await loadConversation(store, p.conversationId);
      const access = await chatAccess(store, agent, conversation);
      if (access === 'none') throw new AppError('FORBIDDEN', { message: 'This conversation belongs to another agent.' });
      return pageBefore(store, conversation.id, p.beforeSeq, access === 'full');
    },

    detail,
  };
  return views;
}

export type ConsoleViews = ReturnType<typeof createConsoleViews>;
