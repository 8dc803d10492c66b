/**
 * The authorization table (issue 16): every socket command and REST route × every kind of caller, against a
 * table stating allowed or denied. The command list is read from shared/events.ts and the route list from the
 * running express app, so a new command or route without a row here fails this test.
 *
 * Denied means the handshake is refused, or the ack / response is UNAUTHORIZED or FORBIDDEN (401/403) —
 * or, for a shopper's case commands, NOT_FOUND (a case that is not the caller's answers like one that does
 * not exist), or, for bulk assign, FORBIDDEN in its `failed` list. Allowed means an ok ack (socket) or any
 * other status than 401/403 (HTTP, never a 5xx); any other socket error code fails the row.
 * Each agent command runs on fresh records: conversation X (waiting in general, then taken by `agent`),
 * a waiting chat W of general, and two new cases of general.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { io as connect, type Socket } from 'socket.io-client';
import { signAttachmentLink } from '../../server/attachments/signed-link';
import { newVisitorToken, hashVisitorToken } from '../../server/auth/tokens';
import type { Agent } from '../../shared/model';
import type { ShopperSession } from '../../shared/events';
import { callOk, startServer, TEST_SECRET, type TestServer } from './harness';

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
  /** Two new cases of general (the second is merged into the first by case:merge). */
  case: string;
  duplicate: string;
}

/** The shopper's own case (opened from `shopper`'s visitor in beforeAll), for the shopper case commands. */
const shopperCase = { id: '', solvedId: '' };

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
  'nps:submit': { rule: EVERYONE, payload: () => ({ score: 9 }), stateCode: 'INVALID_STATE' },
  // Thumbs on an answer the caller's chat does not have: NOT_FOUND means the caller got past authorization.
  'answer:rate': { rule: EVERYONE, payload: () => ({ messageId: 'no-such-message', isHelpful: false }), stateCode: 'NOT_FOUND' },
  'ticket:create': { rule: EVERYONE, payload: () => ({ name: 'Jo', email: 'jo@example.com', message: 'hello' }) },
  'identity:set': { rule: EVERYONE, payload: () => ({ id: 'customer-1', hash: '0'.repeat(64) }) },
  'locale:set': { rule: EVERYONE, payload: () => ({ locale: 'zh' }) },
  // Cases: everyone may list and open their own; only the shopper may read or act on the shopper's case.
  'case:list': { rule: EVERYONE, payload: () => ({}) },
  'case:open': { rule: EVERYONE, payload: () => ({ text: 'my parcel is late' }) },
  'case:get': { rule: row(['shopper']), payload: () => ({ caseId: shopperCase.id }) },
  'case:reply': { rule: row(['shopper']), payload: () => ({ caseId: shopperCase.id, text: 'any news?' }) },
  // Confirming needs a solved case: INVALID_STATE after the first answer means the caller got past authorization.
  'case:confirm': { rule: row(['shopper']), payload: () => ({ caseId: shopperCase.solvedId, isSolved: false }), stateCode: 'INVALID_STATE' },
  'case:read': { rule: row(['shopper']), payload: () => ({ caseId: shopperCase.id, upToSeq: 1 }) },
};

/** /agent commands: the handshake needs an agent token; then agent-access.ts decides. */
const AGENT_COMMANDS: Record<string, { rule: Row; payload: (f: Fixture) => unknown }> = {
  'console:sync': { rule: AGENTS, payload: () => ({}) },
  'conversation:list': { rule: SUPERVISORS, payload: () => ({ view: 'open' }) },
  'conversation:get': { rule: OWNER, payload: (f) => ({ conversationId: f.x }) },
  'message:list': { rule: OWNER, payload: (f) => ({ conversationId: f.x, beforeSeq: 1 }) },
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
  // Suggestions are read from the shopper's messages: as private as the conversation itself.
  'assist:suggest': { rule: OWNER, payload: (f) => ({ conversationId: f.x }) },
  'assist:use': { rule: AGENTS, payload: (f) => ({ conversationId: f.x, intent: 'returns.policy' }) },
  'kb:search': { rule: AGENTS, payload: () => ({ query: 'refund', locale: 'en' }) },
  // Cases: agents see their departments' cases and those assigned to them; supervisors and admins all.
  'case:list': { rule: AGENTS, payload: () => ({}) },
  'case:get': { rule: OWNER, payload: (f) => ({ caseId: f.case }) },
  'case:open': { rule: OWNER, payload: () => ({ text: 'Customer called about order 48213', department: 'general' }) },
  'case:reply': { rule: OWNER, payload: (f) => ({ caseId: f.case, text: 'We are on it.' }) },
  'case:set-status': { rule: OWNER, payload: (f) => ({ caseId: f.case, status: 'pending' }) },
  'case:set-priority': { rule: OWNER, payload: (f) => ({ caseId: f.case, priority: 'A' }) },
  'case:assign': { rule: OWNER, payload: (f) => ({ caseId: f.case, assigneeId: null }) },
  'case:assign-many': { rule: OWNER, payload: (f) => ({ caseIds: [f.case, f.duplicate], assigneeId: null }) },
  'case:escalate': { rule: OWNER, payload: (f) => ({ caseId: f.case, tier: 'L2', reason: 'needs a specialist' }) },
  'case:merge': { rule: OWNER, payload: (f) => ({ duplicateId: f.duplicate, primaryId: f.case }) },
  // X is assigned to `agent`: its owner and supervisors may turn it into a case.
  'conversation:convert': { rule: OWNER, payload: (f) => ({ conversationId: f.x }) },
};

/** REST routes as `METHOD path` (express patterns), with a request body where one is needed. */
/** A signed link to the shopper's photo, made once the photo exists (REST routes test). */
let signedPhotoLink = '';

const ROUTES: Record<string, { rule: Row; body?: () => unknown; path?: string | (() => string) }> = {
  'GET /api/health': { rule: EVERYONE },
  // Every agent: supervisors and admins see all figures, an agent only their own (tests/integration/metrics.test.ts).
  'GET /api/metrics': { rule: AGENTS },
  'GET /api/metrics/targets': { rule: AGENTS },
  'PUT /api/metrics/targets': { rule: ADMINS, path: '/api/metrics/targets?siteId=authorization-test', body: () => ({ fcrRate: 0.86 }) },
  'GET /api/qa/sample': { rule: SUPERVISORS },
  // An unknown conversation: a supervisor gets past authorization to a 404.
  'POST /api/qa/reviews': {
    rule: SUPERVISORS,
    body: () => ({ conversationId: 'nobody', scores: { greeting: 4, accuracy: 4, tone: 4, resolution: 4, notes: 4 } }),
  },
  // Every agent: an agent gets only the reviews of their own chats.
  'GET /api/qa/reviews': { rule: AGENTS },
  // The widget loader's page-view beacon, before any session exists.
  'POST /api/widget/events': { rule: EVERYONE, body: () => ({ siteId: 'demo', type: 'page_view' }) },
  // Prometheus's own token (METRICS_TOKEN), which no agent or shopper holds.
  'GET /metrics': { rule: row([]) },
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
  // Any shopper (visitor token + site) or agent may upload; the JSON body here is refused as a type (415), past authorization.
  'POST /api/attachments': { rule: row(['shopper', 'otherShopper', 'agent', 'otherDepartment', 'supervisor', 'admin']), body: () => ({ not: 'a file' }) },
  // The shopper's photo in conversation X (assigned to agent): its shopper, its owner and supervisors.
  'GET /api/attachments/:id': { rule: row(['shopper', 'agent', 'supervisor', 'admin']), path: '/api/attachments/{attachment}' },
  'GET /api/attachments/:id/thumb': { rule: row(['shopper', 'agent', 'supervisor', 'admin']), path: '/api/attachments/{attachment}/thumb' },
  // A signed link (a return's photo for the retailer's server) is its own permission: anyone holding it, no login.
  // Without a valid signature everyone is refused alike (tests/integration/return-photo.test.ts).
  'GET /api/attachments/:id/shared': { rule: EVERYONE, path: () => signedPhotoLink },
  // Cases: any agent may list (what they may see); the shopper's case is general's (orders is refused).
  'GET /api/cases': { rule: AGENTS, path: '/api/cases?status=new,open&mine=false' },
  'GET /api/cases/:id': { rule: OWNER, path: () => `/api/cases/${shopperCase.id}` },
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
    server = await startServer({ METRICS_TOKEN: 'metrics-token-for-the-authorization-test' }, { kbDir: path.resolve(__dirname, '../fixtures/kb-mini') });
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
      if (who === 'shopper') {
        shopperCase.id = (await callOk<{ case: { id: string } }>(socket, 'case:open', { text: 'where is my order' })).case.id;
        shopperCase.solvedId = (await callOk<{ case: { id: string } }>(socket, 'case:open', { text: 'wrong size' })).case.id;
      }
      socket.disconnect();
    }
    const solver = await server.agent(agents.supervisor);
    await callOk(solver, 'case:set-status', { caseId: shopperCase.solvedId, status: 'solved' });
    solver.disconnect();
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
    const newCase = async (text: string) =>
      (await store.cases.create({
        siteId: 'demo', priority: 'C', department: 'general', category: 'general', subject: text, locale: 'en', source: 'form',
        customerId: null, visitorId: other.id, conversationId: null, contactName: null, contactEmail: null, assigneeId: null,
        firstResponseDueAt: null, resolutionDueAt: null, tierDueAt: null, createdAt: Date.now(), actor: { kind: 'customer', id: null },
      })).id;
    return { x: x.id, waiting: waiting.id, case: await newCase('parcel late'), duplicate: await newCase('parcel late again') };
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
  async function decide(socket: Socket | null, event: string, payload: unknown, nsp: '/shopper' | '/agent'): Promise<string> {
    if (!socket) return 'deny';
    const ack = (await socket.timeout(8000).emitWithAck(event, payload)) as {
      ok: boolean;
      data?: { failed?: { code: string }[] };
      error?: { code: string };
    };
    if (ack.ok) return event === 'case:assign-many' && ack.data?.failed?.some((f) => DENIED_CODES.has(f.code)) ? 'deny' : 'allow';
    const code = ack.error!.code;
    if (nsp === '/shopper' && event.startsWith('case:') && code === 'NOT_FOUND') return 'deny';
    return DENIED_CODES.has(code) ? 'deny' : code;
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
        const got = await decide(socket, event, payload(), '/shopper');
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
        seen.push(`${event} as ${who}: ${await decide(socket, event, payload(f), '/agent')} (table: ${rule[who]})`);
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
    const { x } = await fixture();
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).png().toBuffer();
    const uploaded = await fetch(`${server.url}/api/attachments?name=p.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${visitorTokens.shopper}`, 'x-parley-site': 'demo' },
      body: new Uint8Array(photo),
    });
    const { attachment } = (await uploaded.json()) as { attachment: { blobId: string } };
    await server.store.attachments.claim(attachment.blobId, { conversationId: x });
    signedPhotoLink = signAttachmentLink(TEST_SECRET, attachment.blobId, Date.now() + 3_600_000);
    for (const [key, { rule, body, path: concrete }] of Object.entries(ROUTES)) {
      const [method, pattern] = key.split(' ') as [string, string];
      for (const who of PRINCIPALS) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (who === 'shopper' || who === 'otherShopper') {
          headers.authorization = `Bearer ${visitorTokens[who]}`;
          headers['x-parley-site'] = 'demo';
        } else if (who !== 'anonymous') headers.authorization = `Bearer ${agents[who].token}`;
        const target = (typeof concrete === 'function' ? concrete() : (concrete ?? pattern)).replace('{attachment}', attachment.blobId);
        const res = await fetch(server.url + target, { method, headers, body: body ? JSON.stringify(body()) : undefined });
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
        const got: Rule = res.status === 401 && key !== 'POST /api/auth/login' ? 'deny' : res.status === 403 ? 'deny' : 'allow';
        seen.push(`${key} as ${who}: ${got} (table: ${rule[who]})`);
      }
    }
    expect(seen).toEqual(seen.map((line) => line.replace(/: \S+ \(table: (\w+)\)$/, ': $1 (table: $1)')));
  }, 60_000);
});
