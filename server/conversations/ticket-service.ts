/** Tickets: the message a shopper leaves when nobody can chat, and the agent's reply (stored, then mailed). */
import { AppError } from '../../shared/errors';
import type { Agent, Ticket, TicketStatus } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { Store } from '../store/store';
import { assertMayReply, isSupervisor } from './agent-access';
import type { MailOutbox } from '../mail/mail-outbox';
import { ticketReplyMail } from './ticket-mail';
import type { ShopperContext } from './shopper-service';

export function createTicketService(deps: { store: Store; bus: Bus; mail: MailOutbox }) {
  const { store, bus } = deps;
  return {
    async create(ctx: ShopperContext, p: { name: string; email: string; message: string }): Promise<{ number: number }> {
      const conversation = await store.conversations.findLatestByVisitor(ctx.visitor.id);
      const ticket = await store.tickets.create({
        siteId: ctx.visitor.siteId,
        visitorId: ctx.visitor.id,
        conversationId: conversation?.id ?? null,
        department: conversation?.department ?? 'general',
        name: p.name,
        email: p.email,
        message: p.message,
      });
      const identity = ctx.visitor.identity;
      if (!identity.email || !identity.name) {
        await store.visitors.update(ctx.visitor.id, {
          identity: { ...identity, name: identity.name ?? p.name, email: identity.email ?? p.email },
        });
      }
      bus.emit('ticket.created', { ticket });
      return { number: ticket.number };
    },

    async list(_agent: Agent, p: { status?: TicketStatus }): Promise<{ tickets: Ticket[] }> {
      return { tickets: await store.tickets.list({ status: p.status, limit: 200 }) };
    },

    async reply(agent: Agent, p: { ticketId: string; text: string }): Promise<{ ticket: Ticket }> {
      const current = await store.tickets.get(p.ticketId);
      if (!current) throw new AppError('NOT_FOUND', { message: 'No such ticket.' });
      assertMayReply(agent, current);
      // The same rule again inside the store's update: another agent may have replied since we read it.
      const ticket = await store.tickets.reply(p.ticketId, p.text, agent.id, { onlyOwn: !isSupervisor(agent) });
      if (!ticket) throw new AppError('ALREADY_TAKEN', { message: 'Another agent has already replied to this ticket.' });
      const visitor = await store.visitors.get(ticket.visitorId);
      // The reply is stored first and mailed in the background: a slow or failing mail server must neither
      // undo it nor hold up the agent's acknowledgement (the shopper also sees it in the widget).
      deps.mail.enqueue(ticketReplyMail(ticket.email, ticket.number, p.text, ticket.message, visitor?.locale ?? 'en'), {
        kind: 'ticket.reply',
        ticket: ticket.number,
      });
      return { ticket };
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
