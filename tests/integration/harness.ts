/**
 * A real Parley server for integration tests: ephemeral port, temp SQLite file, the shipped retail KB,
 * real socket.io clients. No component of ours is mocked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { AgentClientEvents, AgentServerEvents, ShopperClientEvents, ShopperServerEvents } from '../../shared/events';
import type { Ack } from '../../shared/errors';
import type { Agent, AgentRole, ShopperConversationView } from '../../shared/model';
import { createApp, type App } from '../../server/app';
import { hashPassword } from '../../server/auth/passwords';
import { loadConfig, type Config } from '../../server/config';
import { openIntegrations } from '../../server/integrations/open-integrations';
import { createKbHolder, type KbHolder } from '../../server/kb-holder';
import { attachRedisAdapter } from '../../server/realtime/cluster';
import type { LimiterFactory } from '../../server/security/create-limiter';
import { openThreadedSqliteStore } from '../../server/store/sqlite/threaded-store';
import type { RestartLimit } from '../../server/store/sqlite/report-thread';
import { openBlobStore } from '../../server/blobs/open-blob-store';
import type { BlobStore } from '../../server/blobs/blob-store';
import type { RedisClientOptions } from 'redis';
import type { Store } from '../../server/store/store';

export type ShopperSocket = Socket<ShopperServerEvents, ShopperClientEvents>;
export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;

const ROOT = path.resolve(__dirname, '../..');

export interface TestServer {
  url: string;
  app: App;
  store: Store;
  blobs: BlobStore;
  kbHolder: KbHolder;
  config: Config;
  dataDir: string;
  shopper(opts?: { siteId?: string; visitorToken?: string; locale?: 'en' | 'zh' }): Promise<ShopperSocket>;
  createAgent(opts?: { email?: string; name?: string; role?: AgentRole; departments?: string[]; maxChats?: number; password?: string }): Promise<Agent & { password: string }>;
  login(email: string, password: string): Promise<string>;
  agent(agent: { email: string; password: string }): Promise<AgentSocket>;
  /** An agent socket on a token from `login`: a reconnect with no password hashing (scrypt) in it. */
  agentWithToken(token: string): Promise<AgentSocket>;
  close(): Promise<void>;
}

let agentSeq = 0;

/** The server secret every test server signs with (agent tokens, attachment links). */
export const TEST_SECRET = 'integration-test-secret-0123456789abcdef';

export async function startServer(
  env: Record<string, string> = {},
  opts: { kbDir?: string; now?: () => number; dbFile?: string; redis?: RedisClientOptions; logStream?: NodeJS.WritableStream; logLevel?: string; mailBackoffMs?: number; limiters?: LimiterFactory; reportRestartLimit?: RestartLimit; onStatement?: (sql: string) => void } = {},
): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-it-'));
  const config = loadConfig({ DEPARTMENTS: 'general:manual,orders:manual,returns:manual,billing:manual,technical:manual', AGENT_GRACE_SECONDS: '1', CASE_SWEEP_SECONDS: '0', DATA_DIR: dataDir, ...env });
  const blobs = openBlobStore(config);
  // As the server opens it (store/open-store.ts): on a worker thread.
  const store = await openThreadedSqliteStore(opts.dbFile ?? path.join(dataDir, 'parley.db'), { restartLimit: opts.reportRestartLimit, onStatement: opts.onStatement });
  // A test that checks what is logged passes a stream; otherwise the log is off unless TEST_LOG_LEVEL says.
  const logger = opts.logStream
    ? pino({ level: opts.logLevel ?? 'debug' }, opts.logStream)
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const kb = await createKbHolder(opts.kbDir ?? path.join(ROOT, 'kb/retail'), logger);
  const integrations = openIntegrations(config.integrations, { logger, now: opts.now });
  const app = createApp({
    config,
    store,
    blobs,
    kb,
    logger,
    integrations,
    secret: TEST_SECRET,
    distDir: path.join(ROOT, 'dist'),
    demoDir: path.join(ROOT, 'widget/demo'),
    cannedResponses: [{ shortcut: 'hello', text: 'Hi {name}, this is {agent}.' }],
    now: opts.now,
    sweepIntervalMs: 0,
    mailBackoffMs: opts.mailBackoffMs,
    limiters: opts.limiters,
  });
  const closeRedis = opts.redis ? await attachRedisAdapter(app.io, opts.redis) : async () => undefined;
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  const sockets: Socket[] = [];

  const open = <S extends Socket>(nsp: string, auth: Record<string, unknown>): Promise<S> =>
    new Promise((resolve, reject) => {
      const socket = connect(url + nsp, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket as S));
      socket.once('connect_error', (err) => reject(err));
    });

  const server: TestServer = {
    url,
    app,
    store,
    blobs,
    kbHolder: kb,
    config,
    dataDir,
    shopper: (o = {}) => open<ShopperSocket>('/shopper', { siteId: o.siteId ?? 'demo', visitorToken: o.visitorToken, locale: o.locale }),
    async createAgent(o = {}) {
      agentSeq += 1;
      const password = o.password ?? 'correct horse battery';
      const agent = await store.agents.create({
        email: o.email ?? `agent${agentSeq}-${Date.now()}@test.parley`,
        name: o.name ?? `Agent ${agentSeq}`,
        passwordHash: await hashPassword(password),
        role: o.role ?? 'agent',
        departments: o.departments ?? config.departments.map((d) => d.name),
        maxChats: o.maxChats ?? 5,
      });
      return { ...agent, password };
    },
    async login(email, password) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const body = (await res.json()) as { token?: string; error?: { code: string } };
      if (!body.token) throw new Error(`login failed: ${res.status} ${body.error?.code}`);
      return body.token;
    },
    async agent(a) {
      return server.agentWithToken(await server.login(a.email, a.password));
    },
    agentWithToken: (token) => open<AgentSocket>('/agent', { token }),
    async close() {
      sockets.forEach((s) => s.disconnect());
      await app.close();
      await closeRedis();
      await integrations.close();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Emits a command and resolves with its acknowledgement. */
export function call<T = unknown>(socket: Socket, event: string, payload: unknown = {}): Promise<Ack<T>> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/** Emits a command that must succeed and returns its data. */
export async function callOk<T = unknown>(socket: Socket, event: string, payload: unknown = {}): Promise<T> {
  const ack = await call<T>(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** Resolves with the first `event` payload that satisfies `predicate`. */
export function waitFor<T = unknown>(socket: Socket, event: string, predicate: (p: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const handler = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

let clientSeq = 0;
/** A fresh client message id, as the widget would make one. */
export const clientId = () => `c${Date.now().toString(36)}${(clientSeq++).toString(36).padStart(4, '0')}`;

/** A shopper who asked for a person: their chat waits in the queue under `id`. */
export async function waitingShopper(server: Pick<TestServer, 'shopper'>): Promise<{ shopper: ShopperSocket; id: string }> {
  const shopper = await server.shopper();
  const waiting = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (c) => c.status === 'waiting');
  await callOk(shopper, 'handoff:request', {});
  return { shopper, id: (await waiting).id };
}

/** A supervisor of 'general' and a colleague online (so a transfer to them is allowed), both signed in to `server`. */
export async function supervisorAndColleague(
  server: Pick<TestServer, 'agent' | 'createAgent'>,
): Promise<{ supervisor: AgentSocket; colleague: { id: string; socket: AgentSocket } }> {
  const supervisor = await server.agent(await server.createAgent({ role: 'supervisor', departments: ['general'] }));
  const agent = await server.createAgent({ maxChats: 5 });
  return { supervisor, colleague: { id: agent.id, socket: await server.agent(agent) } };
}
