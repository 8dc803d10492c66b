import type { ConversationListItem } from '../../../shared/events';
import type { Conversation, ConversationStatus, Locale, Priority, QueueEntry } from '../../../shared/model';
import type { UnreadCounts } from './unread';

/** One line in the inbox list, whatever view it comes from. */
export interface InboxRow {
  conversationId: string;
  name: string | null;
  preview: string;
  status: ConversationStatus;
  priority: Priority;
  department: string;
  locale: Locale;
  /** Queue position, for waiting rows. */
  position: number | null;
  waitingSince: number | null;
  unread: number;
  tags: string[];
  updatedAt: number;
  slaBreached: boolean;
}

/** Waiting view: the queue as the server routes it. */
export function rowsFromQueue(queue: readonly QueueEntry[]): InboxRow[] {
  return queue.map((e) => ({
    conversationId: e.conversationId,
    name: e.visitorName,
    preview: e.preview,
    status: 'waiting',
    priority: e.priority,
    department: e.department,
    locale: e.locale,
    position: e.position,
    waitingSince: e.waitingSince,
    unread: 0,
    tags: [],
    updatedAt: e.waitingSince,
    slaBreached: false,
  }));
}

function rowFromConversation(
  c: Conversation,
  name: string | null,
  preview: string,
  unread: number,
): InboxRow {
  return {
    conversationId: c.id,
    name,
    preview,
    status: c.status,
    priority: c.priority,
    department: c.department,
    locale: c.locale,
    position: null,
    waitingSince: c.status === 'waiting' ? c.waitingSince : null,
    unread,
    tags: c.tags,
    updatedAt: c.updatedAt,
    slaBreached: c.slaBreachedAt !== null,
  };
}

/**
 * Mine view from live state. Names and previews come from what the console has seen
 * (list results, messages); `names` fills the gaps a sync leaves, since Conversation has no visitor name.
 */
export function rowsFromMine(
  mine: readonly Conversation[],
  unread: UnreadCounts,
  previews: Readonly<Record<string, string>>,
  names: Readonly<Record<string, string | null>>,
): InboxRow[] {
  return mine.map((c) => rowFromConversation(c, names[c.id] ?? null, previews[c.id] ?? '', unread[c.id] ?? 0));
}

/** Rows from a server list (All open, Closed, any search), with live unread counts and previews laid over. */
export function rowsFromList(
  items: readonly ConversationListItem[],
  unread: UnreadCounts,
  previews: Readonly<Record<string, string>>,
): InboxRow[] {
  return items.map((i) =>
    rowFromConversation(
      i.conversation,
      i.visitorName,
      previews[i.conversation.id] ?? i.lastMessage ?? '',
      unread[i.conversation.id] ?? 0,
    ),
  );
}

/** The id after (delta 1) or before (delta -1) the current one, clamped; the first row when none is current. */
export function stepSelection(ids: readonly string[], current: string | null, delta: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return delta === 1 ? (ids[0] ?? null) : (ids[ids.length - 1] ?? null);
  const next = Math.min(ids.length - 1, Math.max(0, at + delta));
  return ids[next] ?? null;
}
