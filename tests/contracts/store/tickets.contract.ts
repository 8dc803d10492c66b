import type { NewTicket } from '../../../server/store/store';
import { newSite, uid, type GetStore } from './helpers';

const newTicket = (over: Partial<NewTicket> = {}): NewTicket => ({
  siteId: newSite(),
  visitorId: uid(),
  conversationId: null,
  department: 'general',
  name: 'Li Wei',
  email: 'li@example.com',
  message: 'Please call me back about order A-1001',
  ...over,
});

/** TicketStore rules. */
export function ticketsContract(store: GetStore): void {
  describe('tickets', () => {
    it('creates open tickets with increasing numbers', async () => {
      const input = newTicket({ conversationId: uid() });
      const t1 = await store().tickets.create(input);
      const t2 = await store().tickets.create(newTicket());
      expect(t1).toEqual({
        id: expect.any(String), number: expect.any(Number), ...input, status: 'open', reply: null, repliedBy: null,
        createdAt: expect.any(Number), repliedAt: null,
      });
      expect(t1.number).toBeGreaterThanOrEqual(1);
      expect(t2.number).toBeGreaterThan(t1.number);
      expect(await store().tickets.get(t1.id)).toEqual(t1);
      expect(await store().tickets.get(uid())).toBeNull();
    });

    it('gives 20 concurrent tickets distinct numbers', async () => {
      const tickets = await Promise.all(Array.from({ length: 20 }, () => store().tickets.create(newTicket())));
      expect(new Set(tickets.map((t) => t.number)).size).toBe(20);
    });

    it('records a reply, and returns null for an unknown ticket', async () => {
      const t = await store().tickets.create(newTicket());
      const replied = await store().tickets.reply(t.id, 'Shipped today.', 'agent-1');
      expect(replied).toEqual({ ...t, status: 'answered', reply: 'Shipped today.', repliedBy: 'agent-1', repliedAt: expect.any(Number) });
      expect(await store().tickets.get(t.id)).toEqual(replied);
      expect(await store().tickets.reply(uid(), 'x', 'agent-1')).toBeNull();
    });

    it('onlyOwn: a reply is not overwritten by another agent, even when both reply at once', async () => {
      const t = await store().tickets.create(newTicket());
      const both = await Promise.all([
        store().tickets.reply(t.id, 'from a', 'agent-a', { onlyOwn: true }),
        store().tickets.reply(t.id, 'from b', 'agent-b', { onlyOwn: true }),
      ]);
      expect(both.filter((r) => r !== null)).toHaveLength(1);
      const winner = both.find((r) => r !== null)!;
      const loser = winner.repliedBy === 'agent-a' ? 'agent-b' : 'agent-a';
      expect(await store().tickets.reply(t.id, 'again', loser, { onlyOwn: true })).toBeNull();
      expect(await store().tickets.reply(t.id, 'corrected', winner.repliedBy!, { onlyOwn: true })).toMatchObject({ reply: 'corrected' });
      expect(await store().tickets.reply(t.id, 'replaced', 'supervisor-1')).toMatchObject({ reply: 'replaced', repliedBy: 'supervisor-1' });
    });

    it('lists by status and visitor, newest number first, limited', async () => {
      const visitorId = uid();
      const a = await store().tickets.create(newTicket({ visitorId }));
      const b = await store().tickets.create(newTicket({ visitorId }));
      const c = await store().tickets.create(newTicket({ visitorId }));
      await store().tickets.create(newTicket());
      await store().tickets.reply(b.id, 'done', 'agent-1');
      expect((await store().tickets.list({ visitorId })).map((t) => t.id)).toEqual([c.id, b.id, a.id]);
      expect((await store().tickets.list({ visitorId, status: 'open' })).map((t) => t.id)).toEqual([c.id, a.id]);
      expect((await store().tickets.list({ visitorId, status: 'answered' })).map((t) => t.id)).toEqual([b.id]);
      expect((await store().tickets.list({ visitorId, limit: 1 })).map((t) => t.id)).toEqual([c.id]);
      const open = await store().tickets.list({ status: 'open', limit: 500 });
      expect(open.every((t) => t.status === 'open')).toBe(true);
      expect(open.map((t) => t.id)).toEqual(expect.arrayContaining([a.id, c.id]));
    });
  });
}
