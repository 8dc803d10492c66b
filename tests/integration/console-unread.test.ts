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
import { startServer, type TestServer, waitingShopper } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** The console's connection, syncing on every (re)connect as use-console does; records each command it sends. */
async function console_(): Promise<{ connection: Connection; model: () => ConsoleModel; sent: CommandName[]; nextSync: () => Promise<void>; close(): void }> {
  const agent = await server.createAgent({ maxChats: 5 });
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
