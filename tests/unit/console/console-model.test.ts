import type { ConsoleState, ConversationDetail } from '../../../shared/events';
import type { Agent } from '../../../shared/model';
import { accessEndedNotice } from '../../../widget/console/state/access-notice';
import { consoleReducer, initialModel, type ConsoleModel } from '../../../widget/console/state/console-model';
import { conv, entry, msg } from './fixtures';

const me: Agent = { id: 'a1', email: 'a@x.test', name: 'Ann', role: 'agent', departments: ['general'], maxChats: 5, avatarUrl: null, createdAt: 0, isActive: true, tokenVersion: 0 };

function synced(over: Partial<ConsoleState> = {}, from: ConsoleModel = initialModel): ConsoleModel {
  return consoleReducer(from, {
    type: 'synced',
    state: { agent: me, presence: [], queue: [], mine: [], unread: {}, departments: ['general'], cannedResponses: [], slaBreaches: [], attachmentMaxBytes: 1024, ...over },
  });
}

function detail(id: string, over: Partial<ConversationDetail> = {}): ConversationDetail {
  return {
    conversation: conv({ id }),
    visitor: { id: 'v', siteId: 's', identity: { externalId: null, name: 'Zoe', email: null, verified: false, idVerified: false, tier: null }, locale: 'en', lastAgentId: null, createdAt: 0, lastSeenAt: 0 },
    messages: [],
    fromSeq: 1,
    hasEarlier: false,
    previous: [],
    tickets: [],
    ...over,
  };
}

describe('consoleReducer', () => {
  test('sync rebuilds state, names and unread counts from the server', () => {
    const m = synced({ mine: [conv({ id: 'c1', lastSeq: 5, agentReadSeq: 3 })], unread: { c1: 2 }, queue: [entry({ conversationId: 'q1', visitorName: 'Quinn' })] });
    expect(m.connection).toBe('online');
    expect(m.me?.id).toBe('a1');
    expect(m.unread).toEqual({ c1: 2 });
    expect(m.names.q1).toBe('Quinn');
  });

  test('a resync replaces live counts with the server\'s: past a transcript page, and none for a chat read elsewhere', () => {
    let m = synced({ mine: [conv({ id: 'c1' }), conv({ id: 'c2' })] });
    m = consoleReducer(m, { type: 'message', message: msg({ id: 'a', conversationId: 'c1', seq: 1 }), isVisible: false });
    m = consoleReducer(m, { type: 'message', message: msg({ id: 'b', conversationId: 'c2', seq: 1 }), isVisible: false });
    expect(m.unread).toEqual({ c1: 1, c2: 1 });
    m = synced({ mine: [conv({ id: 'c1', lastSeq: 400 }), conv({ id: 'c2' })], unread: { c1: 350 } }, m);
    expect(m.unread).toEqual({ c1: 350 });
  });

  test('the open conversation is read as it syncs, whatever the server counted', () => {
    let m = synced({ mine: [conv({ id: 'c1' }), conv({ id: 'c2' })] });
    m = consoleReducer(m, { type: 'open', conversationId: 'c1' });
    m = synced({ mine: [conv({ id: 'c1' }), conv({ id: 'c2' })], unread: { c1: 3, c2: 4 } }, m);
    expect(m.unread).toEqual({ c1: 0, c2: 4 });
  });

  test('conversation updates move chats in and out of Mine', () => {
    let m = synced();
    m = consoleReducer(m, { type: 'assigned', conversation: conv({ id: 'c1' }), summary: null });
    expect(m.mine.map((c) => c.id)).toEqual(['c1']);
    m = consoleReducer(m, { type: 'conversation', conversation: conv({ id: 'c1', status: 'closed' }) });
    expect(m.mine).toEqual([]);
    m = consoleReducer(m, { type: 'conversation', conversation: conv({ id: 'c2', assignedAgentId: 'a2' }) });
    expect(m.mine).toEqual([]);
  });

  test('messages go into the open transcript once, and count unread elsewhere', () => {
    let m = synced({ mine: [conv({ id: 'c1' }), conv({ id: 'c2' })] });
    m = consoleReducer(m, { type: 'open', conversationId: 'c1' });
    m = consoleReducer(m, { type: 'detail', detail: detail('c1', { messages: [msg({ id: 'x', seq: 1 })] }) });
    const incoming = msg({ id: 'y', seq: 2 });
    m = consoleReducer(m, { type: 'message', message: incoming, isVisible: true });
    m = consoleReducer(m, { type: 'message', message: incoming, isVisible: true });
    expect(m.detail?.messages.map((x) => x.id)).toEqual(['x', 'y']);
    expect(m.detail?.conversation.lastSeq).toBe(2);
    m = consoleReducer(m, { type: 'message', message: msg({ id: 'z', seq: 1, conversationId: 'c2', text: 'hello' }), isVisible: false });
    expect(m.unread.c2).toBe(1);
    expect(m.previews.c2).toBe('hello');
  });

  test('an earlier page goes before the transcript; a reload keeps it unless the new latest page leaves a hole', () => {
    const seqs = (m: ConsoleModel) => m.detail?.messages.map((x) => x.seq);
    const page = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => msg({ id: `m${from + i}`, seq: from + i }));
    let m = synced({ mine: [conv({ id: 'c1' })] });
    m = consoleReducer(m, { type: 'open', conversationId: 'c1' });
    m = consoleReducer(m, { type: 'detail', detail: detail('c1', { conversation: conv({ id: 'c1', lastSeq: 6 }), messages: page(4, 6), fromSeq: 4, hasEarlier: true }) });
    m = consoleReducer(m, { type: 'earlier', conversationId: 'c2', page: { messages: page(1, 3), fromSeq: 1, hasEarlier: false } });
    expect(seqs(m)).toEqual([4, 5, 6]);
    m = consoleReducer(m, { type: 'earlier', conversationId: 'c1', page: { messages: page(1, 3), fromSeq: 1, hasEarlier: false } });
    expect(seqs(m)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.detail).toMatchObject({ fromSeq: 1, hasEarlier: false });
    // A reconnect's latest page overlaps what is held: the earlier pages stay.
    m = consoleReducer(m, { type: 'detail', detail: detail('c1', { conversation: conv({ id: 'c1', lastSeq: 7 }), messages: page(5, 7), fromSeq: 5, hasEarlier: true }) });
    expect(seqs(m)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(m.detail).toMatchObject({ fromSeq: 1, hasEarlier: false });
    // Many came in meanwhile: the held messages would sit before a gap, so the new page replaces them.
    m = consoleReducer(m, { type: 'detail', detail: detail('c1', { conversation: conv({ id: 'c1', lastSeq: 30 }), messages: page(20, 30), fromSeq: 20, hasEarlier: true }) });
    expect(seqs(m)?.[0]).toBe(20);
    expect(m.detail).toMatchObject({ fromSeq: 20, hasEarlier: true });
    // A take's detail replaces the pages read before it: as a preview they had no internal notes.
    m = consoleReducer(m, { type: 'earlier', conversationId: 'c1', page: { messages: page(10, 19), fromSeq: 10, hasEarlier: true } });
    m = consoleReducer(m, { type: 'detail', isFresh: true, detail: detail('c1', { conversation: conv({ id: 'c1', lastSeq: 30 }), messages: page(20, 30), fromSeq: 20, hasEarlier: true }) });
    expect(seqs(m)?.[0]).toBe(20);
  });

  test('a detail that arrives after the agent moved on is dropped', () => {
    let m = synced();
    m = consoleReducer(m, { type: 'open', conversationId: 'c1' });
    m = consoleReducer(m, { type: 'open', conversationId: 'c2' });
    m = consoleReducer(m, { type: 'detail', detail: detail('c1') });
    expect(m.detail).toBeNull();
  });

  test('typing shows the draft and clears when the shopper sends', () => {
    let m = synced();
    m = consoleReducer(m, { type: 'typing', conversationId: 'c1', isTyping: true, draft: 'where is', at: 1 });
    expect(m.typing.c1?.draft).toBe('where is');
    m = consoleReducer(m, { type: 'message', message: msg({ id: 'a', seq: 1 }), isVisible: false });
    expect(m.typing.c1).toBeUndefined();
    m = consoleReducer(m, { type: 'typing', conversationId: 'c1', isTyping: true, draft: null, at: 2 });
    m = consoleReducer(m, { type: 'typing', conversationId: 'c1', isTyping: false, draft: null, at: 3 });
    expect(m.typing).toEqual({});
  });

  test('shopper read marks only move forward; SLA breaches are newest first', () => {
    let m = synced();
    m = consoleReducer(m, { type: 'open', conversationId: 'c1' });
    m = consoleReducer(m, { type: 'detail', detail: detail('c1') });
    m = consoleReducer(m, { type: 'shopperRead', conversationId: 'c1', upToSeq: 4 });
    m = consoleReducer(m, { type: 'shopperRead', conversationId: 'c1', upToSeq: 2 });
    expect(m.detail?.conversation.shopperReadSeq).toBe(4);
    m = consoleReducer(m, { type: 'sla', breach: { conversationId: 'c1', priority: 'high', waitedMs: 1, at: 1 } });
    m = consoleReducer(m, { type: 'sla', breach: { conversationId: 'c2', priority: 'urgent', waitedMs: 2, at: 2 } });
    expect(m.slaBreaches.map((b) => b.conversationId)).toEqual(['c2', 'c1']);
  });

  test('a chat moved away from the agent leaves the console: its transcript and notes, the shopper\'s draft, its count', () => {
    let m = synced({ mine: [conv({ id: 'c1' }), conv({ id: 'c2' })], unread: { c1: 2, c2: 1 } });
    m = consoleReducer(m, { type: 'open', conversationId: 'c1' });
    m = consoleReducer(m, { type: 'detail', detail: detail('c1', { messages: [msg({ id: 'x', seq: 1 }), msg({ id: 'n', seq: 2, sender: 'agent', internal: true, text: 'VIP' })] }) });
    m = consoleReducer(m, { type: 'typing', conversationId: 'c1', isTyping: true, draft: 'my card is', at: 1 });
    m = consoleReducer(m, { type: 'typing', conversationId: 'c2', isTyping: true, draft: 'hi', at: 1 });
    m = consoleReducer(m, { type: 'accessEnded', conversationId: 'c1', access: 'none' });
    expect(m.detail).toBeNull();
    expect(m.openId).toBeNull();
    expect(m.typing).toEqual({ c2: { draft: 'hi', since: 1 } });
    expect(m.unread).toEqual({ c2: 1 });
    // Another chat's state is not touched; an end for a chat not open only drops its own state.
    m = consoleReducer(m, { type: 'open', conversationId: 'c2' });
    m = consoleReducer(m, { type: 'detail', detail: detail('c2') });
    m = consoleReducer(m, { type: 'accessEnded', conversationId: 'c1', access: 'none' });
    expect(m.detail?.conversation.id).toBe('c2');
    // A late answer for the chat that went is not shown.
    m = consoleReducer(m, { type: 'detail', detail: detail('c1') });
    expect(m.detail?.conversation.id).toBe('c2');
  });

  test('a chat moved to a department the agent serves stays open as a preview: public messages only', () => {
    let m = synced({ mine: [conv({ id: 'c1' })] });
    m = consoleReducer(m, { type: 'open', conversationId: 'c1' });
    m = consoleReducer(m, { type: 'detail', detail: detail('c1', { messages: [msg({ id: 'x', seq: 1 }), msg({ id: 'n', seq: 2, sender: 'agent', internal: true, text: 'VIP' }), msg({ id: 'r', seq: 3, sender: 'agent' })] }) });
    m = consoleReducer(m, { type: 'typing', conversationId: 'c1', isTyping: true, draft: 'my card is', at: 1 });
    m = consoleReducer(m, { type: 'accessEnded', conversationId: 'c1', access: 'preview' });
    expect(m.openId).toBe('c1');
    expect(m.detail?.messages.map((x) => x.id)).toEqual(['x', 'r']);
    expect(m.typing).toEqual({});
  });

  test('a previewed chat taken by another agent closes, with a notice only while it was on screen', () => {
    let m = synced({ queue: [entry({ conversationId: 'q1' })] });
    m = consoleReducer(m, { type: 'open', conversationId: 'q1' });
    m = consoleReducer(m, { type: 'detail', detail: detail('q1', { conversation: conv({ id: 'q1', status: 'waiting', assignedAgentId: null }), messages: [msg({ id: 'x', seq: 1, conversationId: 'q1' })] }) });
    const wasOpen = m.openId === 'q1';
    m = consoleReducer(m, { type: 'accessEnded', conversationId: 'q1', access: 'none' });
    expect(m.openId).toBeNull();
    expect(m.detail).toBeNull();
    expect(accessEndedNotice({ was: 'preview', wasOpen, isOwnHandover: false })).toBe('notice.previewEnded');
    // A preview the agent had already left: nothing on screen changed, so nothing to say.
    expect(accessEndedNotice({ was: 'preview', wasOpen: false, isOwnHandover: false })).toBeNull();
    // Full access ended keeps its notice, whether or not the chat was on screen, unless it was the agent's own act.
    expect(accessEndedNotice({ was: 'full', wasOpen: false, isOwnHandover: false })).toBe('notice.accessEnded');
    expect(accessEndedNotice({ was: 'full', wasOpen: true, isOwnHandover: true })).toBeNull();
  });

  test('assigned with a summary attaches it to the open conversation', () => {
    let m = synced();
    m = consoleReducer(m, { type: 'open', conversationId: 'c1' });
    m = consoleReducer(m, { type: 'detail', detail: detail('c1') });
    const summary = { reason: 'request' as const, intent: null, topIntents: [], orderNumbers: ['A1'], emails: [], sentiment: null, note: null };
    m = consoleReducer(m, { type: 'assigned', conversation: conv({ id: 'c1' }), summary });
    expect(m.detail?.conversation.handoff?.orderNumbers).toEqual(['A1']);
  });
});

test('a sync brings the breaches from before this connection and keeps the live ones', () => {
  const live = consoleReducer(synced(), { type: 'sla', breach: { conversationId: 'c2', priority: 'high', waitedMs: 200_000, at: 20 } });
  const resynced = consoleReducer(live, {
    type: 'synced',
    state: { agent: me, presence: [], queue: [], mine: [], unread: {}, departments: ['general'], cannedResponses: [], slaBreaches: [{ conversationId: 'c1', priority: 'normal', waitedMs: 400_000, at: 10 }], attachmentMaxBytes: 1024 },
  });
  expect(resynced.slaBreaches.map((b) => b.conversationId)).toEqual(['c2', 'c1']);
});
