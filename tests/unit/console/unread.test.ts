import { countUnread, markRead, syncedCounts, totalUnread } from '../../../widget/console/state/unread';
import { conv, msg } from './fixtures';

const opts = { myAgentId: 'a1', isVisible: false };

describe('unread counting', () => {
  test('a sync takes the server\'s counts, the open conversation read', () => {
    const server = { c1: 2, c2: 5 };
    expect(syncedCounts(server, null)).toBe(server);
    expect(syncedCounts(server, 'c3')).toBe(server);
    expect(syncedCounts(server, 'c2')).toEqual({ c1: 2, c2: 0 });
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
