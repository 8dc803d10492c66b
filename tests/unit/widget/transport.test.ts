import type { Ack } from '../../../shared/errors';
import type { Message } from '../../../shared/model';
import { createStorage } from '../../../widget/chat/create-storage';
import { readOutbox } from '../../../widget/chat/outbox';
import { createTransport, type ShopperSocketLike, type SocketAuth, type Transport } from '../../../widget/chat/transport';
import type { KeyValueStore } from '../../../widget/protocol/storage-keys';

type Handler = (...args: never[]) => void;
type Reply = Ack<unknown> | 'timeout';

/** A socket double wired to an in-memory server that assigns seqs and deduplicates by clientId. */
class FakeServer {
  messages: Message[] = [];
  sends: string[] = [];
  payloads: Record<string, unknown>[] = [];
  resumes: number[] = [];
  tokens: (string | undefined)[] = [];
  /** Override a command's reply (e.g. force a timeout or an error) for the next N calls. */
  overrides: { event: string; reply: Reply }[] = [];
  socket: FakeSocket | null = null;

  handle(event: string, payload: Record<string, unknown>): Reply {
    const i = this.overrides.findIndex((o) => o.event === event);
    if (i >= 0) return this.overrides.splice(i, 1)[0]!.reply;
    if (event === 'session:resume') {
      const since = payload.sinceSeq as number;
      this.resumes.push(since);
      return {
        ok: true,
        data: {
          visitorToken: 'token-0123456789abcdef',
          visitorId: 'v1',
          conversation: this.messages.length ? { id: 'c1', status: 'bot', agent: null, queue: null, ratingRequested: false, rating: null } : null,
          messages: this.messages.filter((m) => m.seq > since),
          agentsOnline: true,
        },
      };
    }
    if (event === 'message:send') {
      const clientId = payload.clientId as string;
      this.sends.push(clientId);
      this.payloads.push(payload);
      const existing = this.messages.find((m) => m.clientId === clientId);
      return { ok: true, data: { message: existing ?? this.add('shopper', payload.text as string, clientId) } };
    }
    return { ok: true, data: null };
  }

  add(sender: Message['sender'], text: string, clientId: string | null = null): Message {
    const seq = this.messages.length + 1;
    const m: Message = { id: `m${seq}`, conversationId: 'c1', seq, clientId, sender, agentId: null, senderName: null, text, internal: false, bot: null, event: null, attachments: [], createdAt: seq };
    this.messages.push(m);
    return m;
  }
}

class FakeSocket implements ShopperSocketLike {
  connected = false;
  active = true;
  private handlers = new Map<string, Handler[]>();
  constructor(
    private server: FakeServer,
    private auth: SocketAuth,
  ) {}
  on(event: string, fn: Handler): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
  }
  connect(): void {}
  disconnect(): void {
    this.connected = false;
  }
  timeout(): ShopperSocketLike extends { timeout(ms: number): infer R } ? R : never {
    return {
      // A test may make handle() return a promise, to hold an ack back.
      emitWithAck: async (event: string, payload: unknown) => {
        const reply: Reply = await this.server.handle(event, payload as Record<string, unknown>);
        if (reply === 'timeout') throw new Error('operation has timed out');
        return reply;
      },
    } as never;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const fn of this.handlers.get(event) ?? []) (fn as (...a: unknown[]) => void)(...args);
  }
  up(): void {
    this.server.tokens.push(this.auth().visitorToken);
    this.connected = true;
    this.fire('connect');
  }
  down(): void {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
}

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

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

// Every transport a test starts is stopped after it, so no reconnect or typing timer outlives the test.
const started: Transport[] = [];
afterEach(() => {
  for (const t of started.splice(0)) t.stop();
});

function setup(server: FakeServer, backing = memoryBacking()): { t: Transport; socket: () => FakeSocket; storage: KeyValueStore } {
  const storage = createStorage('shop', () => backing);
  let socket: FakeSocket | null = null;
  const t = createTransport({
    origin: 'https://chat.example',
    siteId: 'shop',
    storage,
    locale: () => 'en',
    identity: () => null,
    retryMs: 10,
    connect: (url, auth) => {
      expect(url).toBe('https://chat.example/shopper');
      socket = new FakeSocket(server, auth);
      server.socket = socket;
      return socket;
    },
  });
  started.push(t);
  return { t, socket: () => socket!, storage };
}

describe('transport', () => {
  it('resumes on connect, keeps the token and loads the transcript', async () => {
    const server = new FakeServer();
    server.add('shopper', 'hi', 'client-0001');
    server.add('bot', 'Hello!');
    const { t, socket, storage } = setup(server);
    t.start();
    socket().up();
    await settle();
    expect(server.resumes).toEqual([0]);
    expect(storage.get('token')).toBe('token-0123456789abcdef');
    expect(t.state.get().messages.map((m) => m.text)).toEqual(['hi', 'Hello!']);
    expect(t.state.get().isReady).toBe(true);
  });

  it('sends the stored token in the handshake on every reconnect', async () => {
    const server = new FakeServer();
    const { t, socket } = setup(server);
    t.start();
    socket().up();
    await settle();
    socket().down();
    socket().up();
    await settle();
    expect(server.tokens).toEqual([undefined, 'token-0123456789abcdef']);
  });

  it('keeps a message sent while offline in the outbox and delivers it after connecting', async () => {
    const server = new FakeServer();
    const { t, socket, storage } = setup(server);
    t.start();
    expect(t.send('  where is my order?  ')).toBe(true);
    expect(readOutbox(storage).map((i) => i.text)).toEqual(['where is my order?']);
    socket().up();
    await settle();
    expect(server.messages.map((m) => m.text)).toEqual(['where is my order?']);
    expect(readOutbox(storage)).toEqual([]);
    expect(t.state.get().messages.map((m) => m.text)).toEqual(['where is my order?']);
  });

  it('sends a photo on its own (no text) by reference, and keeps it in the outbox until acknowledged', async () => {
    const server = new FakeServer();
    const { t, socket, storage } = setup(server);
    t.start();
    const photo = { blobId: 'b1', name: 'damage.jpg', contentType: 'image/jpeg', size: 1200 };
    expect(t.send('   ')).toBe(false);
    expect(t.send('  ', [photo])).toBe(true);
    expect(readOutbox(storage).map((i) => i.attachments)).toEqual([[photo]]);
    socket().up();
    await settle();
    expect(server.payloads.map((p) => ({ text: p.text, attachments: p.attachments }))).toEqual([{ text: '', attachments: [photo] }]);
    expect(readOutbox(storage)).toEqual([]);
    // Where its files come from: the shopper's own token and site, at the chat's origin.
    expect(t.files.base).toBe('https://chat.example');
    expect(t.files.headers()).toEqual({ authorization: 'Bearer token-0123456789abcdef', 'x-parley-site': 'shop' });
  });

  it('keeps a timed-out message and resends it; the server deduplicates by clientId', async () => {
    const server = new FakeServer();
    const { t, socket, storage } = setup(server);
    t.start();
    socket().up();
    await settle();
    server.overrides.push({ event: 'message:send', reply: 'timeout' });
    t.send('hello');
    await settle();
    expect(readOutbox(storage)).toHaveLength(1);
    socket().down();
    socket().up();
    await settle();
    expect(readOutbox(storage)).toEqual([]);
    expect(server.sends).toHaveLength(1);
    expect(t.state.get().messages.filter((m) => m.text === 'hello')).toHaveLength(1);
  });

  it('survives a lost ack: the resend returns the stored message, shown once', async () => {
    const server = new FakeServer();
    const { t, socket } = setup(server);
    t.start();
    socket().up();
    await settle();
    // The server stored it but the ack never arrived.
    const original = server.handle.bind(server);
    let isFirst = true;
    server.handle = (event, payload) => {
      const reply = original(event, payload);
      if (event === 'message:send' && isFirst) {
        isFirst = false;
        return 'timeout';
      }
      return reply;
    };
    t.send('size M please');
    await settle();
    socket().down();
    socket().up();
    await settle();
    expect(server.messages.filter((m) => m.text === 'size M please')).toHaveLength(1);
    expect(t.state.get().messages.filter((m) => m.text === 'size M please')).toHaveLength(1);
    expect(t.state.get().outbox).toEqual([]);
  });

  it('marks a refused message failed instead of looping, and retry() resends it', async () => {
    const server = new FakeServer();
    const { t, socket, storage } = setup(server);
    t.start();
    socket().up();
    await settle();
    server.overrides.push({ event: 'message:send', reply: { ok: false, error: { code: 'INVALID_PAYLOAD', message: 'bad' } } });
    t.send('first');
    await settle();
    expect(readOutbox(storage)[0]?.error?.code).toBe('INVALID_PAYLOAD');
    socket().down();
    socket().up();
    await settle();
    expect(server.sends).toHaveLength(0);
    t.retry(readOutbox(storage)[0]!.clientId);
    await settle();
    expect(server.messages.map((m) => m.text)).toEqual(['first']);
    expect(readOutbox(storage)).toEqual([]);
  });

  it('discard() deletes a failed message', async () => {
    const server = new FakeServer();
    const { t, socket, storage } = setup(server);
    t.start();
    socket().up();
    await settle();
    server.overrides.push({ event: 'message:send', reply: { ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: 'big' } } });
    t.send('x');
    await settle();
    t.discard(readOutbox(storage)[0]!.clientId);
    expect(readOutbox(storage)).toEqual([]);
    expect(t.state.get().outbox).toEqual([]);
  });

  it('keeps order: a transient failure holds back later messages, then all go in order', async () => {
    const server = new FakeServer();
    const { t, socket } = setup(server);
    t.start();
    socket().up();
    await settle();
    server.overrides.push({ event: 'message:send', reply: { ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } } });
    t.send('one');
    t.send('two');
    t.send('three');
    await new Promise((r) => setTimeout(r, 60));
    await settle();
    expect(server.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
  });

  it('sends a message queued while an earlier one awaits its ack, without waiting for a reconnect', async () => {
    const server = new FakeServer();
    const { t, socket } = setup(server);
    t.start();
    socket().up();
    await settle();
    // The first ack is held back (a slow network); the shopper sends a second message meanwhile.
    const original = server.handle.bind(server);
    let release = (): void => undefined;
    let isFirst = true;
    server.handle = ((event: string, payload: Record<string, unknown>) => {
      const reply = original(event, payload);
      if (event !== 'message:send' || !isFirst) return reply;
      isFirst = false;
      return new Promise<Reply>((resolve) => (release = () => resolve(reply)));
    }) as never;
    t.send('one');
    await settle();
    t.send('two');
    await settle();
    release();
    await settle();
    expect(server.messages.map((m) => m.text)).toEqual(['one', 'two']);
    expect(t.state.get().outbox).toEqual([]);
  });

  it('retries on a timer while anything is unacknowledged, with no reconnect in between', async () => {
    const server = new FakeServer();
    const { t, socket } = setup(server);
    t.start();
    socket().up();
    await settle();
    // Sent while the socket still looked connected, then timed out twice: no disconnect event ever came.
    server.overrides.push({ event: 'message:send', reply: 'timeout' }, { event: 'message:send', reply: 'timeout' });
    t.send('are you there?');
    // Timers run late on a busy machine: wait for the delivery, up to two seconds.
    for (let i = 0; i < 100 && server.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await settle();
    expect(server.messages.map((m) => m.text)).toEqual(['are you there?']);
    expect(t.state.get().outbox).toEqual([]);
  });

  it('after a drop, resumes from the last seq and merges what it missed', async () => {
    const server = new FakeServer();
    server.add('bot', 'Hi');
    const { t, socket } = setup(server);
    t.start();
    socket().up();
    await settle();
    socket().down();
    expect(t.state.get().connection).toBe('reconnecting');
    server.add('agent', 'Anna here');
    server.add('agent', 'How can I help?');
    socket().up();
    await settle();
    expect(server.resumes).toEqual([0, 1]);
    expect(t.state.get().messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(t.state.get().connection).toBe('online');
  });

  it('resends the outbox after a reload (a new transport on the same storage)', async () => {
    const server = new FakeServer();
    const backing = memoryBacking();
    const first = setup(server, backing);
    first.t.start();
    first.t.send('sent just before the reload');
    first.t.stop();
    const second = setup(server, backing);
    expect(second.t.state.get().outbox.map((i) => i.text)).toEqual(['sent just before the reload']);
    second.t.start();
    second.socket().up();
    await settle();
    expect(server.messages.map((m) => m.text)).toEqual(['sent just before the reload']);
  });

  it('emits live bot/agent messages to onMessage, not history or own messages', async () => {
    const server = new FakeServer();
    server.add('bot', 'history');
    const { t, socket } = setup(server);
    const seen: string[] = [];
    t.onMessage((m) => seen.push(m.text));
    t.start();
    socket().up();
    await settle();
    socket().fire('message:created', server.add('agent', 'live'));
    socket().fire('message:created', server.add('shopper', 'mine', 'client-0002'));
    expect(seen).toEqual(['live']);
  });

  it('applies read marks, typing and presence events', async () => {
    const server = new FakeServer();
    const { t, socket } = setup(server);
    t.start();
    socket().up();
    await settle();
    socket().fire('read:marked', { upToSeq: 4 });
    socket().fire('read:marked', { upToSeq: 2 });
    socket().fire('typing:changed', { sender: 'agent', isTyping: true, name: 'Anna' });
    socket().fire('presence:changed', { agentsOnline: false });
    expect(t.state.get()).toMatchObject({ agentReadSeq: 4, typing: { sender: 'agent', name: 'Anna' }, agentsOnline: false });
    socket().fire('message:created', server.add('agent', 'done typing'));
    expect(t.state.get().typing).toBeNull();
  });

  it('markRead persists the read seq per conversation', async () => {
    const server = new FakeServer();
    server.add('bot', 'a');
    server.add('bot', 'b');
    const { t, socket, storage } = setup(server);
    t.start();
    socket().up();
    await settle();
    expect(t.state.get().readSeq).toBe(0);
    t.markRead();
    expect(t.state.get().readSeq).toBe(2);
    expect(storage.get('lastSeq')).toBe('c1:2');
  });

  it('refuses empty and over-long messages', () => {
    const { t } = setup(new FakeServer());
    expect(t.send('   ')).toBe(false);
    expect(t.send('x'.repeat(4001))).toBe(false);
  });
});
