import type Database from 'better-sqlite3';
import type { GroupCommit } from './group-commit';
import type { Ticket } from '../../../shared/model';
import { newId } from '../ids';
import type { NewTicket, TicketStore } from '../store';
import { toTicket, type TicketRow } from './rows';
import type { SqlValue } from './set-clause';
import { statementCache } from './statement-cache';

const DEFAULT_LIMIT = 50;

/**
 * Tickets in SQLite. Numbers come from the counters table (an upsert that returns the new value), not
 * MAX(number)+1, so a number is never reused. reply_seen is internal: whether the visitor was shown the reply.
 */
export function createTicketsStore(db: Database.Database, group: GroupCommit): TicketStore {
  const prepare = statementCache(db);
  const nextNumber = db.prepare<[], { value: number }>(
    `INSERT INTO counters (name, value) VALUES ('ticket', 1)
     ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const insert = db.prepare(`INSERT INTO tickets (id, number, site_id, visitor_id, conversation_id, department, name,
      email, message, status, reply, replied_by, created_at, replied_at)
    VALUES (@id, @number, @siteId, @visitorId, @conversationId, @department, @name, @email, @message, @status,
      @reply, @repliedBy, @createdAt, @repliedAt)`);
  const byId = db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE id = ?');
  const reply = db.prepare<[Record<string, SqlValue>], TicketRow>(
    `UPDATE tickets SET reply = @text, replied_by = @agentId, replied_at = @at, status = 'answered', reply_seen = 0
     WHERE id = @id AND (@onlyOwn = 0 OR replied_by IS NULL OR replied_by = @agentId) RETURNING *`,
  );

  const create = db.transaction((input: NewTicket): Ticket => {
    const number = nextNumber.get()?.value ?? 1;
    const ticket: Ticket = {
      id: newId(),
      number,
      ...input,
      status: 'open',
      reply: null,
      repliedBy: null,
      createdAt: Date.now(),
      repliedAt: null,
    };
    insert.run(ticket);
    return ticket;
  });

  return {
    async create(input) {
      return group.write(() => create({
        siteId: input.siteId,
        visitorId: input.visitorId,
        conversationId: input.conversationId ?? null,
        department: input.department,
        name: input.name,
        email: input.email,
        message: input.message,
      }));
    },
    async get(id) {
      const row = byId.get(id);
      return row ? toTicket(row) : null;
    },
    async list(query) {
      const where: string[] = [];
      const params: Record<string, SqlValue> = { limit: Math.max(0, Math.trunc(query.limit ?? DEFAULT_LIMIT)) };
      if (query.status !== undefined) {
        where.push('status = @status');
        params.status = query.status;
      }
      if (query.visitorId !== undefined) {
        where.push('visitor_id = @visitorId');
        params.visitorId = query.visitorId;
      }
      const sql = `SELECT * FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY number DESC LIMIT @limit`;
      return prepare<[Record<string, SqlValue>], TicketRow>(sql).all(params).map(toTicket);
    },
    async reply(id, text, agentId, opts = {}) {
      const row = await group.write(() => reply.get({ text, agentId, at: Date.now(), id, onlyOwn: opts.onlyOwn ? 1 : 0 }));
      return row ? toTicket(row) : null;
    },
  };
}
