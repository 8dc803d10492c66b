import type { CannedResponse, ConsoleState, ConversationDetail, ConversationListItem, TranscriptPage } from '../../../shared/events';
import type { Agent, AgentPresence, Conversation, HandoffSummary, Message, Priority, QueueEntry } from '../../../shared/model';
import { applyMessageCreated, lastSeqOf } from './messages';
import { applyConversationToMine, sortMine } from './mine';
import { applyQueueChanged } from './queue';
import { joinReloaded, prependPage } from './transcript-pages';
import { countUnread, markRead, syncedCounts, type UnreadCounts } from './unread';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface SlaBreach {
  conversationId: string;
  priority: Priority;
  waitedMs: number;
  at: number;
}

/** The shopper's live typing state in one conversation. */
export interface TypingState {
  draft: string | null;
  since: number;
}

/** Everything the console shows that comes from the server, in one plain object. */
export interface ConsoleModel {
  connection: ConnectionStatus;
  me: Agent | null;
  presence: AgentPresence[];
  queue: QueueEntry[];
  mine: readonly Conversation[];
  departments: string[];
  canned: CannedResponse[];
  unread: UnreadCounts;
  /** Latest message text per conversation, for list previews. */
  previews: Readonly<Record<string, string>>;
  /** Visitor names by conversation id, learned from lists, the queue and details (Conversation has none). */
  names: Readonly<Record<string, string | null>>;
  typing: Readonly<Record<string, TypingState>>;
  slaBreaches: SlaBreach[];
  /** The conversation open in the middle column. */
  openId: string | null;
  detail: ConversationDetail | null;
}

export type ConsoleAction =
  | { type: 'connection'; status: ConnectionStatus }
  | { type: 'synced'; state: ConsoleState }
  | { type: 'queue'; queue: QueueEntry[] }
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'assigned'; conversation: Conversation; summary: HandoffSummary | null }
  | { type: 'message'; message: Message; isVisible: boolean }
  | { type: 'typing'; conversationId: string; isTyping: boolean; draft: string | null; at: number }
  | { type: 'shopperRead'; conversationId: string; upToSeq: number }
  | { type: 'presence'; presence: AgentPresence[] }
  | { type: 'sla'; breach: SlaBreach }
  | { type: 'open'; conversationId: string | null }
  /** `isFresh`: replaces what is held, earlier pages too (a take: pages read as a preview lack the notes). */
  | { type: 'detail'; detail: ConversationDetail; isFresh?: boolean }
  /** An earlier transcript page of a conversation ("Load earlier messages"). */
  | { type: 'earlier'; conversationId: string; page: TranscriptPage }
  | { type: 'listed'; items: ConversationListItem[] }
  | { type: 'read'; conversationId: string }
  /**
   * The server ended this console's access (transfer, hand-back, a previewed chat taken by another agent; or a
   * reload refused): `access` is what is left.
   */
  | { type: 'accessEnded'; conversationId: string; access: 'preview' | 'none' };

/** Keep the supervisor's breach list bounded over a long shift. */
const MAX_BREACHES = 100;

export const initialModel: ConsoleModel = {
  connection: 'connecting',
  me: null,
  presence: [],
  queue: [],
  mine: [],
  departments: [],
  canned: [],
  unread: {},
  previews: {},
  names: {},
  typing: {},
  slaBreaches: [],
  openId: null,
  detail: null,
};

function withDetailConversation(model: ConsoleModel, conversation: Conversation): ConversationDetail | null {
  const d = model.detail;
  if (d === null || d.conversation.id !== conversation.id) return d;
  return { ...d, conversation };
}

/** The one reducer behind the console: every server fact and local navigation step goes through here. */
export function consoleReducer(model: ConsoleModel, action: ConsoleAction): ConsoleModel {
  switch (action.type) {
    case 'connection':
      return { ...model, connection: action.status };
    case 'synced': {
      const s = action.state;
      const mine = sortMine(s.mine);
      return {
        ...model,
        connection: 'online',
        me: s.agent,
        presence: s.presence,
        queue: applyQueueChanged(s.queue),
        mine,
        departments: s.departments,
        canned: s.cannedResponses,
        // Breaches from before this connection come with the sync; keep live ones we already had.
        slaBreaches: [
          ...s.slaBreaches,
          ...model.slaBreaches.filter((b) => !s.slaBreaches.some((x) => x.conversationId === b.conversationId)),
        ]
          .sort((a, b) => b.at - a.at)
          .slice(0, MAX_BREACHES),
        unread: syncedCounts(s.unread, model.openId),
        names: Object.fromEntries([
          ...Object.entries(model.names),
          ...s.queue.map((e): [string, string | null] => [e.conversationId, e.visitorName]),
        ]),
      };
    }
    case 'queue': {
      const names = { ...model.names };
      const previews = { ...model.previews };
      for (const e of action.queue) {
        if (e.visitorName !== null) names[e.conversationId] = e.visitorName;
        if (e.preview !== '') previews[e.conversationId] = e.preview;
      }
      return { ...model, queue: applyQueueChanged(action.queue), names, previews };
    }
    case 'listed': {
      const names = { ...model.names };
      const previews = { ...model.previews };
      for (const i of action.items) {
        names[i.conversation.id] = i.visitorName;
        if (previews[i.conversation.id] === undefined && i.lastMessage !== null) previews[i.conversation.id] = i.lastMessage;
      }
      return { ...model, names, previews };
    }
    case 'conversation':
    case 'assigned': {
      const c = action.conversation;
      const mine = applyConversationToMine(model.mine, c, model.me?.id ?? null);
      let detail = withDetailConversation(model, c);
      if (action.type === 'assigned' && detail !== null && detail.conversation.id === c.id && action.summary !== null) {
        detail = { ...detail, conversation: { ...c, handoff: action.summary } };
      }
      return { ...model, mine, detail };
    }
    case 'message': {
      const m = action.message;
      const detail =
        model.detail !== null && model.detail.conversation.id === m.conversationId
          ? {
              ...model.detail,
              messages: applyMessageCreated(model.detail.messages, m),
              conversation: {
                ...model.detail.conversation,
                lastSeq: Math.max(model.detail.conversation.lastSeq, m.seq),
              },
            }
          : model.detail;
      const previews = m.event === null && !m.internal ? { ...model.previews, [m.conversationId]: m.text } : model.previews;
      let typing = model.typing;
      if (m.sender === 'shopper' && typing[m.conversationId] !== undefined) {
        const { [m.conversationId]: _cleared, ...rest } = typing;
        typing = rest;
      }
      const unread = countUnread(model.unread, m, { myAgentId: model.me?.id ?? null, isVisible: action.isVisible });
      return { ...model, detail, previews, typing, unread };
    }
    case 'typing': {
      if (!action.isTyping) {
        if (model.typing[action.conversationId] === undefined) return model;
        const { [action.conversationId]: _gone, ...rest } = model.typing;
        return { ...model, typing: rest };
      }
      return { ...model, typing: { ...model.typing, [action.conversationId]: { draft: action.draft, since: action.at } } };
    }
    case 'shopperRead': {
      const d = model.detail;
      if (d === null || d.conversation.id !== action.conversationId) return model;
      if (d.conversation.shopperReadSeq >= action.upToSeq) return model;
      return { ...model, detail: { ...d, conversation: { ...d.conversation, shopperReadSeq: action.upToSeq } } };
    }
    case 'presence':
      return { ...model, presence: action.presence };
    case 'sla':
      return { ...model, slaBreaches: [action.breach, ...model.slaBreaches].slice(0, MAX_BREACHES) };
    case 'open':
      if (action.conversationId === model.openId) return model;
      return { ...model, openId: action.conversationId, detail: null };
    case 'detail': {
      // A late answer for a conversation the agent already left must not replace the open one.
      if (action.detail.conversation.id !== model.openId) return model;
      const prev = model.detail;
      const isSame = prev !== null && prev.conversation.id === action.detail.conversation.id && action.isFresh !== true;
      const detail = isSame ? joinReloaded(prev, action.detail) : action.detail;
      const mine = applyConversationToMine(model.mine, action.detail.conversation, model.me?.id ?? null);
      const names = { ...model.names, [action.detail.conversation.id]: action.detail.visitor.identity.name };
      return { ...model, mine, names, detail };
    }
    case 'earlier': {
      const d = model.detail;
      if (d === null || d.conversation.id !== action.conversationId) return model;
      return { ...model, detail: prependPage(d, action.page) };
    }
    case 'read':
      return { ...model, unread: markRead(model.unread, action.conversationId) };
    case 'accessEnded':
      return withoutAccess(model, action.conversationId, action.access);
  }
}

/**
 * Forgets what was read with full access: the shopper's typing draft and the unread count always; of the open
 * transcript, the internal notes when a preview is left (the chat waits in a department the agent serves),
 * else the whole conversation, so nothing of it stays on screen.
 */
function withoutAccess(model: ConsoleModel, conversationId: string, access: 'preview' | 'none'): ConsoleModel {
  const { [conversationId]: _typing, ...typing } = model.typing;
  const { [conversationId]: _unread, ...unread } = model.unread;
  const next = { ...model, typing, unread };
  const d = model.detail;
  const isOpen = model.openId === conversationId;
  if (access === 'none') return isOpen ? { ...next, openId: null, detail: null } : next;
  if (d === null || d.conversation.id !== conversationId) return next;
  return { ...next, detail: { ...d, messages: d.messages.filter((m) => !m.internal) } };
}

/** Highest seq of the open transcript, for read marks. */
export function openLastSeq(model: ConsoleModel): number {
  return model.detail === null ? 0 : lastSeqOf(model.detail.messages);
}
