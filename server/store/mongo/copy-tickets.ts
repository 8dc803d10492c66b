/**
 * The Mongo counterpart of SQLite's migration 6: every stored ticket becomes a case with the same number
 * (ticket-to-case.ts). Runs on connect until a setting records it done. Several instances may run it at once:
 * the case is inserted first and the unique index on its number lets only one copy of each ticket in.
 */
import { ticketToCase } from '../common/ticket-to-case';
import { newId } from '../ids';
import { toTicket, toVisitor } from './docs';
import { isDuplicateKey } from './mongo-errors';
import type { AgentDoc, Models, TicketDoc, VisitorDoc } from './models';

const DONE = 'migration:tickets-to-cases';

export async function copyTicketsToCases(m: Models): Promise<void> {
  if (await m.settings.exists({ _id: DONE })) return;
  const tickets = await m.tickets.find({}).sort({ number: 1 }).lean<TicketDoc[]>();
  for (const t of tickets) {
    if (await m.cases.exists({ number: t.number })) continue;
    const visitor = await m.visitors.findById(t.visitorId).lean<VisitorDoc>();
    const replier = t.repliedBy ? await m.agents.findById(t.repliedBy, { name: 1 }).lean<Pick<AgentDoc, 'name'>>() : null;
    const copied = ticketToCase({ ...toTicket(t), replySeen: t.replySeen }, visitor ? toVisitor(visitor) : null, replier?.name ?? null);
    const { id, ...fields } = copied.case;
    try {
      await m.cases.collection.insertOne({
        _id: id as never,
        ...fields,
        events: [{ _id: newId(), at: fields.createdAt, actor: { kind: 'system', id: null }, change: { type: 'created', source: 'ticket' } }],
      });
    } catch (err) {
      if (isDuplicateKey(err)) continue;
      throw err;
    }
    await m.caseMessages.collection.insertMany(copied.messages.map(({ id: messageId, ...rest }) => ({ _id: messageId as never, ...rest })));
    if (copied.readSeq > 0) await m.caseReads.updateOne({ _id: id }, { $max: { readSeq: copied.readSeq } }, { upsert: true });
  }
  await m.settings.updateOne({ _id: DONE }, { $setOnInsert: { value: 'done' } }, { upsert: true });
}
