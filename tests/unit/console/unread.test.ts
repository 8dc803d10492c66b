import { countUnread, keepCounts, markRead, needsRecount, totalUnread, unreadInTranscript } from '../../../widget/console/state/unread';
import { conv, msg } from './fixtures';

const opts = { myAgentId: 'a1', isVisible: false };

describe('unread counting', () => {
  test('after a sync only conversations with activity past the read mark are recounted', () => {
    const list = [conv({ id: 'c1', lastSeq: 7, agentReadSeq: 4 }), conv({ id: 'c2', lastSeq: 5, agentReadSeq: 5 })];
    expect(needsRecount(list).map((c) => c.id)).toEqual(['c1']);
  });

  test('a recount counts shopper messages past the read mark, not system notices', () => {
    const transcript = [
      msg({ id: 'a', seq: 4 }),
      msg({ id: 'b', seq: 5 }),
      msg({ id: 'c', seq: 6, sender: 'system', event: { kind: 'requeued' } }),
      msg({ id: 'd', seq: 7, sender: 'system', event: { kind: 'assigned', agentName: 'Ann' } }),
    ];
    expect(unreadInTranscript(transcript, 4)).toBe(1);
  });

  test('a resync keeps live counts of conversations still listed', () => {
    expect(keepCounts({ c1: 2, c2: 0, gone: 5 }, ['c1', 'c2'])).toEqual({ c1: 2 });
  });

  test('counts shopper messages only', () => {
    let c = countUnread({}, msg({ id: 'a', seq: 1 }), opts);
    c = countUnread(c, msg({ id: 'b', seq: 2, sender: 'bot' }), opts);
    c = countUnread(c, msg({ id: 'c', seq: 3, sender: 'system' }), opts);
    c = countUnread(c, msg({ id: 'd', seq: 4 }), opts);
    expect(c).toEqual({ c1: 2 });
  });

  test('a visible conversation is read on arrival', () => {
    expect(countUnread({ c1: 2 }, msg({ id: 'a', seq: 1 }), { ...opts, isVisible: true })).toEqual({ c1: 0 });
  });

  test('my own reply clears the count, my internal note and other agents do not', () => {
    const mine = msg({ id: 'a', seq: 1, sender: 'agent', agentId: 'a1' });
    expect(countUnread({ c1: 3 }, mine, opts)).toEqual({ c1: 0 });
    expect(countUnread({ c1: 3 }, { ...mine, internal: true }, opts)).toEqual({ c1: 3 });
    expect(countUnread({ c1: 3 }, { ...mine, agentId: 'a2' }, opts)).toEqual({ c1: 3 });
  });

  test('markRead keeps identity when already clear; totals only listed ids', () => {
    const counts = { c1: 0, c2: 4, c3: 1 };
    expect(markRead(counts, 'c1')).toBe(counts);
    expect(markRead(counts, 'c2')).toEqual({ c1: 0, c2: 0, c3: 1 });
    expect(totalUnread(counts, ['c2', 'c3', 'zz'])).toBe(5);
  });
});
