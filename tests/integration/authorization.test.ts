/**
 * The authorization table (issue 16): every socket command and REST route × every kind of caller, against a
 * table stating allowed or denied. The command list is read from shared/events.ts and the route list from the
 * running express app, so a new command or route without a row here fails this test.
 *
 * Denied means the handshake is refused, or the ack / response is UNAUTHORIZED or FORBIDDEN (401/403) —
 * or, for ticket replies, ALREADY_TAKEN (someone else's reply). Allowed means an ok ack (socket) or any other
 * status than 401/403 (HTTP, never a 5xx); any other socket error code fails the row.
 * Each agent command runs on fresh records: conversation X (waiting in general, then taken by `agent`),
 * a waiting chat W of general, and a ticket of general that `agent` answered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { newVisitorToken, hashVisitorToken } from '../../server/auth/tokens';
import type { Agent } from '../../shared/model';
import type { ShopperSession } from '../../shared/events';
import { callOk, startServer, type TestServer } from './harness';

const PRINCIPALS = ['anonymous', 'shopper', 'otherShopper', 'agent', 'otherDepartment', 'supervisor', 'admin'] as const;
type Principal = (typeof PRINCIPALS)[number];
type Rule = 'allow' | 'deny';
type Row = Record<Principal, Rule>;

const row = (allowed: Principal[]): Row =>
  Object.fromEntries(PRINCIPALS.map((p) => [p, allowed.includes(p) ? 'allow' : 'deny'])) as Row;
const EVERYONE = row([...PRINCIPALS]);
const AGENTS = row(['agent', 'otherDepartment', 'supervisor', 'admin']);
const OWNER = row(['agent', 'supervisor', 'admin']);
const SUPERVISORS = row(['supervisor', 'admin']);
const ADMINS = row(['admin']);

interface Fixture {
  x: string;
  waiting: string;
  ticket: string;
}

/**
 * /shopper commands act only on the caller's own visitor session (none names a conversation), so every
 * caller may send them: an agent's token or another visitor's token only gets that caller its own session.
 * The end of the test checks that no other caller's traffic reached conversation X.
 */
const SHOPPER_COMMANDS: Record<string, { rule: Row; payload: () => unknown; stateCode?: string }> = {
  'session:resume': { rule: EVERYONE, payload: () => ({ sinceSeq: 0 }) },
  'message:send': { rule: EVERYONE, payload: () => ({ clientId: `auth-${Math.random().toString(36).slice(2)}`, text: 'hi' }) },
  'typing:set': { rule: EVERYONE, payload: () => ({ isTyping: true, draft: 'h' }) },
  'read:mark': { rule: EVERYONE, payload: () => ({ upToSeq: 1 }) },
  'handoff:request': { rule: EVERYONE, payload: () => ({}) },
  // Rating needs a closed chat: INVALID_STATE here means the caller got past authorization.
  'conversation:rate': { rule: EVERYONE, payload: () => ({ score: 5 }), stateCode: 'INVALID_STATE' },
  // Thumbs on an answer the caller's chat does not have: NOT_FOUND means the caller got past authorization.
  'answer:rate': { rule: EVERYONE, payload: () => ({ messageId: 'no-such-message', isHelpful: false }), stateCode: 'NOT_FOUND' },
  'ticket:create': { rule: EVERYONE, payload: () => ({ name: 'Jo', email: 'jo@example.com', message: 'hello' }) },
  'identity:set': { rule: EVERYONE, payload: () => ({ id: 'customer-1', hash: '0'.repeat(64) }) },
  'locale:set': { rule: EVERYONE, payload: () => ({ locale: 'zh' }) },
};

/** /agent commands: the handshake needs an agent token; then agent-access.ts decides. */
const AGENT_COMMANDS: Record<string, { rule: Row; payload: (f: Fixture) => unknown }> = {
  'console:sync': { rule: AGENTS, payload: () => ({}) },
  'conversation:list': { rule: SUPERVISORS, payload: () => ({ view: 'open' }) },
  'conversation:get': { rule: OWNER, payload: (f) => ({ conversationId: f.x }) },
  // W waits in general: agents of general (and supervisors) may take it, other departments may not.
  'conversation:take': { rule: OWNER, payload: (f) => ({ conversationId: f.waiting }) },
  'message:send': { rule: OWNER, payload: (f) => ({ conversationId: f.x, clientId: `auth-${Math.random().toString(36).slice(2)}`, text: 'hello' }) },
  // Typing and read marks of someone who is not the owner are accepted and have no effect.
  'typing:set': { rule: AGENTS, payload: (f) => ({ conversationId: f.x, isTyping: true }) },
  'read:mark': { rule: AGENTS, payload: (f) => ({ conversationId: f.x, upToSeq: 1 }) },
  'conversation:close': { rule: OWNER, payload: (f) => ({ conversationId: f.x, resolution: 'resolved' }) },
  'conversation:transfer': { rule: OWNER, payload: (f) => ({ conversationId: f.x, toDepartment: 'billing' }) },
  'conversation:hand-back': { rule: OWNER, payload: (f) => ({ conversationId: f.x }) },
  'tags:set': { rule: OWNER, payload: (f) => ({ conversationId: f.x, tags: ['x'] }) },
  'presence:set': { rule: AGENTS, payload: () => ({ status: 'online' }) },
  'ticket:list': { rule: AGENTS, payload: () => ({}) },
  'ticket:reply': { rule: OWNER, payload: (f) => ({ ticketId: f.ticket, text: 'our reply' }) },
  // Suggestions are read from the shopper's messages: as private as the conversation itself.
  'assist:suggest': { rule: OWNER, payload: (f) => ({ conversationId: f.x }) },
  'assist:use': { rule: AGENTS, payload: (f) => ({ conversationId: f.x, intent: 'returns.policy' }) },
  'kb:search': { rule: AGENTS, payload: () => ({ query: 'refund', locale: 'en' }) },
};

/** REST routes as `METHOD path` (express patterns), with a request body where one is needed. */
const ROUTES: Record<string, { rule: Row; body?: () => unknown; path?: string }> = {
  'GET /api/health': { rule: EVERYONE },
  'GET /api/metrics': { rule: SUPERVISORS },
  'GET /api/kb/gaps': { rule: SUPERVISORS },
  // Browsing the KB and proposing from a reply is for every agent; the draft queue is for leads; approving
  // writes the YAML and is for admins (supervisors too with KB_SUPERVISORS_APPROVE). Unknown draft: 404 past authorization.
  'GET /api/kb/intents': { rule: AGENTS },
  'GET /api/kb/intents/:id': { rule: AGENTS, path: '/api/kb/intents/returns.policy' },
  'POST /api/kb/drafts': { rule: AGENTS, body: () => ({ kind: 'delete', intentId: 'returns.policy', source: 'reply', note: 'authorization row' }) },
  'GET /api/kb/drafts': { rule: SUPERVISORS },
  'POST /api/kb/drafts/:id/approve': { rule: ADMINS, path: '/api/kb/drafts/nobody/approve' },
  'POST /api/kb/drafts/:id/reject': { rule: ADMINS, path: '/api/kb/drafts/nobody/reject' },
  'POST /api/kb/drafts/:id/rollback': { rule: ADMINS, path: '/api/kb/drafts/nobody/rollback' },
  'POST /api/admin/kb/reload': { rule: ADMINS },
  // Public: anyone may try to log in (with wrong credentials here: 401 is the answer, not a refusal of the route).
  'POST /api/auth/login': { rule: EVERYONE, body: () => ({ email: 'nobody@example.com', password: 'wrong password' }) },
  'GET /api/auth/me': { rule: AGENTS },
  'POST /api/agents': {
    rule: ADMINS,
    body: () => ({ email: `new-${Math.random().toString(36).slice(2)}@test.parley`, name: 'New', password: 'a long password' }),
  },
  'GET /api/agents': { rule: AGENTS },
  'GET /widget.js': { rule: EVERYONE },
  'GET /assets/:file': { rule: EVERYONE, path: '/assets/console.js' },
  'GET /console': { rule: EVERYONE },
  'GET /demo': { rule: EVERYONE },
  'GET /': { rule: EVERYONE },
  // The demo shop's pages that the KB's links lead to.
  'GET /^\\/demo\\/([a-z-]+(?:\\/[a-z-]+)?)$/': { rule: EVERYONE, path: '/demo/returns' },
  // Unknown ids: an admin gets past authorization to a 404, everyone else is refused first.
  'GET /api/admin/privacy/export': { rule: ADMINS, path: '/api/admin/privacy/export?visitorId=nobody' },
  'DELETE /api/admin/privacy': { rule: ADMINS, path: '/api/admin/privacy?visitorId=nobody' },
  'POST /api/agents/:id/deactivate': { rule: ADMINS, path: '/api/agents/nobody/deactivate' },
  'POST /api/agents/:id/activate': { rule: ADMINS, path: '/api/agents/nobody/activate' },
  // Last: signing out revokes the caller's token for every later request.
  'POST /api/auth/logout': { rule: AGENTS },
};

/** The command names of a client-events interface in shared/events.ts, read from its source. */
function commandsOf(interfaceName: string): string[] {
  const source = fs.readFileSync(path.resolve(__dirname, '../../shared/events.ts'), 'utf8');
  const start = source.indexOf(`export interface ${interfaceName} {`);
  if (start < 0) throw new Error(`${interfaceName} not found in shared/events.ts`);
  const body = source.slice(start, source.indexOf('\n}', start));
  return [...body.matchAll(/^\s*'([a-z-]+:[a-z-]+)'\s*:/gm)].map((m) => m[1]!);
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every `METHOD path` the express app serves, found by walking its router stack. */
function routesOf(server: TestServer): string[] {
  const app = server.app.express as unknown as { router: { stack: Layer[] } };
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') found.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk(app.router.stack);
  return found;
}

const DENIED_CODES = new Set(['UNAUTHORIZED', 'FORBIDDEN']);

describe('authorization table', () => {
  let server: TestServer;
  const agents = {} as Record<'agent' | 'otherDepartment' | 'supervisor' | 'admin', Agent & { password: string; token: string }>;
  const visitorTokens = { shopper: '', otherShopper: '' };
  const open: Socket[] = [];

  // One scrypt login per agent: seconds on a busy 2-core machine, so once for the whole table.
  beforeAll(async () => {
    server = await startServer({}, { kbDir: path.resolve(__dirname, '../fixtures/kb-mini') });
    const specs = {
      agent: { departments: ['general'] },
      otherDepartment: { departments: ['orders'] },
      supervisor: { role: 'supervisor' as const, departments: ['orders'] },
      admin: { role: 'admin' as const, departments: ['orders'] },
    };
    await Promise.all(
      Object.entries(specs).map(async ([name, spec]) => {
        const agent = await server.createAgent({ ...spec, maxChats: 50 });
        agents[name as keyof typeof agents] = { ...agent, token: await server.login(agent.email, agent.password) };
      }),
    );
    for (const who of ['shopper', 'otherShopper'] as const) {
      const socket = await server.shopper();
      visitorTokens[who] = (await callOk<ShopperSession>(socket, 'session:resume', {})).visitorToken;
      socket.disconnect();
    }
  }, 60_000);
  afterAll(async () => {
    open.forEach((s) => s.disconnect());
    await server.close();
  });

  async function fixture(): Promise<Fixture> {
    const { store, app } = server;
    const visitor = await store.visitors.getByTokenHash('demo', hashVisitorToken(visitorTokens.shopper));
    const x = await store.conversations.create({ siteId: 'demo', visitorId: visitor!.id, locale: 'en' });
    await app.handoff.request(x, 'request');
    // Straight in the store: the table makes ~100 of these, beyond any agent's maxChats.
    await store.conversations.transition(x.id, ['waiting'], { status: 'assigned', assignedAgentId: agents.agent.id, assignedAt: Date.now() });
    const other = await store.visitors.create({ siteId: 'demo', tokenHash: hashVisitorToken(newVisitorToken()), locale: 'en' });
    const waiting = await app.handoff.request(await store.conversations.create({ siteId: 'demo', visitorId: other.id, locale: 'en' }), 'request');
    const ticket = await store.tickets.create({
      siteId: 'demo', visitorId: other.id, conversationId: null, department: 'general', name: 'Li', email: 'li@example.com', message: 'hello',
    });
    await store.tickets.reply(ticket.id, 'first reply', agents.agent.id);
    return { x: x.id, waiting: waiting.id, ticket: ticket.id };
  }

  /** Opens a socket as `who`; null when the handshake is refused. */
  function socketAs(nsp: '/shopper' | '/agent', who: Principal): Promise<Socket | null> {
    const auth: Record<string, unknown> = { siteId: 'demo' };
    if (who === 'shopper' || who === 'otherShopper') auth.visitorToken = visitorTokens[who];
    else if (who !== 'anonymous') auth.token = agents[who].token;
    return new Promise((resolve) => {
      const socket = connect(server.url + nsp, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      open.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', () => resolve(null));
    });
  }

  /** allow (ok), deny (refused handshake or an authorization code), or the unexpected code itself. */
  async function decide(socket: Socket | null, event: string, payload: unknown): Promise<string> {
    if (!socket) return 'deny';
    const ack = (await socket.timeout(8000).emitWithAck(event, payload)) as { ok: boolean; error?: { code: string } };
    if (ack.ok) return 'allow';
    const code = ack.error!.code;
    return DENIED_CODES.has(code) || (event === 'ticket:reply' && code === 'ALREADY_TAKEN') ? 'deny' : code;
  }

  test('every command in shared/events.ts and every route has a row', () => {
    expect(commandsOf('ShopperClientEvents').sort()).toEqual(Object.keys(SHOPPER_COMMANDS).sort());
    expect(commandsOf('AgentClientEvents').sort()).toEqual(Object.keys(AGENT_COMMANDS).sort());
    expect([...new Set(routesOf(server))].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  test('socket commands: /shopper', async () => {
    const seen: string[] = [];
    for (const who of PRINCIPALS) {
      const socket = await socketAs('/shopper', who);
      for (const [event, { rule, payload, stateCode }] of Object.entries(SHOPPER_COMMANDS)) {
        const got = await decide(socket, event, payload());
        seen.push(`${event} as ${who}: ${got === stateCode ? 'allow' : got} (table: ${rule[who]})`);
      }
      socket?.disconnect();
    }
    expect(seen).toEqual(seen.map((line) => line.replace(/: \S+ \(table: (\w+)\)$/, ': $1 (table: $1)')));
    // Only the shopper's own traffic reached the shopper's conversations.
    const visitor = await server.store.visitors.getByTokenHash('demo', hashVisitorToken(visitorTokens.shopper));
    for (const c of await server.store.conversations.list({ visitorId: visitor!.id, limit: 100 })) {
      const messages = await server.store.messages.listSince(c.id, 0, { includeInternal: true });
      expect(messages.filter((m) => m.sender === 'shopper').every((m) => m.text === 'hi')).toBe(true);
    }
  }, 60_000);

  test('socket commands: /agent, each on fresh records', async () => {
    // The owner stays connected throughout: otherwise their grace period would requeue X mid-table.
    const ownerPresence = await socketAs('/agent', 'agent');
    const seen: string[] = [];
    for (const who of PRINCIPALS) {
      const socket = await socketAs('/agent', who);
      for (const [event, { rule, payload }] of Object.entries(AGENT_COMMANDS)) {
        const f = await fixture();
        seen.push(`${event} as ${who}: ${await decide(socket, event, payload(f))} (table: ${rule[who]})`);
        // Keep the queue short: every queue change republishes it to each waiting shopper.
        for (const id of [f.x, f.waiting]) await server.store.conversations.transition(id, ['bot', 'waiting', 'assigned'], { status: 'closed' });
      }
      socket?.disconnect();
    }
    ownerPresence?.disconnect();
    expect(seen).toEqual(seen.map((line) => line.replace(/: \S+ \(table: (\w+)\)$/, ': $1 (table: $1)')));
  }, 60_000);

  test('REST routes', async () => {
    const seen: string[] = [];
    for (const [key, { rule, body, path: concrete }] of Object.entries(ROUTES)) {
      const [method, pattern] = key.split(' ') as [string, string];
      for (const who of PRINCIPALS) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (who === 'shopper' || who === 'otherShopper') headers.authorization = `Bearer ${visitorTokens[who]}`;
        else if (who !== 'anonymous') headers.authorization = `Bearer ${agents[who].token}`;
        const res = await fetch(server.url + (concrete ?? pattern), { method, headers, body: body ? JSON.stringify(body()) : undefined });
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
        const got: Rule = res.status === 401 && key !== 'POST /api/auth/login' ? 'deny' : res.status === 403 ? 'deny' : 'allow';
        seen.push(`${key} as ${who}: ${got} (table: ${rule[who]})`);
      }
    }
    expect(seen).toEqual(seen.map((line) => line.replace(/: \S+ \(table: (\w+)\)$/, ': $1 (table: $1)')));
  }, 60_000);
});
