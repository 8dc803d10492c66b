/**
 * Bench child: a real Parley server (temp SQLite file, the retail KB, auto-assigning departments) on
 * 127.0.0.1 and an ephemeral port. It talks to the bench over IPC only: `ready` with the port and agent
 * tokens, then answers `stats` (RSS, heap, CPU, event-loop delay; collecting garbage first when the request
 * says `gc`), samples allocations between `alloc-start` and `alloc-stop` (bytes back as `alloc`, the profile
 * written to a file when asked) and stops on `stop`.
 *
 * argv[2] is the source root to load the server from, so the bench can run a baseline checkout
 * (`--baseline main`) with the same child. argv[3] is how many agents to create; argv[4] and argv[5],
 * when given, are a SQLite file and a Redis URL shared with other instances (`--instances N`): the first
 * instance creates the agents, the others only join through the Redis adapter. The bench-only channel is this IPC: no route is added to
 * the server for it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { countStatements, monitorGc, serverStats, type ServerStats, type StatsRequest } from './server-stats';
import { startAllocSampler, totalBytes, type AllocRequest, type AllocSampler } from './alloc-sampler';

const SECRET = 'bench-secret-0123456789abcdef0123456789';

async function main(): Promise<void> {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '../..'));
  const agentCount = Number(process.argv[3] ?? '0');
  const sharedDb = process.argv[4] || null;
  const redisUrl = process.argv[5] || null;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  // Loaded from `root` at run time so a baseline tree runs through this same child.
  const load = <T>(rel: string): Promise<T> => import(path.join(root, rel)) as Promise<T>;
  const { createApp } = await load<typeof import('../../server/app')>('server/app.ts');
  const { loadConfig } = await load<typeof import('../../server/config')>('server/config.ts');
  const { createKbHolder } = await load<typeof import('../../server/kb-holder')>('server/kb-holder.ts');
  const { openSqliteStore } = await load<typeof import('../../server/store/sqlite/sqlite-store')>('server/store/sqlite/sqlite-store.ts');
  // The store as the server opens it: on a worker thread where the tree has one (a baseline may not).
  const threaded = fs.existsSync(path.join(root, 'server/store/sqlite/threaded-store.ts'))
    ? await load<typeof import('../../server/store/sqlite/threaded-store')>('server/store/sqlite/threaded-store.ts')
    : null;
  const { signToken } = await load<typeof import('../../server/auth/tokens')>('server/auth/tokens.ts');
  const { openIntegrations } = await load<typeof import('../../server/integrations/open-integrations')>('server/integrations/open-integrations.ts');
  const cluster = redisUrl ? await load<typeof import('../../server/realtime/cluster')>('server/realtime/cluster.ts') : null;
  const limiting = redisUrl ? await load<typeof import('../../server/security/create-limiter')>('server/security/create-limiter.ts') : null;
  const { createDiskBlobStore } = await load<typeof import('../../server/blobs/disk/disk-blob-store')>('server/blobs/disk/disk-blob-store.ts');
  const pino = (await import('pino')).default;
  // As server/main.ts: a stray library rejection (Redis timing out under lag) is not a crash.
  process.on('unhandledRejection', (err) => process.stderr.write(`parley-server: unhandled rejection: ${String(err)}\n`));

  // Every simulated shopper shares loopback, so the per-address command limit is off here.
  const config = loadConfig({ DEPARTMENTS: 'general:auto,orders:auto,returns:auto,billing:auto,technical:auto', COMMANDS_PER_IP_PER_MINUTE: '0' });
  const dbFile = sharedDb ?? path.join(dataDir, 'parley.db');
  // Counted on the connection the server writes through (a tree from before the hook ignores the option).
  const sql = countStatements();
  const store = threaded ? await threaded.openThreadedSqliteStore(dbFile, { onStatement: sql.onStatement }) : openSqliteStore(dbFile, { onStatement: sql.onStatement });
  // As main.ts does: several instances share rate-limit counts through Redis.
  const limits = limiting && redisUrl ? await limiting.connectRedisLimiters(redisUrl) : null;
  // Silent by default (logging costs the server time being measured); BENCH_LOG_LEVEL=warn (or info, …)
  // writes the servers' logs to stderr (each line has its instance's pid), to find what a run lost.
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }, pino.destination(2));
  const kb = await createKbHolder(path.join(root, 'kb/retail'), logger);
  const app = createApp({
    config,
    ...(limits ? { limiters: limits.limiters } : {}),
    store,
    blobs: createDiskBlobStore(path.join(dataDir, 'blobs')),
    kb,
    logger,
    secret: SECRET,
    distDir: path.join(root, 'dist'),
    demoDir: path.join(root, 'widget/demo'),
    cannedResponses: [],
    integrations: openIntegrations(config.integrations, { logger }),
  });
  const tokens: string[] = [];
  for (let i = 0; i < agentCount; i++) {
    const agent = await store.agents.create({
      email: `bench-agent-${i}@bench.parley`,
      name: `Bench ${i}`,
      // Never used to log in: the bench signs tokens directly.
      passwordHash: 'x',
      role: 'agent',
      departments: config.departments.map((d) => d.name),
      maxChats: 50,
    });
    tokens.push(signToken({ agentId: agent.id, exp: Date.now() + 3_600_000, ver: agent.tokenVersion }, SECRET));
  }
  const closeRedis = cluster && redisUrl ? await cluster.attachRedisAdapter(app.io, { url: redisUrl }) : async () => undefined;
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const port = (app.http.address() as AddressInfo).port;

  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const gcMonitor = monitorGc();
  let cpu = process.cpuUsage();
  let elu = performance.eventLoopUtilization();
  let since = performance.now();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    lag.disable();
    gcMonitor.stop();
    await app.close();
    await closeRedis();
    await limits?.close();
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.disconnect?.();
  };

  let sampler: Promise<AllocSampler> | null = null;
  process.on('message', (msg: StatsRequest | AllocRequest | { type: 'stop' }) => {
    if (msg.type === 'alloc-start') {
      sampler = startAllocSampler(msg.intervalBytes);
      void sampler.then(() => process.send?.({ type: 'alloc-started' }));
    } else if (msg.type === 'alloc-stop') {
      const running = sampler;
      sampler = null;
      void (async () => {
        const profile = running ? await (await running).stop() : null;
        if (profile && msg.file) {
          fs.mkdirSync(path.dirname(msg.file), { recursive: true });
          fs.writeFileSync(msg.file, JSON.stringify(profile));
        }
        process.send?.({ type: 'alloc', bytes: profile ? totalBytes(profile) : 0 });
      })();
    } else if (msg.type === 'stats') {
      const stats: ServerStats = serverStats(lag, cpu, since, { gc: msg.gc, eluStart: elu, gcMonitor, sql });
      // Each stats call opens a new window, so the bench can ask at the start and end of a phase.
      lag.reset();
      cpu = process.cpuUsage();
      elu = performance.eventLoopUtilization();
      since = performance.now();
      process.send?.({ type: 'stats', stats });
    } else if (msg.type === 'stop') {
      void stop();
    }
  });
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
  process.send?.({ type: 'ready', port, tokens });
}

main().catch((err: unknown) => {
  process.stderr.write(`parley-server: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
