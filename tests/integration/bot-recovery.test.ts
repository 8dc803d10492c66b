/**
 * Issue 15, item 7: a bot reply must not be lost to a crash. A shopper message stored just before the server
 * died is answered once after the restart (a "talk to a human" sent that way hands off), and the widget's
 * deduplicated resend of a message the bot never answered makes the bot answer it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ShopperSession } from '../../shared/events';
import type { Message } from '../../shared/model';
import { callOk, clientId, startServer, waitFor, type TestServer } from './harness';

/**
 * A shopper's message as it is after a crash between storing it and the bot's turn: stored, never told to
 * anyone. Written straight into the running server's store, past the bus, as the dead process left it.
 */
async function storeWithoutBot(server: TestServer, text: string) {
  const shopper = await server.shopper();
  const { visitorToken } = await callOk<ShopperSession>(shopper, 'session:resume', { sinceSeq: 0 });
  const greeted = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
  await callOk(shopper, 'message:send', { clientId: clientId(), text: 'hello' });
  const conversationId = (await greeted).conversationId;
  await server.app.bus.idle();
  const conversation = (await server.store.conversations.get(conversationId))!;
  const { message } = await server.store.messages.append({ conversationId, clientId: clientId(), sender: 'shopper', text });
  shopper.disconnect();
  return { visitorToken, conversation, message };
}

// Each test starts a server two or three times over one SQLite file, and each start builds the retail KB's
// index (about a second on an idle core): past jest's default 5 s on a shared machine.
jest.setTimeout(30_000);

describe('bot turns lost to a crash', () => {
  let dir: string;
  let dbFile: string;
  let server: TestServer | null = null;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-crash-'));
    dbFile = path.join(dir, 'parley.db');
  });
  afterEach(async () => {
    await server?.close();
    server = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('after a restart, an unanswered shopper message in a bot conversation is answered once', async () => {
    server = await startServer({}, { dbFile });
    const lost = await storeWithoutBot(server, 'what is your return policy');
    await server.close();
    server = await startServer({}, { dbFile });
    await server.app.started;
    await server.app.bus.idle();
    const after = await server.store.messages.listSince(lost.conversation.id, lost.message.seq);
    expect(after.map((m) => m.sender)).toEqual(['bot']);
    expect(after[0]!.bot?.intent).toMatch(/^returns\./);

    // A second start over the same store finds nothing left to answer.
    await server.close();
    server = await startServer({}, { dbFile });
    await server.app.started;
    await server.app.bus.idle();
    expect(await server.store.messages.listSince(lost.conversation.id, lost.message.seq)).toHaveLength(1);
  });

  test('a "talk to a human" lost that way hands off after the restart', async () => {
    server = await startServer({}, { dbFile });
    const lost = await storeWithoutBot(server, 'talk to a human');
    await server.close();
    server = await startServer({}, { dbFile });
    await server.app.started;
    await server.app.bus.idle();
    expect((await server.store.conversations.get(lost.conversation.id))?.status).toBe('waiting');
  });

  test('the resend of a message the bot never answered is deduplicated and answered, once', async () => {
    server = await startServer({}, { dbFile });
    const lost = await storeWithoutBot(server, 'what is your return policy');
    // The widget's outbox resends with the same clientId after reconnecting.
    const shopper = await server.shopper({ visitorToken: lost.visitorToken });
    const answered = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot' && m.seq > lost.message.seq);
    const resend = { clientId: lost.message.clientId, text: lost.message.text };
    const { message } = await callOk<{ message: Message }>(shopper, 'message:send', resend);
    expect(message.id).toBe(lost.message.id);
    expect((await answered).bot?.intent).toMatch(/^returns\./);
    await server.app.bus.idle();
    await callOk(shopper, 'message:send', resend);
    await server.app.bus.idle();
    expect(await server.store.messages.listSince(lost.conversation.id, lost.message.seq)).toHaveLength(1);
  });
});
