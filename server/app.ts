/**
 * createApp(deps) wires the parts together and returns the HTTP server and Socket.IO server without
 * listening and without reading the environment: main.ts and the tests both use it.
 */
import http from 'node:http';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { CannedResponse } from '../shared/events';
import { AGENT_NAMESPACE, SHOPPER_NAMESPACE } from '../shared/events';
import { LIMITS } from '../shared/limits';
import { recordAnalytics } from './analytics/record-analytics';
import { createAgentAssist } from './conversations/agent-assist';
import { createAgentService } from './conversations/agent-service';
import { createConsoleViews } from './conversations/console-views';
import { createMailer } from './conversations/mailer';
import { createActionDialogue } from './conversations/action-dialogue';
import { attachBotResponder } from './conversations/bot-responder';
import { createHandOff } from './conversations/hand-off';
import { createPostMessage } from './conversations/post-message';
import { createShopperService } from './conversations/shopper-service';
import { createTicketService } from './conversations/ticket-service';
import { createWrongPairLimiter } from './conversations/wrong-pair-limiter';
import type { Config } from './config';
import { createBus, type Bus } from './domain/bus';
import { createHandoffService, type HandoffService } from './handoff/handoff-service';
import { createPresence, type Presence } from './handoff/presence';
import { createSlaMonitor } from './handoff/sla-monitor';
import { adminRoutes } from './http/admin.routes';
import { authRoutes } from './http/auth.routes';
import { errorHandler, sendError } from './http/errors';
import { pagesRoutes } from './http/pages.routes';
import type { Integrations } from './integrations/integrations';
import type { KbHolder } from './kb-holder';
import { registerAgentHandlers, type AgentNamespace } from './realtime/agent.handlers';
import { agentAuth, shopperAuth } from './realtime/auth.middleware';
import { attachBroadcaster } from './realtime/broadcaster';
import { isConnectedAnywhere, refreshRemotePresence } from './realtime/cluster';
import { registerShopperHandlers, type ShopperNamespace } from './realtime/shopper.handlers';
import type { Store } from './store/store';
import { createKeyedMutex } from './util/keyed-mutex';

export interface AppDeps {
  config: Pick<Config, 'widgetOrigins' | 'identitySecret' | 'departments' | 'slaMs' | 'agentGraceMs' | 'alertIntervalMs' | 'tokenTtlMs' | 'mailTransport'>;
  store: Store;
  kb: KbHolder;
  logger: Logger;
  /** The retailer's systems (orders, returns) the bot's actions call. */
  integrations: Integrations;
  /** Signs agent tokens. */
  secret: string;
  distDir: string;
  demoDir: string;
  cannedResponses: CannedResponse[];
  now?: () => number;
  /** How often SLA/alert sweeps run; 0 turns the timer off (tests call sweep()). */
  sweepIntervalMs?: number;
}

export interface App {
  http: http.Server;
  io: Server;
  bus: Bus;
  handoff: HandoffService;
  presence: Presence;
  /** Runs one SLA/alert sweep at `now` (tests drive it with a fake clock). */
  sweep(now?: number): Promise<void>;
  /** Stops timers, closes sockets and the HTTP server. Does not close the store. */
  close(): Promise<void>;
}

/** Same-origin pages (console, demo) may always connect; other pages only when listed. */
function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (!origin) return true; // non-browser clients send no Origin; they still need a valid token or visitor id
  try {
    if (host && new URL(origin).host === host) return true;
  } catch {
    return false;
  }
  return allowed.includes(origin);
}

export function createApp(deps: AppDeps): App {
  const { store, kb, logger, config } = deps;
  const now = deps.now ?? Date.now;
  const secret = () => deps.secret;

  const bus = createBus(logger);
  const post = createPostMessage(store, bus);
  let handoff: HandoffService;
  const presence = createPresence({
    graceMs: config.agentGraceMs,
    onChange: (agentId) => bus.emit('agents.changed', { agentId }),
    onGraceExpired: (agentId) =>
      void (async () => {
        // The agent may have reconnected to another instance meanwhile: then their chats stay theirs.
        if (await isConnectedAnywhere(agents, agentId)) return;
        await handoff.requeueAgentChats(agentId);
      })().catch((err: unknown) => logger.error({ err }, 'requeue failed')),
  });
  handoff = createHandoffService({ store, bus, presence, post, departments: config.departments, now, logger });
  const turns = createKeyedMutex();
  const handOff = createHandOff({ store, post, handoff, bot: () => kb.bot(), turns });
  const shopperService = createShopperService({ store, bus, post, handoff, handOff, identitySecret: config.identitySecret, now });
  const views = createConsoleViews({ store, handoff, presence, cannedResponses: () => deps.cannedResponses });
  const agentService = createAgentService({ store, bus, post, handoff, views, now });
  const tickets = createTicketService({ store, bus, mailer: createMailer(config.mailTransport, logger) });

  const app = express();
  app.disable('x-powered-by');
  app.use(
    helmet({
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'self'"],
        },
      },
    }),
  );
  app.use(express.json({ limit: '64kb' }));
  app.use(authRoutes({ store, secret, tokenTtlMs: config.tokenTtlMs, now }));
  app.use(adminRoutes({ store, kb, presence, secret, now, startedAt: now() }));
  app.use(pagesRoutes({ distDir: deps.distDir, demoDir: deps.demoDir }));
  app.use('/api', (_req, res) => sendError(res, 'NOT_FOUND', 'No such endpoint.'));
  app.use(errorHandler(logger));

  const server = http.createServer(app);
  const io = new Server(server, {
    // Big enough that an oversize chat message reaches validation and gets a clear PAYLOAD_TOO_LARGE ack;
    // far larger packets are cut off by Socket.IO itself.
    maxHttpBufferSize: 1_000_000,
    cors: { origin: (origin, cb) => cb(null, origin === undefined || config.widgetOrigins.includes(origin)) },
    allowRequest: (req, cb) => cb(null, originAllowed(req.headers.origin, req.headers.host, config.widgetOrigins)),
  });
  const shoppers = io.of(SHOPPER_NAMESPACE) as ShopperNamespace;
  const agents = io.of(AGENT_NAMESPACE) as AgentNamespace;
  agents.use((socket, next) => {
    // The console is served by this server: a foreign page must not drive an agent session.
    if (originAllowed(socket.handshake.headers.origin, socket.handshake.headers.host, [])) return next();
    next(Object.assign(new Error('FORBIDDEN'), { data: { code: 'FORBIDDEN' } }));
  });
  shoppers.use(shopperAuth(store, now));
  agents.use(agentAuth(store, secret, now));
  registerShopperHandlers(shoppers, { shopper: shopperService, tickets }, logger);
  registerAgentHandlers({ nsp: agents, service: agentService, views, tickets, assist: createAgentAssist({ store, bot: () => kb.bot(), now }), presence, now, logger });

  const broadcaster = attachBroadcaster({ bus, store, shoppers, agents, handoff, shopperService, views, logger });
  const actions = createActionDialogue({
    store,
    post,
    bot: () => kb.bot(),
    integrations: deps.integrations,
    limiter: createWrongPairLimiter({ now }),
    logger,
  });
  const stopBot = attachBotResponder({ bus, store, post, handoff, handOff, bot: () => kb.bot(), actions, turns, logger });
  const stopAnalytics = recordAnalytics(bus, store, now);
  const drain = () => void handoff.drain().catch((err: unknown) => logger.error({ err }, 'drain failed'));
  const stopRouting = [
    bus.on('handoff.requested', drain),
    bus.on('agents.changed', drain),
    bus.on('conversation.closed', drain),
  ];

  const sla = createSlaMonitor({ store, bus, slaMs: config.slaMs, alertIntervalMs: config.alertIntervalMs });
  const sweep = async (at = now()) => {
    if (await refreshRemotePresence(agents, presence)) bus.emit('agents.changed', { agentId: '*' });
    // Handoffs taken in on other instances reach this one's agents within one sweep.
    await handoff.drain();
    const { alerts } = await sla.sweep(at);
    for (const alert of alerts) bus.emit('queue.alerted', alert);
    broadcaster.refreshAvailability();
  };
  const interval = deps.sweepIntervalMs ?? 1000;
  const timer = interval > 0 ? setInterval(() => void sweep().catch((err: unknown) => logger.error({ err }, 'sweep failed')), interval) : null;
  timer?.unref();

  return {
    http: server,
    io,
    bus,
    handoff,
    presence,
    sweep,
    async close() {
      if (timer) clearInterval(timer);
      presence.stop();
      broadcaster.stop();
      stopBot();
      stopAnalytics();
      stopRouting.forEach((off) => off());
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await bus.idle();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
