/**
 * The console's transcript a page at a time, on a real server with real sockets: conversation:get carries a long
 * chat's latest page (once its first 5,000 messages), message:list the pages before it, under conversation:get's
 * access rules: internal notes for full access only, the chat a case links to as a preview for the case's agents.
 */
import type { ConversationDetail, TranscriptPage } from '../../shared/events';
import { LIMITS } from '../../shared/limits';
import type { Agent, Message } from '../../shared/model';
import { call, callOk, startServer, type AgentSocket, type TestServer, waitingShopper } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** A chat taken by `owner`, then 450 messages written straight to the store (fast), every 10th an internal note. */
async function longChat(owner: { agent: Agent; socket: AgentSocket }): Promise<string> {
  const { shopper, id } = await waitingShopper(server);
  await callOk(owner.socket, 'conversation:take', { conversationId: id });
  for (let i = 0; i < 450; i += 1) {
    const note = i % 10 === 9;
    await server.store.messages.append(
      note
        ? { conversationId: id, clientId: null, sender: 'agent', agentId: owner.agent.id, text: `note ${i}`, internal: true }
        : { conversationId: id, clientId: null, sender: 'shopper', text: `message ${i}` },
    );
  }
  return id;
}

/** The latest page by conversation:get, then every earlier one by message:list, as the console walks back. */
async function walkBack(socket: AgentSocket, conversationId: string): Promise<{ first: ConversationDetail; pages: TranscriptPage[] }> {
  const first = await callOk<ConversationDetail>(socket, 'conversation:get', { conversationId });
  const pages: TranscriptPage[] = [first];
  while (pages.at(-1)!.hasEarlier) {
    pages.push(await callOk<TranscriptPage>(socket, 'message:list', { conversationId, beforeSeq: pages.at(-1)!.fromSeq }));
    expect(pages.length).toBeLessThan(10);
  }
  return { first, pages };
}

const seqs = (messages: Message[]) => messages.map((m) => m.seq);

test('the detail carries the latest page; message:list gives the earlier ones back to the start, each message once', async () => {
  const a = await server.createAgent();
  const owner = { agent: a, socket: await server.agent(a) };
  const id = await longChat(owner);
  const stored = await server.store.messages.listSince(id, 0, { includeInternal: true });
  expect(stored.length).toBeGreaterThan(2 * LIMITS.transcriptPage);

  const { first, pages } = await walkBack(owner.socket, id);
  expect(first.messages.length).toBe(LIMITS.transcriptPage);
  expect(first.messages.at(-1)?.text).toBe('note 449');
  expect(first.hasEarlier).toBe(true);
  expect(pages.length).toBe(Math.ceil(stored.length / LIMITS.transcriptPage));
  const all = pages.reverse().flatMap((p) => p.messages);
  expect(seqs(all)).toEqual(seqs(stored));
  expect(all.filter((m) => m.internal)).toHaveLength(45);
});

test('message:list follows conversation:get: another agent is refused, a supervisor reads the notes', async () => {
  const a = await server.createAgent();
  const owner = { agent: a, socket: await server.agent(a) };
  const id = await longChat(owner);
  const beforeSeq = (await callOk<ConversationDetail>(owner.socket, 'conversation:get', { conversationId: id })).fromSeq;

  const other = await server.agent(await server.createAgent());
  expect(await call(other, 'message:list', { conversationId: id, beforeSeq })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  const supervisor = await server.agent(await server.createAgent({ role: 'supervisor' }));
  const page = await callOk<TranscriptPage>(supervisor, 'message:list', { conversationId: id, beforeSeq });
  expect(page.messages.some((m) => m.internal)).toBe(true);
  expect(Math.max(...seqs(page.messages))).toBe(beforeSeq - 1);

  // Validated at the socket edge like the other commands.
  for (const bad of [{ conversationId: id }, { conversationId: id, beforeSeq: 0 }, { conversationId: id, beforeSeq: 'x' }, { beforeSeq: 5 }]) {
    expect(await call(owner.socket, 'message:list', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  }
  expect(await call(owner.socket, 'message:list', { conversationId: 'no-such-chat', beforeSeq: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

test('the chat a case links to: the case\'s agents page it back without internal notes; other departments are refused', async () => {
  const a = await server.createAgent();
  const owner = { agent: a, socket: await server.agent(a) };
  const id = await longChat(owner);
  await callOk(owner.socket, 'conversation:close', { conversationId: id, resolution: 'not_resolved' });
  const chat = (await server.store.conversations.get(id))!;
  await server.store.cases.create({
    siteId: chat.siteId, priority: 'C', department: 'billing', category: 'general', subject: 'refund', locale: 'en', source: 'form',
    customerId: null, visitorId: chat.visitorId, conversationId: id, contactName: null, contactEmail: null, assigneeId: null,
    firstResponseDueAt: null, resolutionDueAt: null, tierDueAt: null, createdAt: Date.now(), actor: { kind: 'customer', id: null },
  });

  const billing = await server.agent(await server.createAgent({ departments: ['billing'] }));
  const { first, pages } = await walkBack(billing, id);
  const all = pages.flatMap((p) => p.messages);
  expect(all.some((m) => m.internal)).toBe(false);
  expect(all.filter((m) => m.text.startsWith('message ')).length).toBe(405);
  expect(first.messages.at(-1)?.text).not.toMatch(/^note/);

  const orders = await server.agent(await server.createAgent({ departments: ['orders'] }));
  expect(await call(orders, 'message:list', { conversationId: id, beforeSeq: first.fromSeq })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});
