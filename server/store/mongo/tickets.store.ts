import type { Ticket } from '../../../shared/model';
import { newId } from '../ids';
import type { TicketStore } from '../store';
import { toTicket } from './docs';
import type { Models, TicketDoc } from './models';
import { nextCounter } from './next-counter';

const DEFAULT_LIMIT = 50;

/** Tickets in MongoDB: numbers from the counters collection; replySeen tracks what the visitor was shown. */
export function createTicketsStore(models: () => Promise<Models>): TicketStore {
  return {
    async create(input) {
      const m = await models();
      const ticket: Ticket = {
        id: newId(),
        number: await nextCounter(m, 'ticket'),
        siteId: input.siteId,
        visitorId: input.visitorId,
        conversationId: input.conversationId ?? null,
        department: input.department,
        name: input.name,
        email: input.email,
        message: input.message,
        status: 'open',
        reply: null,
        repliedBy: null,
        createdAt: Date.now(),
        repliedAt: null,
      };
      const { id, ...rest } = ticket;
      await m.tickets.create({ _id: id, ...rest, replySeen: false });
      return ticket;
    },
    async get(id) {
      const { tickets } = await models();
      const doc = await tickets.findById(id).lean<TicketDoc>();
      return doc ? toTicket(doc) : null;
    },
    async list(query) {
      const limit = Math.max(0, Math.trunc(query.limit ?? DEFAULT_LIMIT));
      if (limit === 0) return [];
      const { tickets } = await models();
      const filter = {
        ...(query.status !== undefined ? { status: query.status } : {}),
        ...(query.visitorId !== undefined ? { visitorId: query.visitorId } : {}),
      };
      return (await tickets.find(filter).sort({ number: -1 }).limit(limit).lean<TicketDoc[]>()).map(toTicket);
    },
    async reply(id, reply, agentId, opts = {}) {
      const { tickets } = await models();
      const doc = await tickets
        .findOneAndUpdate(
          opts.onlyOwn ? { _id: id, repliedBy: { $in: [null, agentId] } } : { _id: id },
          { $set: { reply, repliedBy: agentId, repliedAt: Date.now(), status: 'answered', replySeen: false } },
          { returnDocument: 'after' },
        )
        .lean<TicketDoc>();
      return doc ? toTicket(doc) : null;
    },
  };
}
