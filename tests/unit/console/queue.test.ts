import { applyQueueChanged, newlyQueued, queueStatsByDepartment } from '../../../widget/console/state/queue';
import { entry } from './fixtures';

describe('queue', () => {
  test('orders by position then by wait', () => {
    const q = applyQueueChanged([
      entry({ conversationId: 'b', position: 2 }),
      entry({ conversationId: 'a', position: 1, waitingSince: 50 }),
      entry({ conversationId: 'c', position: 1, waitingSince: 10 }),
    ]);
    expect(q.map((e) => e.conversationId)).toEqual(['c', 'a', 'b']);
  });

  test('newlyQueued finds chats that just joined', () => {
    const prev = [entry({ conversationId: 'a' })];
    const next = [entry({ conversationId: 'a' }), entry({ conversationId: 'b' })];
    expect(newlyQueued(prev, next).map((e) => e.conversationId)).toEqual(['b']);
    expect(newlyQueued(next, prev)).toEqual([]);
  });

  test('stats per department: length, oldest wait, high priority, empty departments listed', () => {
    const stats = queueStatsByDepartment(
      [
        entry({ conversationId: 'a', department: 'billing', waitingSince: 1000, priority: 'urgent' }),
        entry({ conversationId: 'b', department: 'billing', waitingSince: 4000 }),
        entry({ conversationId: 'c', department: 'general', waitingSince: 8000, priority: 'high' }),
      ],
      ['general', 'billing', 'returns'],
      10000,
    );
    expect(stats).toEqual([
      { department: 'billing', length: 2, oldestWaitMs: 9000, highPriority: 1 },
      { department: 'general', length: 1, oldestWaitMs: 2000, highPriority: 1 },
      { department: 'returns', length: 0, oldestWaitMs: 0, highPriority: 0 },
    ]);
  });
});
