import { extractDetails } from '../../../server/handoff/extract-details';
import { pickAgent, type AgentCandidate } from '../../../server/handoff/pick-agent';
import { maxPriority, priorityFromIdentity } from '../../../server/handoff/priority';
import { estimateWaitSec, toQueueEntries } from '../../../server/handoff/queue-view';
import type { Conversation } from '../../../shared/model';

const agent = (agentId: string, o: Partial<AgentCandidate> = {}): AgentCandidate => ({
  agentId, departments: ['general'], activeChats: 0, maxChats: 3, lastAssignedAt: 0, ...o,
});

describe('pickAgent', () => {
  test('least busy wins; ties go to the longest idle', () => {
    expect(pickAgent([agent('a', { activeChats: 2 }), agent('b', { activeChats: 1 })], 'general', null)?.agentId).toBe('b');
    expect(pickAgent([agent('a', { lastAssignedAt: 50 }), agent('b', { lastAssignedAt: 10 })], 'general', null)?.agentId).toBe('b');
  });
  test('skills and capacity are hard limits', () => {
    expect(pickAgent([agent('a', { departments: ['returns'] })], 'orders', null)).toBeNull();
    expect(pickAgent([agent('a', { activeChats: 3 })], 'general', null)).toBeNull();
  });
  test('the preferred (last) agent wins when they have room, else the policy decides', () => {
    const list = [agent('a', { activeChats: 2 }), agent('b')];
    expect(pickAgent(list, 'general', 'a')?.agentId).toBe('a');
    expect(pickAgent([agent('a', { activeChats: 3 }), agent('b')], 'general', 'a')?.agentId).toBe('b');
    expect(pickAgent(list, 'general', 'gone')?.agentId).toBe('b');
  });
});

test('extractDetails finds order numbers and e-mails in English and Chinese', () => {
  expect(extractDetails(['Order #10023 and order no. 88812', 'mail JO@Example.com', '订单号：20231122 没到'])).toEqual({
    orderNumbers: ['10023', '88812', '20231122'],
    emails: ['jo@example.com'],
  });
  expect(extractDetails(['I am 25 years old, call 555'])).toEqual({ orderNumbers: [], emails: [] });
});

test('priorities: VIP only when verified; max picks the most urgent', () => {
  expect(priorityFromIdentity({ externalId: '1', name: null, email: null, verified: true, idVerified: true, tier: 'VIP' })).toBe('high');
  expect(priorityFromIdentity({ externalId: '1', name: null, email: null, verified: false, idVerified: false, tier: 'VIP' })).toBe('low');
  expect(maxPriority('normal', 'low', 'high')).toBe('high');
});

test('queue entries count positions per department; wait estimates grow with position', () => {
  const c = (id: string, department: string) => ({ id, department, priority: 'normal', waitingSince: 1, updatedAt: 1, locale: 'en' }) as Conversation;
  const entries = toQueueEntries([c('1', 'orders'), c('2', 'returns'), c('3', 'orders')], {});
  expect(entries.map((e) => [e.conversationId, e.position])).toEqual([['1', 1], ['2', 1], ['3', 2]]);
  expect(estimateWaitSec(1, 2, null)).toBe(60);
  expect(estimateWaitSec(3, 2, 30)).toBe(60);
  expect(estimateWaitSec(3, 0, 30)).toBe(90);
});
