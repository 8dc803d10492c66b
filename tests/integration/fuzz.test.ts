/**
 * Fuzzing a real server (issue 16): thousands of generated malformed payloads (fast-check, fixed seed) at every
 * socket command of both namespaces and at every REST route. The server must stay up, answer every
 * acknowledged call with an Ack carrying a code (never INTERNAL), answer HTTP without a 5xx, and store nothing
 * invalid. Bounded: a fixed number of runs, sequential, on loopback.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { caseMessageSchema, caseSchema } from '../../shared/cases';
import { LIMITS } from '../../shared/limits';
import type { ShopperSession } from '../../shared/events';
import { callOk, startServer, type AgentSocket, type ShopperSocket, type TestServer } from './harness';

const SEED = 1616;
const BATCH = 25;

/** Runs `fn` over `items`, BATCH at a time. */
async function inBatches<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await Promise.all(items.slice(i, i + BATCH).map(fn));
}
const SOCKET_RUNS = 5000;
const HTTP_RUNS = 600;

/** Command names of a client-events interface in shared/events.ts (as the authorization test reads them). */
function commandsOf(interfaceName: string): string[] {
  const source = fs.readFileSync(path.resolve(__dirname, '../../shared/events.ts'), 'utf8');
  const start = source.indexOf(`export interface ${interfaceName} {`);
  const body = source.slice(start, source.indexOf('\n}', start));
  return [...body.matchAll(/^\s*'([a-z-]+:[a-z-]+)'\s*:/gm)].map((m) => m[1]!);
}

// Field names the schemas use, so generated objects get past the first checks and reach the deeper ones.
const FIELDS = ['conversationId', 'clientId', 'text', 'internal', 'isTyping', 'draft', 'upToSeq', 'sinceSeq', 'score', 'comment',
  'name', 'email', 'message', 'id', 'hash', 'tier', 'locale', 'view', 'query', 'limit', 'resolution', 'toAgentId',
  'toDepartment', 'note', 'tags', 'status', 'ticketId', 'token', 'conversation', '__proto__', 'constructor',
  'caseId', 'caseIds', 'isSolved', 'isInternal', 'subject', 'category', 'department', 'priority', 'reason', 'version',
  'assigneeId', 'duplicateId', 'primaryId', 'mine', 'dueBefore', 'attachments', 'messageId', 'isHelpful'];

describe('fuzz', () => {
  let server: TestServer;
  let shopper: ShopperSocket;
  let agent: AgentSocket;
  let token: string;
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startServer({}, { kbDir: path.resolve(__dirname, '../fixtures/kb-mini') });
    const supervisor = await server.createAgent({ role: 'admin' });
    token = await server.login(supervisor.email, supervisor.password);
    agent = await server.agent(supervisor);
    shopper = await server.shopper();
    await callOk<ShopperSession>(shopper, 'session:resume', {});
    await callOk(shopper, 'handoff:request', {});
    const [c] = await server.store.conversations.list({ limit: 1 });
    if (c) ids.push(c.id);
    const tickets = await server.store.tickets.list({ limit: 1 });
    ids.push(...tickets.map((t) => t.id));
    ids.push((await callOk<{ case: { id: string } }>(shopper, 'case:open', { text: 'a case to aim at' })).case.id);
  }, 60_000);
  afterAll(() => server.close());

  const value = (): fc.Arbitrary<unknown> =>
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(...(ids.length ? ids : ['x']), 'general', 'zh', 'en', 'open', 'resolved', '', ' ', 'a'.repeat(LIMITS.messageChars + 1)),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 10 }), { maxLength: 30 }),
      fc.object({ maxDepth: 2 }),
    );
  const payload = (): fc.Arbitrary<unknown> =>
    fc.oneof(
      { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), value(), { maxKeys: 5 }) },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
      { weight: 1, arbitrary: fc.constantFrom(undefined, null, 0, '', [], 'x'.repeat(70_000)) },
    );

  test(`${SOCKET_RUNS} malformed socket payloads: every ack has a code, none is INTERNAL`, async () => {
    const targets = [
      ...commandsOf('ShopperClientEvents').map((event) => ({ socket: () => shopper, event })),
      ...commandsOf('AgentClientEvents').map((event) => ({ socket: () => agent, event })),
      { socket: () => shopper, event: 'no:such-command' },
    ];
    const codes = new Map<string, number>();
    const cases = fc.sample(fc.tuple(fc.constantFrom(...targets), payload()), { numRuns: SOCKET_RUNS, seed: SEED });
    // In batches: sequential round trips on a busy machine would take minutes; each socket still sees a burst at most.
    await inBatches(cases, async ([target, p]) => {
      // Untyped on purpose: the payloads are not what the typed events allow.
      const socket = target.socket() as unknown as Socket;
      const ack = (await socket.timeout(10_000).emitWithAck(target.event, p)) as {
        ok: boolean;
        error?: { code: string; message: string };
      };
      const what = `${target.event} ${JSON.stringify(p)?.slice(0, 200)}`;
      expect({ what, ok: typeof ack.ok }).toEqual({ what, ok: 'boolean' });
      if (!ack.ok) {
        expect({ what, code: typeof ack.error?.code, internal: ack.error?.code === 'INTERNAL' }).toEqual({ what, code: 'string', internal: false });
        codes.set(ack.error!.code, (codes.get(ack.error!.code) ?? 0) + 1);
      }
    });
    expect(shopper.connected && agent.connected).toBe(true);
    expect(codes.get('INVALID_PAYLOAD') ?? 0).toBeGreaterThan(0);
  }, 120_000);

  test(`${HTTP_RUNS} malformed HTTP requests: no 5xx`, async () => {
    const routes = ['/api/health', '/api/metrics', '/api/kb/gaps', '/api/kb/intents', '/api/kb/drafts', '/api/kb/drafts/x/approve', '/api/admin/kb/reload', '/api/auth/login', '/api/auth/me',
      '/api/agents', '/widget.js', '/assets/x.js', '/console', '/demo', '/', '/api/nope', '/api/metrics/targets', '/api/qa/sample',
      '/api/qa/reviews', '/api/widget/events', '/metrics',
      '/api/attachments', '/api/attachments/x', '/api/attachments/x/thumb', '/api/attachments/x/shared?exp=1&sig=00',
      '/api/cases', `/api/cases/${ids.at(-1) ?? 'x'}`];
    const body = fc.oneof(
      fc.json(),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('{', '{"email":', '%E0%A4%A', '\u0000', 'x'.repeat(70_000)),
    );
    const suffix = fc.oneof(fc.constant(''), fc.constantFrom('/%', '/%E0%A4%A', '/..%2f..%2fetc%2fpasswd', '?q=%ZZ', '/%00'), fc.webPath());
    const cases = fc.sample(
      fc.tuple(
        fc.constantFrom(...routes), suffix, fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), body,
        fc.constantFrom('application/json', 'application/json; charset=latin-7', 'text/plain', 'application/x-www-form-urlencoded'),
        fc.boolean(),
      ),
      { numRuns: HTTP_RUNS, seed: SEED },
    );
    await inBatches(cases, async ([route, tail, method, b, type, authed]) => {
      const headers: Record<string, string> = { 'content-type': type };
      if (authed) headers.authorization = `Bearer ${token}`;
      const res = await fetch(server.url + route + tail, { method, headers, body: method === 'GET' ? undefined : b });
      await res.arrayBuffer();
      const what = `${method} ${route}${tail} ${type}`;
      expect({ what, is5xx: res.status >= 500 }).toEqual({ what, is5xx: false });
    });
  }, 120_000);

  test('afterwards the server still serves, and the store holds nothing invalid', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const fresh = await server.shopper();
    await callOk(fresh, 'message:send', { clientId: 'fuzz-after-0001', text: 'still alive?' });
    const conversations = await server.store.conversations.list({ limit: 10_000 });
    for (const c of conversations) {
      expect(['bot', 'waiting', 'assigned', 'closed']).toContain(c.status);
      expect(c.tags.every((t) => typeof t === 'string' && t.length > 0 && t.length <= 32)).toBe(true);
      if (c.rating) expect(c.rating.score >= 1 && c.rating.score <= 5 && Number.isInteger(c.rating.score)).toBe(true);
      for (const m of await server.store.messages.listSince(c.id, 0, { includeInternal: true, limit: 10_000 })) {
        expect(typeof m.text).toBe('string');
        expect(m.text.length).toBeLessThanOrEqual(LIMITS.messageChars);
        if (m.sender === 'shopper' || m.sender === 'agent') expect(m.text.trim().length).toBeGreaterThan(0);
      }
    }
    for (const c of await server.store.cases.list({ limit: 10_000 })) {
      expect(caseSchema.safeParse(c).error).toBeUndefined();
      for (const m of await server.store.cases.listMessages(c.id, { includeInternal: true })) {
        expect(caseMessageSchema.safeParse(m).error).toBeUndefined();
        if (m.kind === 'shopper' || m.kind === 'reply' || m.kind === 'note') expect(m.text.trim().length).toBeGreaterThan(0);
      }
    }
    for (const t of await server.store.tickets.list({ limit: 10_000 })) {
      expect(t.email).toMatch(/^[^@\s]+@[^@\s]+$/);
      expect(t.name.trim().length).toBeGreaterThan(0);
    }
  });
});
