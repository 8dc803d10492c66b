import type { Message } from '../../../shared/model';
import { countUnread } from '../../../widget/chat/count-unread';
import { lastSeqOf, mergeMessages } from '../../../widget/chat/merge-messages';

const msg = (seq: number, over: Partial<Message> = {}): Message => ({
  id: `m${over.conversationId ?? 'c1'}-${seq}`,
  conversationId: 'c1',
  seq,
  clientId: null,
  sender: 'bot',
  agentId: null,
  senderName: null,
  text: `#${seq}`,
  internal: false,
  bot: null,
  event: null,
  attachments: [],
  createdAt: 1000 + seq,
  ...over,
});

describe('mergeMessages', () => {
  it('orders by seq and deduplicates by id', () => {
    const merged = mergeMessages([msg(1), msg(3)], [msg(2), msg(3), msg(4)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('returns the same array when nothing is new (renders can be skipped)', () => {
    const existing = [msg(1), msg(2)];
    expect(mergeMessages(existing, [msg(2)])).toBe(existing);
    expect(mergeMessages(existing, [])).toBe(existing);
  });

  it('drops internal notes defensively', () => {
    expect(mergeMessages([], [msg(1, { internal: true })])).toEqual([]);
  });

  it('keeps an older conversation before a newer one (seq restarts per conversation)', () => {
    const old = [msg(1, { createdAt: 10 }), msg(2, { createdAt: 20 })];
    const fresh = [msg(1, { conversationId: 'c2', createdAt: 30 })];
    expect(mergeMessages(old, fresh).map((m) => m.id)).toEqual(['mc1-1', 'mc1-2', 'mc2-1']);
  });

  it('orders out-of-order arrivals (a resume racing a live event)', () => {
    let list: readonly Message[] = [];
    for (const seq of [5, 1, 3, 2, 4]) list = mergeMessages(list, [msg(seq)]);
    expect(list.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('lastSeqOf / countUnread', () => {
  const list = [msg(1, { sender: 'shopper' }), msg(2), msg(3, { sender: 'agent' }), msg(4, { sender: 'system' }), msg(1, { conversationId: 'c0' })];

  it('finds the highest seq of one conversation', () => {
    expect(lastSeqOf(list, 'c1')).toBe(4);
    expect(lastSeqOf(list, 'nope')).toBe(0);
    expect(lastSeqOf([], null)).toBe(0);
  });

  it('counts bot and agent messages above the read mark', () => {
    expect(countUnread(list, 'c1', 0)).toBe(2);
    expect(countUnread(list, 'c1', 2)).toBe(1);
    expect(countUnread(list, 'c1', 4)).toBe(0);
  });
});
