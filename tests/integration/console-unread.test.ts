/**
 * The console's unread counts after a reconnect come from the server's sync, exact however many messages
 * wait. The console's own connection, sync and reducer (widget/console) run here against a real server; the
 * server drops the socket and the connection reconnects by itself, as after a network blip.
 */
import { LIMITS } from '../../shared/limits';
import type { Conversation } from '../../shared/model';
import { createConnection, type CommandName, type Connection } from '../../widget/console/connection';
import { consoleReducer, initialModel, type ConsoleModel } from '../../widget/console/state/console-model';
import { syncConsole } from '../../widget/console/state/console-sync';
import { clientId, startServer, type TestServer, waitingShopper } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/**
 * The console's connection, syncing on every (re)connect as use-console does; records each command it sends.
 * A new agent unless `signedIn` is given (then another device of that agent).
 */
async function console_(
  signedIn?: { email: string; password: string },
): Promise<{ connection: Connection; model: () => ConsoleModel; sent: CommandName[]; nextSync: () => Promise<void>; close(): void }> {
  const agent = signedIn ?? (await server.createAgent({ maxChats: 5 }));
  const connection = createConnection(await server.login(agent.email, agent.password), server.url);
  let model = initialModel;
  const sent: CommandName[] = [];
  const recording: Pick<Connection, 'request'> = {
    request: (event, payload) => {
      sent.push(event);
      return connection.request(event, payload);
    },
  };
  let synced: () => void = () => undefined;
  let next = new Promise<void>((resolve) => (synced = resolve));
  connection.onConnect(() => {
    void syncConsole(recording, (a) => (model = consoleReducer(model, a)), () => undefined).then(() => {
      const done = synced;
      next = new Promise<void>((resolve) => (synced = resolve));
      done();
    });
  });
  await next;
  return { connection, model: () => model, sent, nextSync: () => next, close: () => connection.close() };
}

/** A chat taken by the console's agent and read by them to its end. */
async function readChat(connection: Connection): Promise<Conversation> {
  const { id } = await waitingShopper(server);
  const taken = await connection.request('conversation:take', { conversationId: id });
  if (!taken.ok) throw new Error(taken.error.code);
  const read = await connection.request('read:mark', { conversationId: id, upToSeq: taken.data.conversation.lastSeq });
  if (!read.ok) throw new Error(read.error.code);
  return taken.data.conversation;
}

test('after a reconnect a chat with more unread shopper messages than a transcript page shows them all, with no transcript fetched', async () => {
  const c = await console_();
  try {
    const busy = await readChat(c.connection);
    const quiet = await readChat(c.connection);
    // Written straight to the store: no live events, only the next sync can tell the console.
    const unread = LIMITS.transcriptPage + 50;
    for (let i = 0; i < unread; i += 1) {
      await server.store.messages.append({ conversationId: busy.id, clientId: null, sender: 'shopper', text: `still there? ${i}` });
      // Work that is not the shopper's: never unread.
      if (i % 50 === 0) {
        await server.store.messages.append({ conversationId: busy.id, clientId: null, sender: 'agent', agentId: 'someone', text: 'note', internal: true });
        await server.store.messages.append({ conversationId: busy.id, clientId: null, sender: 'system', text: 'Requeued', event: { kind: 'requeued' } });
        await server.store.messages.append({ conversationId: busy.id, clientId: null, sender: 'bot', text: 'An agent will be with you shortly.' });
      }
    }

    const resynced = c.nextSync();
    c.sent.length = 0;
    for (const socket of server.app.io.of('/agent').sockets.values()) socket.disconnect(true);
    await resynced;

    expect(c.model().mine.map((m) => m.id).sort()).toEqual([busy.id, quiet.id].sort());
    expect(c.model().unread[busy.id]).toBe(unread);
    expect(c.model().unread[quiet.id] ?? 0).toBe(0);
    expect(c.sent).toEqual(['console:sync', 'conversation:list']);
  } finally {
    c.close();
  }
});

test("an agent's reply moves their read mark on the server: a console opened later (a reload, another device) shows the chat read; a note does not", async () => {
  const agent = await server.createAgent({ maxChats: 5 });
  const first = await console_(agent);
  try {
    const replied = await readChat(first.connection);
    const noted = await readChat(first.connection);
    for (const chat of [replied, noted]) {
      for (const text of ['hello?', 'my parcel is late', 'order 10023']) {
        await server.store.messages.append({ conversationId: chat.id, clientId: null, sender: 'shopper', text });
      }
    }
    // No read:mark from the console: the reply alone must say the agent read what came before it.
    const reply = await first.connection.request('message:send', { conversationId: replied.id, clientId: clientId(), text: 'Let me check.', internal: false });
    if (!reply.ok) throw new Error(reply.error.code);
    const note = await first.connection.request('message:send', { conversationId: noted.id, clientId: clientId(), text: 'VIP', internal: true });
    if (!note.ok) throw new Error(note.error.code);

    expect((await server.store.conversations.get(replied.id))?.agentReadSeq).toBe(reply.data.message.seq);
    const second = await console_(agent);
    try {
      expect(second.model().unread[replied.id] ?? 0).toBe(0);
      expect(second.model().unread[noted.id]).toBe(3);
    } finally {
      second.close();
    }
  } finally {
    first.close();
  }
});
