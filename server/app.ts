/**
 * createApp(deps) wires the parts together and returns the HTTP server and Socket.IO server without
 * listening and without reading the environment: main.ts and the tests both use it.
 */
import http from 'node:http';
import express from 'express';
import helmet from 'helmet';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { CannedResponse } from '../shared/events';
import { AGENT_NAMESPACE, SHOPPER_NAMESPACE } from '../shared/events';
import { RETURN_PHOTO_LINK_SECONDS } from '../shared/integrations';
import { LIMITS } from '../shared/limits';
import { recordAnalytics } from './analytics/record-analytics';
import { createAgentCases } from './cases/agent-cases';
import { createCasePolicy, hoursByDepartment } from './cases/case-policy';
import { createCaseService } from './cases/case-service';
import { createCaseViews } from './cases/case-views';
import { createShopperCases } from './cases/shopper-cases';
import { createAttachmentService } from './attachments/attachment-service';
import type { BlobStore } from './blobs/blob-store';
import { recordMisses } from './analytics/record-misses';
import { createAnswerFeedback } from './conversations/answer-feedback';
import { createAgentAssist } from './conversations/agent-assist';
import { createAgentService } from './conversations/agent-service';
import { createConsoleViews } from './conversations/console-views';
import { createIdleBotCloser } from './conversations/close-idle-bot-chats';
import { createCloseIntoCase } from './conversations/close-into-case';
import { createActionDialogue } from './conversations/action-dialogue';
import { attachBotResponder } from './conversations/bot-responder';
import { createHandOff } from './conversations/hand-off';
import { createPostMessage } from './conversations/post-message';
import { createShopperService } from './conversations/shopper-service';
import { createWrongPairLimiter } from './conversations/wrong-pair-limiter';
import type { Config } from './config';
import { createBus, type Bus } from './domain/bus';
import { createHandoffService, type HandoffService } from './handoff/handoff-service';
import { createPresence, type Presence } from './handoff/presence';
import { reconcileAssignments } from './handoff/reconcile-assignments';
import { createSlaMonitor } from './handoff/sla-monitor';
import { adminRoutes } from './http/admin.routes';
import { createReturnPhotoLinks } from './attachments/return-photo-links';
import { attachmentsRoutes } from './http/attachments.routes';
import { authRoutes } from './http/auth.routes';
import { casesRoutes } from './http/cases.routes';
import { errorHandler, sendError } from './http/errors';
import { kbRoutes } from './http/kb.routes';
import { pagesRoutes } from './http/pages.routes';
import { privacyRoutes } from './http/privacy.routes';
import { createRetention, type PurgedCounts } from './privacy/retention';
import { metricsRoutes } from './http/metrics.routes';
import { createDriftMonitor } from './insight/drift-monitor';
import { openFollowUps } from './insight/follow-up';
import { createMetricsService, type MetricsService } from './insight/metrics-service';
import { createPrometheus } from './insight/prometheus';
import { createQaService } from './insight/qa-service';
import { createTargets, type Targets } from './insight/targets';
import type { MetricsDriftAlert } from '../shared/metrics';
import type { Integrations } from './integrations/integrations';
import type { KbHolder } from './kb-holder';
import { attachCaseMail } from './mail/attach-case-mail';
import { createMailOutbox, type MailOutbox } from './mail/mail-outbox';
import { createMailer } from './mail/mailer';
import { createKbEditor } from './kb-edit/kb-editor';
import { registerAgentHandlers, type AgentNamespace } from './realtime/agent.handlers';
import { agentAuth, shopperAuth, type AgentSocketData, type ShopperSocketData } from './realtime/auth.middleware';
import { createOriginCheck, isOriginAllowed } from './realtime/check-origin';
import { attachBroadcaster } from './realtime/broadcaster';
import { isConnectedAnywhere, refreshRemotePresence } from './realtime/cluster';
import { AGENT_LIMITS, SHOPPER_LIMITS } from './realtime/command-limits';
import { limitCommands } from './realtime/limit-commands';
import { guardAgentSessions } from './realtime/session-guard';
import { registerShopperHandlers, type ShopperNamespace } from './realtime/shopper.handlers';
import { memoryLimiters, type LimiterFactory } from './security/create-limiter';
import type { Store } from './store/store';
import { createKeyedMutex } from './util/keyed-mutex';
import type { SweepAction } from './cases/sweep-cases';

export interface AppDeps {
  config: Pick<Config, 'widgetOrigins' | 'parleyUrl' | 'identitySecret' | 'departments' | 'slaMs' | 'agentGraceMs' | 'alertIntervalMs' | 'tokenTtlMs' | 'mail' | 'botIdleCloseMs' | 'commandsPerIpPerMinute' | 'loginAttemptsPerIp' | 'retentionDays' | 'caseSweepMs' | 'attachmentMaxBytes' | 'metricsToken' | 'driftCheckMs' | 'driftWindowMs' | 'driftMinContacts'>  &
    Partial<Pick<Config, 'kbSupervisorsApprove'>>;
  store: Store;
  /** Where attachment bytes live (openBlobStore: disk or S3). */
  blobs: BlobStore;
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
  /** Wait before the first retry of a failed mail (later ones wait 4× longer each); tests shorten it. */
  mailBackoffMs?: number;
  /** Where rate-limit counters live: in memory unless main.ts passes Redis-backed ones (REDIS_URL). */
  limiters?: LimiterFactory;
}

export interface App {
  http: http.Server;
  /** The express app behind `http` (tests list its routes). */
  express: express.Express;
  io: Server;
  bus: Bus;
  handoff: HandoffService;
  presence: Presence;
  /** Settles when the start-up work is done: the bot has answered what a crash left unanswered. */
  started: Promise<void>;
  /** Runs one SLA/alert sweep at `now` (tests drive it with a fake clock). */
  sweep(now?: number): Promise<void>;
  /** Runs one sweep of the case clocks at `now` (breaches, tier escalations, auto-closes); returns what it applied. */
  sweepCases(now?: number): Promise<SweepAction[]>;
  /** Runs one drift check at `now` (tests drive it; the timer runs it every DRIFT_CHECK_MINUTES). */
  checkDrift(now?: number): Promise<MetricsDriftAlert[]>;
  /** The metrics report and the targets (scheduled CSV reports use them). */
  metrics: MetricsService;
  targets: Targets;
  /** Mail sent in the background with retries (the scheduled reports use it too). */
  mail: MailOutbox;
  /** Deletes closed conversations and closed cases older than RETENTION_DAYS at `now`; returns how many of each (0 when unset). */
  purgeExpired(now?: number): Promise<PurgedCounts>;
  /** Stops timers, closes sockets and the HTTP server. Does not close the store. */
  close(): Promise<void>;
}

/** Without PARLEY_URL: the address the server listens on (a wildcard bind is reached as localhost). */
function listeningUrl(server: http.Server): string {
  const address = server.address() as AddressInfo | null;
  if (!address) return 'http://localhost';
  const isWildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = isWildcard ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

export function createApp(deps: AppDeps): App {
  const { store, kb, logger, config } = deps;
  const now = deps.now ?? Date.now;
  const secret = () => deps.secret;
  const limiters = deps.limiters ?? memoryLimiters();

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
  const attachments = createAttachmentService({ store, blobs: deps.blobs, now, logger });
  const turns = createKeyedMutex();
  const handOff = createHandOff({ store, post, handoff, bot: () => kb.bot(), turns });
  const shopperService = createShopperService({ store, bus, post, handoff, handOff, identitySecret: config.identitySecret, now, bot: () => kb.bot(), attachments, attachmentMaxBytes: config.attachmentMaxBytes });
  const views = createConsoleViews({ store, handoff, presence, cannedResponses: () => deps.cannedResponses, attachmentMaxBytes: config.attachmentMaxBytes });
  const agentService = createAgentService({ store, bus, post, handoff, views, now, attachments });
  const mailer = createMailer(config.mail, logger);
  const mail = createMailOutbox({ mailer, logger, backoffMs: deps.mailBackoffMs });
  const stopCaseMail = attachCaseMail({ bus, outbox: mail, publicUrl: config.mail.publicUrl });
  const departmentNames = config.departments.map((d) => d.name);
  const casePolicy = createCasePolicy({ hours: hoursByDepartment(config.departments) });
  const caseService = createCaseService({ store, bus, clock: now, policy: casePolicy });
  const caseViews = createCaseViews({ store, policy: casePolicy });
  const closeIntoCase = createCloseIntoCase({ store, bus, post, now });
  const shopperCases = createShopperCases({
    store,
    bus,
    cases: caseService,
    views: caseViews,
    attachments,
    closeIntoCase,
    canServe: (department) => handoff.canServe(department),
    departments: departmentNames,
  });
  const agentCases = createAgentCases({ store, cases: caseService, views: caseViews, attachments, closeIntoCase, departments: departmentNames });
  const targets = createTargets({ store, now });
  const metrics = createMetricsService({ store, targets, now });
  const drift = createDriftMonitor({ bus, metrics, targets, windowMs: config.driftWindowMs, minContacts: config.driftMinContacts });
  const stopFollowUps = openFollowUps({ bus, store, cases: caseService, logger });
  // Filled in once the Socket.IO server exists; scrapes before that see no connections.
  let connections = () => ({ shopper: 0, agent: 0 });
  const prometheus = createPrometheus({ bus, store, connections: () => connections() });

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
  // Before the JSON parser: an upload's body is the file itself, read (and size-capped) by its route.
  app.use(
    attachmentsRoutes({
      store,
      service: attachments,
      secret,
      now,
      limiters,
      maxBytes: config.attachmentMaxBytes,
      widgetOrigins: config.widgetOrigins,
      linkMaxAgeMs: RETURN_PHOTO_LINK_SECONDS * 1000,
    }),
  );
  app.use(express.json({ limit: '64kb' }));
  app.use(authRoutes({ store, secret, tokenTtlMs: config.tokenTtlMs, now, limiters, bus, attemptsPerAddress: config.loginAttemptsPerIp }));
  app.use(adminRoutes({ store, kb, presence, secret, now, startedAt: now() }));
  const editor = createKbEditor({ store, kb, logger, now, supervisorsApprove: config.kbSupervisorsApprove ?? false });
  app.use(kbRoutes({ store, kb, editor, secret, now }));
  app.use(privacyRoutes({ store, secret, now, attachments }));
  app.use(
    metricsRoutes({
      store,
      secret,
      now,
      metrics,
      targets,
      qa: createQaService({ store, now }),
      limiters,
      prometheus,
      metricsToken: config.metricsToken,
    }),
  );
  app.use(casesRoutes({ store, secret, now, cases: agentCases }));
  app.use(pagesRoutes({ distDir: deps.distDir, demoDir: deps.demoDir }));
  app.use('/api', (_req, res) => sendError(res, 'NOT_FOUND', 'No such endpoint.'));
  app.use(errorHandler(logger));

  const server = http.createServer(app);
  const isAllowedOrigin = createOriginCheck(config.widgetOrigins, logger, now);
  const io = new Server(server, {
    // Big enough that an oversize chat message reaches validation and gets a clear PAYLOAD_TOO_LARGE ack;
    // far larger packets are cut off by Socket.IO itself.
    maxHttpBufferSize: 1_000_000,
    cors: { origin: (origin, cb) => cb(null, origin === undefined || config.widgetOrigins.includes(origin)) },
    allowRequest: (req, cb) => cb(null, isAllowedOrigin(req.headers.origin, req.headers.host)),
  });
  const shoppers = io.of(SHOPPER_NAMESPACE) as ShopperNamespace;
  const agents = io.of(AGENT_NAMESPACE) as AgentNamespace;
  connections = () => ({ shopper: shoppers.sockets.size, agent: agents.sockets.size });
  agents.use((socket, next) => {
    // The console is served by this server: a foreign page must not drive an agent session.
    if (isOriginAllowed(socket.handshake.headers.origin, socket.handshake.headers.host, [])) return next();
    next(Object.assign(new Error('FORBIDDEN'), { data: { code: 'FORBIDDEN' } }));
  });
  shoppers.use(shopperAuth(store, now));
  agents.use(agentAuth(store, secret, now));
  // Registered before the handlers, so every command of every socket passes the limits first.
  const perAddress = config.commandsPerIpPerMinute > 0 ? { points: config.commandsPerIpPerMinute, duration: 60 } : null;
  shoppers.on('connection', limitCommands('shopper', { ...SHOPPER_LIMITS, perAddress }, limiters, (s) => (s.data as ShopperSocketData).visitor.id));
  agents.on('connection', limitCommands('agent', { ...AGENT_LIMITS, perAddress }, limiters, (s) => (s.data as AgentSocketData).agent.id));
  const stopSessionGuard = guardAgentSessions(agents, bus, now);
  registerShopperHandlers(shoppers, { shopper: shopperService, cases: shopperCases, feedback: createAnswerFeedback({ store, bus }) }, logger);
  const broadcaster = attachBroadcaster({ bus, store, shoppers, agents, handoff, shopperService, views, caseViews, logger });
  registerAgentHandlers({
    nsp: agents,
    service: agentService,
    views,
    assist: createAgentAssist({ store, bot: () => kb.bot(), now }),
    cases: agentCases,
    presence,
    rooms: broadcaster,
    now,
    logger,
  });
  const actions = createActionDialogue({
    store,
    post,
    bot: () => kb.bot(),
    integrations: deps.integrations,
    limiter: createWrongPairLimiter(limiters),
    openCases: async (visitor) => (await shopperCases.list({ visitor })).cases.filter((c) => c.status !== 'closed'),
    photoLinks: createReturnPhotoLinks({ store, secret, now, baseUrl: () => config.parleyUrl ?? listeningUrl(server) }),
    logger,
  });
  const botResponder = attachBotResponder({ bus, store, post, handoff, handOff, bot: () => kb.bot(), actions, turns, logger });
  // A shopper's message stored just before the last process died never got its bot turn: answer it now.
  const started = botResponder
    .answerUnanswered()
    .then(() => undefined)
    .catch((err: unknown) => logger.error({ err }, 'answering unanswered messages failed'));
  const stopAnalytics = recordAnalytics(bus, store, now);
  const stopMisses = recordMisses(bus, store, now);
  const drain = () => void handoff.drain().catch((err: unknown) => logger.error({ err }, 'drain failed'));
  const stopRouting = [
    bus.on('handoff.requested', drain),
    bus.on('agents.changed', drain),
    bus.on('conversation.closed', drain),
  ];

  const sla = createSlaMonitor({ store, bus, slaMs: config.slaMs, alertIntervalMs: config.alertIntervalMs });
  const idleBotChats = createIdleBotCloser({ store, bus, post, idleMs: config.botIdleCloseMs });
  const sweep = async (at = now()) => {
    if (await refreshRemotePresence(agents, presence)) bus.emit('agents.changed', { agentId: '*' });
    // Handoffs taken in on other instances reach this one's agents within one sweep.
    await handoff.drain();
    const { alerts } = await sla.sweep(at);
    for (const alert of alerts) bus.emit('queue.alerted', alert);
    await idleBotChats.sweep(at);
    broadcaster.refreshAvailability();
  };
  const retention = createRetention({ store, attachments, retentionDays: config.retentionDays });
  const purgeExpired = (at = now()) => retention(at);
  // Retention runs hourly on every instance: the purge is idempotent, so overlapping runs are harmless.
  let lastPurge = 0;
  const sweepWithRetention = async (at = now()) => {
    await sweep(at);
    if (at - lastPurge >= 3_600_000) {
      lastPurge = at;
      const purged = await purgeExpired(at);
      if (purged.conversations + purged.cases + purged.tickets > 0) logger.info(purged, 'closed conversations, cases and their tickets past retention deleted');
    }
  };
  // After a crash nobody saw the agents leave: once their grace period has passed, chats of agents who did not
  // come back (to any instance) return to the queue.
  const reconcileTimer = setTimeout(
    () =>
      void reconcileAssignments({
        store,
        isConnected: (agentId) => isConnectedAnywhere(agents, agentId),
        requeue: (agentId) => handoff.requeueAgentChats(agentId),
      })
        .then((requeued) => requeued.length > 0 && logger.info({ agents: requeued }, 'requeued chats of agents gone since start'))
        .catch((err: unknown) => logger.error({ err }, 'start-up presence reconcile failed')),
    config.agentGraceMs,
  );
  reconcileTimer.unref();
  const checkDrift = (at = now()) => drift.check(at);
  const driftTimer =
    config.driftCheckMs > 0 && (deps.sweepIntervalMs ?? 1000) > 0
      ? setInterval(() => void checkDrift().catch((err: unknown) => logger.error({ err }, 'drift check failed')), config.driftCheckMs)
      : null;
  driftTimer?.unref();
  const interval = deps.sweepIntervalMs ?? 1000;
  const timer = interval > 0 ? setInterval(() => void sweepWithRetention().catch((err: unknown) => logger.error({ err }, 'sweep failed')), interval) : null;
  timer?.unref();
  // Every instance sweeps the case clocks: each action is a compare-and-set, so overlapping sweeps apply it once.
  const sweepCases = (at = now()) => caseService.sweep(at);
  // A sweep slower than its interval (a large backlog after downtime) is not started again on top of itself.
  let isCaseSweeping = false;
  const timedCaseSweep = () => {
    if (isCaseSweeping) return;
    isCaseSweeping = true;
    void sweepCases()
      .then((applied) => applied.length > 0 && logger.info({ applied: applied.length }, 'case clocks applied'))
      .catch((err: unknown) => logger.error({ err }, 'case sweep failed'))
      .finally(() => (isCaseSweeping = false));
  };
  const caseTimer = config.caseSweepMs > 0 ? setInterval(timedCaseSweep, config.caseSweepMs) : null;
  caseTimer?.unref();

  return {
    http: server,
    express: app,
    io,
    bus,
    handoff,
    presence,
    started,
    sweep,
    sweepCases,
    checkDrift,
    metrics,
    targets,
    mail,
    purgeExpired,
    async close() {
      if (timer) clearInterval(timer);
      if (caseTimer) clearInterval(caseTimer);
      if (driftTimer) clearInterval(driftTimer);
      stopFollowUps();
      prometheus.stop();
      clearTimeout(reconcileTimer);
      presence.stop();
      broadcaster.stop();
      await started;
      botResponder.stop();
      stopAnalytics();
      stopMisses();
      stopRouting.forEach((off) => off());
      stopSessionGuard();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await bus.idle();
      stopCaseMail();
      // Mails being sent finish; mails waiting for a retry are given up (and logged).
      mail.stop();
      await mail.idle();
      mailer.close();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
