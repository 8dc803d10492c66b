import { emailKey } from '../../../server/store/common/email-key';
import { newConversation } from '../../../server/store/common/new-conversation';
import { priorityRank } from '../../../server/store/common/priority-rank';
import { newId } from '../../../server/store/ids';

describe('store rules shared by both adapters', () => {
  it('compares agent emails case-insensitively, ignoring surrounding spaces', () => {
    expect(emailKey(' Ana@Shop.Example ')).toBe('ana@shop.example');
  });

  it('ranks priorities urgent < high < normal < low', () => {
    expect(['low', 'urgent', 'normal', 'high'].map((p) => priorityRank(p as 'low')).sort()).toEqual([0, 1, 2, 3]);
    expect(priorityRank('urgent')).toBeLessThan(priorityRank('high'));
    expect(priorityRank('normal')).toBeLessThan(priorityRank('low'));
  });

  it('makes random URL-safe ids', () => {
    const ids = new Set(Array.from({ length: 100 }, newId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(encodeURIComponent(id)).toBe(id);
  });

  it('starts conversations with the bot, in general, at normal priority, with department and page when given', () => {
    const c = newConversation({ siteId: 's', visitorId: 'v', locale: 'zh' }, 'id1', 42);
    expect(c).toMatchObject({ id: 'id1', status: 'bot', department: 'general', priority: 'normal', lastSeq: 0, tags: [], pageUrl: null, createdAt: 42, updatedAt: 42 });
    expect(Object.values(c)).not.toContain(undefined);
    const d = newConversation({ siteId: 's', visitorId: 'v', locale: 'en', department: 'sales', pageUrl: 'https://x' }, 'id2', 1);
    expect(d).toMatchObject({ department: 'sales', pageUrl: 'https://x' });
  });
});
