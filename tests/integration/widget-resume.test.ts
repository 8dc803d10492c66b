/**
 * Issue 15 item 6: the widget's own transport (socket.io-client in Node) against a real server. A long
 * chat reloads with its newest messages, and a reconnect downloads only what was missed.
 */
import { LIMITS } from '../../shared/limits';
import type { ShopperSession } from '../../shared/events';
import { createStorage } from '../../widget/chat/create-storage';
import { connectSocketIo, createTransport, type Transport } from '../../widget/chat/transport';
import { startServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

function memoryBacking(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: () => null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

/** A widget transport over the real socket.io client; `resumes` records what each session:resume returned. */
function widget(backing: Storage): { t: Transport; resumes: ShopperSession[]; socket: () => { io: { engine: { close(): void } } } } {
  const resumes: ShopperSession[] = [];
  let raw: unknown = null;
  const t = createTransport({
    origin: server.url,
    siteId: 'demo',
    storage: createStorage('demo', () => backing),
    locale: () => 'en',
    identity: () => null,
    connect: (url, auth) => {
      const s = connectSocketIo(url, auth);
      raw = s;
      const timeout = s.timeout.bind(s);
      // Observes the acks the server sends; the transport itself is untouched.
      s.timeout = ((ms: number) => {
        const emitter = timeout(ms);
        return {
          emitWithAck: async (event: string, payload: never) => {
            const ack = (await emitter.emitWithAck(event as never, payload)) as { ok: boolean; data?: unknown };
            if (event === 'session:resume' && ack.ok) resumes.push(ack.data as ShopperSession);
            return ack;
          },
        };
      }) as never;
      return s;
    },
  });
  started.push(t);
  return { t, resumes, socket: () => raw as never };
}

const started: Transport[] = [];
afterEach(() => started.splice(0).forEach((t) => t.stop()));

const until = async (check: () => boolean, timeoutMs = 4000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('a 600-message chat reloads with its newest messages, and a reconnect downloads only what it missed', async () => {
  const backing = memoryBacking();
  const first = widget(backing);
  first.t.start();
  await until(() => first.t.state.get().isReady);
  first.t.send('hello');
  await until(() => first.t.state.get().messages.some((m) => m.sender === 'bot'));
  const conversationId = first.t.state.get().conversation!.id;
  first.t.stop();

  for (let i = 0; first.t.state.get().messages.length + i < 600; i++) {
    await server.store.messages.append({ conversationId, clientId: null, sender: 'bot', text: `history ${i}` });
  }
  const lastSeq = (await server.store.conversations.get(conversationId))!.lastSeq;
  expect(lastSeq).toBeGreaterThanOrEqual(600);

  // A reload: a new transport on the same storage.
  const second = widget(backing);
  second.t.start();
  await until(() => second.t.state.get().isReady);
  const shown = second.t.state.get().messages;
  expect(shown.length).toBeLessThanOrEqual(LIMITS.historyPage);
  expect(shown[shown.length - 1]!.seq).toBe(lastSeq);

  // A dropped connection: the resume asks from the last seq held, for this conversation.
  await server.store.messages.append({ conversationId, clientId: null, sender: 'bot', text: 'missed while away' });
  second.socket().io.engine.close();
  await until(() => second.resumes.length === 2, 8000);
  expect(second.resumes[1]!.messages.map((m) => m.text)).toEqual(['missed while away']);
  await until(() => second.t.state.get().messages.some((m) => m.text === 'missed while away'));
  second.t.stop();
});
