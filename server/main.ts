/**
 * `npm start`: loadConfig → openStore → loadKb → check bundles → createApp → listen; graceful shutdown.
 * The bundles are built beforehand (`npm run build`; `npm start` runs `scripts/build.ts --if-missing` first):
 * the server never imports the build, whose tools are dev dependencies.
 */
import path from 'node:path';
import { createApp } from './app';
import { scheduleReports } from './insight/reports';
import { ensureDemoAgent, resolveSecret } from './bootstrap';
import { loadCannedResponses } from './conversations/canned-responses';
import { loadConfig } from './config';
import { missingBundles } from './http/pages.routes';
import { createKbHolder } from './kb-holder';
import { openIntegrations } from './integrations/open-integrations';
import { createLogger } from './logger';
import { attachRedisAdapter } from './realtime/cluster';
import { connectRedisLimiters, memoryLimiters } from './security/create-limiter';
import { openStore } from './store/open-store';
import { openBlobStore } from './blobs/open-blob-store';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const distDir = path.join(ROOT, 'dist');
  const missing = missingBundles(distDir);
  if (missing) throw new Error(`${missing}: run \`npm run build\` (needs the dev dependencies) and start again`);
  const logger = createLogger(config.logLevel);
  // A library's stray rejected promise (a Redis command timing out while the event loop lagged, seen in
  // `npm run bench -- --instances 2`) must not drop every shopper's connection: log it, keep serving.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled promise rejection'));
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger });
  const secret = await resolveSecret(store, config.secret);
  const demo = await ensureDemoAgent(store, config.demoAgent, config.departments.map((d) => d.name));
  const kb = await createKbHolder(config.kbDir, logger);
  const stopWatching = kb.watch();
  const integrations = openIntegrations(config.integrations, { logger });

  // Several instances must share rate-limit counts, or each would allow the full budget.
  const limits = config.redisUrl
    ? await connectRedisLimiters(config.redisUrl)
    : { limiters: memoryLimiters(), close: async () => undefined };
  const app = createApp({
    config,
    blobs: openBlobStore(config),
    limiters: limits.limiters,
    store,
    kb,
    logger,
    integrations,
    secret,
    distDir,
    demoDir: path.join(ROOT, 'widget', 'demo'),
    cannedResponses: loadCannedResponses(path.join(ROOT, 'kb', 'canned.yaml')),
  });

  const closeRedis = config.redisUrl ? await attachRedisAdapter(app.io, { url: config.redisUrl }) : async () => undefined;
  const reports = scheduleReports({
    dir: path.join(config.dataDir, 'reports'),
    schedule: config.reportSchedule,
    metrics: app.metrics,
    targets: app.targets,
    logger,
    mail: config.reportEmails.length > 0 && config.mail.transport !== 'none' ? { to: config.reportEmails, outbox: app.mail } : null,
  });

  await new Promise<void>((resolve) => app.http.listen(config.port, config.host, resolve));
  const address = app.http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://localhost:${port}`;
  logger.info({ port, store: store.kind, kb: kb.status().name }, 'parley listening');
  // A human-readable banner on first start: where to click, and the generated login shown exactly once.
  const lines = [`Parley is running at ${base}`, `  demo shop:     ${base}/demo`, `  agent console: ${base}/console`];
  if (demo) {
    lines.push(`  demo agent:    ${demo.email} / ${demo.generatedPassword ?? '(DEMO_AGENT_PASSWORD)'}`);
    if (demo.generatedPassword) lines.push('  (this password is shown only once; set DEMO_AGENT_PASSWORD to choose it)');
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stopWatching();
    reports.stop();
    await app.close();
    await closeRedis();
    await limits.close();
    await integrations.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`parley failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
