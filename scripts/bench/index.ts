/**
 * `npm run bench`: Parley under load against the bare Socket.IO floor, measured back to back in one run.
 *
 * Each server runs in its own child (bench/parley-server.ts or bench/echo-server.ts) and the load in
 * another (bench/load-client.ts), all on 127.0.0.1; the bot is measured alone (bench/bot-bench.ts).
 * Writes bench/results/latest.json and prints a table. Every child is stopped on the way out.
 *
 * Flags: --shoppers N  --rate R (asks per shopper per second, `1/20` allowed)  --duration S
 *        --connect-rate N/s  --handoffs N  --agents N  --full (the issue's 10,000 × 1/20 s)
 *        --baseline REF (also run the server of that git ref, e.g. main: a before/after in one run)
 *        --also DIR (also run the server from a source tree on disk, e.g. an experiment)
 *        --repeat N (run every server N times, interleaved, when other work makes single runs noisy)
 *        --instances N (also run N Parley instances on one SQLite file through a Redis started for the run;
 *        shoppers and agents are spread over them; needs /usr/bin/redis-server)  --skip-widget (no
 *        bundle sizes and headless-Chromium page timings, scripts/bench/widget.ts)
 *        --cpu-prof (profile each Parley server child into bench/profiles/<name>/; the largest file
 *        there is the main thread: read it with scripts/bench/profile-summary.ts)  --skip-bot  --json
 */
import { execFileSync, fork, spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadOptions, LoadResult } from './load-client';
import type { BotBenchRow } from './bot-bench';
import type { ServerStats } from './server-stats';

const REDIS_SERVER = '/usr/bin/redis-server';
import { summarise, type Summary } from './stats';
import { benchWidget, formatWidgetBench, type WidgetBenchResult } from './widget';

const ROOT = path.resolve(__dirname, '../..');
const BANKING77 = path.join(process.env.PARLEY_DATASETS ?? path.join(ROOT, '..', 'shared', 'datasets'), 'banking77', 'train.csv');
/** No single step of the bench may take longer than this. */
const STEP_TIMEOUT_MS = 10 * 60_000;

interface Flags {
  shoppers: number;
  rate: number;
  durationS: number;
  connectRate: number;
  handoffs: number;
  agents: number;
  baseline: string | null;
  also: string | null;
  repeat: number;
  instances: number;
  cpuProf: boolean;
  skipBot: boolean;
  skipWidget: boolean;
  json: boolean;
}

function parseFlags(argv: string[]): Flags {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const [a, b] = raw.split('/').map(Number);
    const n = b === undefined ? a! : a! / b;
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got ${raw}`);
    return n;
  };
  const full = argv.includes('--full');
  // Defaults finish the whole bench in about 3-4 minutes on 2 cores; --full is the issue's first row.
  return {
    shoppers: Math.round(num('shoppers', full ? 10_000 : 2_000)),
    rate: num('rate', full ? 1 / 20 : 1 / 4),
    durationS: num('duration', full ? 60 : 30),
    connectRate: num('connect-rate', full ? 500 : 400),
    handoffs: Math.round(num('handoffs', full ? 1_000 : 100)),
    agents: Math.round(num('agents', 20)),
    baseline: value('baseline') ?? null,
    also: value('also') ?? null,
    repeat: Math.max(1, Math.round(num('repeat', 1))),
    instances: Math.max(1, Math.round(num('instances', 1))),
    cpuProf: argv.includes('--cpu-prof'),
    skipBot: argv.includes('--skip-bot'),
    skipWidget: argv.includes('--skip-widget') || !fs.existsSync('/usr/bin/chromium'),
    json: argv.includes('--json'),
  };
}

/** Resolves with the first IPC message of `type` from `child`, or rejects when it exits or takes too long. */
function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${type}`)), STEP_TIMEOUT_MS);
    const onMessage = (msg: { type: string }) => {
      if (msg.type === type) done(null, msg as T);
    };
    const onExit = (code: number | null) => done(new Error(`child exited (${code}) before ${type}`));
    const done = (err: Error | null, msg?: T) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(msg as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const children = new Set<ChildProcess>();

function spawn(script: string, args: string[], execArgv: string[] = []): ChildProcess {
  const child = fork(path.join(__dirname, script), args, {
    execArgv: ['--import', 'tsx', '--expose-gc', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Asks politely, then kills what is still running after a grace period. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A child already on its way out closes the channel under us: then a signal does it.
  child.once('error', () => child.kill('SIGTERM'));
  if (child.connected) child.send({ type: 'stop' }, (err) => err && child.kill('SIGTERM'));
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export interface TargetResult {
  name: string;
  connected: number;
  connectFailed: number;
  sent: number;
  skipped: number;
  errors: number;
  timeouts: number;
  messagesPerSecond: number;
  ackMs: Summary;
  botAnswerMs: Summary | null;
  handoffToAgentMs: Summary | null;
  agentReplyToShopperMs: Summary | null;
  rssIdleMb: number;
  rssPerConnectionKb: number;
  rssEndMb: number;
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  serverCpuCores: number;
  /** Server CPU time per message sent: steadier than latency when other work shares the cores. */
  serverCpuMsPerMessage: number;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** A free loopback port (for the Redis of an --instances run). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/** A throwaway Redis for one --instances run: no persistence, stopped with the other children. */
async function startRedis(): Promise<string> {
  if (!fs.existsSync(REDIS_SERVER)) throw new Error(`--instances needs ${REDIS_SERVER} (apt-get install redis-server)`);
  const port = await freePort();
  const redis = spawnProcess(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.add(redis);
  redis.once('exit', () => children.delete(redis));
  for (let i = 0; i < 100; i++) {
    const isUp = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (isUp) return `redis://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not start');
}

/** Several instances' figures as one server's: memory and CPU add up, the worst event-loop lag counts. */
function combine(stats: ServerStats[]): ServerStats {
  const sum = (k: keyof ServerStats) => stats.reduce((n, s) => n + s[k], 0);
  const max = (k: keyof ServerStats) => Math.max(...stats.map((s) => s[k]));
  return {
    rssBytes: sum('rssBytes'),
    heapUsedBytes: sum('heapUsedBytes'),
    loopLagP50Ms: max('loopLagP50Ms'),
    loopLagP99Ms: max('loopLagP99Ms'),
    loopLagMaxMs: max('loopLagMaxMs'),
    cpuCores: Math.round(sum('cpuCores') * 1000) / 1000,
    windowMs: max('windowMs'),
  };
}

/**
 * One server (or `instances` of it behind Redis) under the configured load: ramp, hold, ask, and the servers'
 * own figures for each phase.
 */
async function measureServer(name: string, kind: 'parley' | 'echo', root: string, flags: Flags, instances = 1): Promise<TargetResult> {
  const execArgv = flags.cpuProf && kind === 'parley' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench/profiles', name.replace(/[^\w@.-]+/g, '-'))}`] : [];
  const servers: ChildProcess[] = [];
  let load: ChildProcess | null = null;
  let sharedDir: string | null = null;
  try {
    const ports: number[] = [];
    let tokens: string[] = [];
    if (kind === 'echo') {
      servers.push(spawn('echo-server.ts', []));
      ports.push((await next<{ port: number }>(servers[0]!, 'ready')).port);
    } else {
      const cluster = instances > 1 ? { redisUrl: await startRedis(), dir: (sharedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-shared-'))) } : null;
      for (let i = 0; i < instances; i++) {
        // The first instance creates the agents (and migrates the shared file) before the others open it.
        const args = [root, String(i === 0 ? flags.agents : 0), ...(cluster ? [path.join(cluster.dir, 'parley.db'), cluster.redisUrl] : [])];
        const child = spawn('parley-server.ts', args, execArgv);
        servers.push(child);
        const ready = await next<{ port: number; tokens: string[] }>(child, 'ready');
        ports.push(ready.port);
        if (i === 0) tokens = ready.tokens;
      }
    }
    const stats = async () =>
      combine(
        await Promise.all(
          servers.map(async (server) => {
            const reply = next<{ stats: ServerStats }>(server, 'stats');
            server.send({ type: 'stats' });
            return (await reply).stats;
          }),
        ),
      );
    const idle = await stats();
    load = spawn('load-client.ts', []);
    const options: LoadOptions = {
      urls: ports.map((port) => `http://127.0.0.1:${port}`),
      mode: kind,
      shoppers: flags.shoppers,
      connectRate: flags.connectRate,
      intervalMs: 1000 / flags.rate,
      durationMs: flags.durationS * 1000,
      handoffShoppers: kind === 'parley' ? flags.handoffs : 0,
      agentTokens: tokens,
    };
    load.send({ type: 'options', options });
    const connected = await next<{ connected: number }>(load, 'connected');
    const held = await stats();
    load.send({ type: 'go' });
    const { result } = await next<{ result: LoadResult }>(load, 'done');
    const end = await stats();
    load.send({ type: 'close' });
    const answered = kind === 'parley' ? result.botAnswerMs : result.ackMs;
    return {
      name,
      connected: result.connected,
      connectFailed: result.connectFailed,
      sent: result.sent,
      skipped: result.skipped,
      errors: result.errors,
      timeouts: result.timeouts,
      messagesPerSecond: Math.round((result.sent / Math.max(1, result.elapsedMs - 2000)) * 1000),
      ackMs: summarise(result.ackMs),
      botAnswerMs: kind === 'parley' ? summarise(answered) : null,
      handoffToAgentMs: kind === 'parley' ? summarise(result.handoffToAgentMs) : null,
      agentReplyToShopperMs: kind === 'parley' ? summarise(result.agentReplyToShopperMs) : null,
      rssIdleMb: mb(idle.rssBytes),
      rssPerConnectionKb: Math.round(((held.rssBytes - idle.rssBytes) / Math.max(1, connected.connected) / 1024) * 10) / 10,
      rssEndMb: mb(end.rssBytes),
      loopLagP99Ms: end.loopLagP99Ms,
      loopLagMaxMs: end.loopLagMaxMs,
      serverCpuCores: end.cpuCores,
      serverCpuMsPerMessage: Math.round(((end.cpuCores * end.windowMs) / Math.max(1, result.sent)) * 1000) / 1000,
    };
  } finally {
    if (load) await stopChild(load);
    await Promise.all(servers.map(stopChild));
    if (sharedDir) fs.rmSync(sharedDir, { recursive: true, force: true });
  }
}

/** A plain export of `ref`'s server code (no worktree, no checkout) beside this tree's node_modules. */
function exportTree(ref: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-baseline-'));
  const tar = execFileSync('git', ['archive', '--format=tar', ref, 'server', 'shared', 'kb'], { cwd: ROOT, maxBuffer: 256 * 2 ** 20 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

async function botBench(): Promise<BotBenchRow[]> {
  const child = fork(path.join(__dirname, 'bot-bench.ts'), fs.existsSync(BANKING77) ? [BANKING77, '3000'] : [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  children.delete(child);
  if (code !== 0) throw new Error(`bot bench failed (${code})`);
  return JSON.parse(out) as BotBenchRow[];
}

function table(results: TargetResult[], bot: BotBenchRow[], flags: Flags): string {
  // Each run's ratios are to the echo measured just before it.
  let floor: TargetResult | undefined;
  const ratio = (x: number | undefined, base: number | undefined) => (x !== undefined && base ? `${(x / base).toFixed(0)}×` : '–');
  const lines = [
    `Parley bench · ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'} · node ${process.version} · ` +
      `${flags.shoppers} shoppers × 1 per ${(1 / flags.rate).toFixed(0)} s, ${flags.durationS} s, ${flags.handoffs} ask for a person, ${flags.agents} agents`,
    '',
    '| server | held | msg/s | answer p50 / p99 ms | × floor p50 / p99 | handoff→agent p99 | agent→shopper p99 | RSS/conn KB | loop lag p99 | CPU cores | CPU ms/msg | errors / timeouts |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    if (r.name.startsWith('echo')) floor = r;
    const answer = r.botAnswerMs ?? r.ackMs;
    lines.push(
      `| ${r.name} | ${r.connected} | ${r.messagesPerSecond} | ${answer.p50} / ${answer.p99} | ` +
        `${r.name.startsWith('echo') ? '1×' : `${ratio(answer.p50, floor?.ackMs.p50)} / ${ratio(answer.p99, floor?.ackMs.p99)}`} | ` +
        `${r.handoffToAgentMs ? `${r.handoffToAgentMs.p99} (n=${r.handoffToAgentMs.n})` : '–'} | ` +
        `${r.agentReplyToShopperMs ? `${r.agentReplyToShopperMs.p99} (n=${r.agentReplyToShopperMs.n})` : '–'} | ` +
        `${r.rssPerConnectionKb} | ${r.loopLagP99Ms} ms | ${r.serverCpuCores} | ${r.serverCpuMsPerMessage} | ${r.errors} / ${r.timeouts} |`,
    );
  }
  if (bot.length) {
    lines.push('', '| bot | intents | utterances | build ms | RSS MB | classify p50 / p99 ms | classify/s |', '|---|---|---|---|---|---|---|');
    for (const b of bot) {
      lines.push(`| ${b.name} | ${b.intents} | ${b.utterances} | ${b.buildMs} | ${b.rssMb} | ${b.classifyP50Ms} / ${b.classifyP99Ms} | ${b.perSecond} |`);
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const results: TargetResult[] = [];
  let baselineDir: string | null = null;
  try {
    if (flags.baseline) baselineDir = exportTree(flags.baseline);
    for (let run = 1; run <= flags.repeat; run++) {
      const label = (name: string) => (flags.repeat > 1 ? `${name} #${run}` : name);
      results.push(await measureServer(label('echo'), 'echo', ROOT, flags));
      if (baselineDir) results.push(await measureServer(label(`parley@${flags.baseline}`), 'parley', baselineDir, flags));
      results.push(await measureServer(label('parley'), 'parley', ROOT, flags));
      if (flags.also) results.push(await measureServer(label(`parley@${path.basename(flags.also)}`), 'parley', path.resolve(flags.also), flags));
      if (flags.instances > 1) results.push(await measureServer(label(`parley ×${flags.instances} (Redis)`), 'parley', ROOT, flags, flags.instances));
    }
    const bot = flags.skipBot ? [] : await botBench();
    const widget: WidgetBenchResult | null = flags.skipWidget ? null : await benchWidget();
    const report = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model.trim() ?? null, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() },
      flags,
      servers: results,
      bot,
      widget,
    };
    fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${table(results, bot, flags)}\n${widget ? `\n${formatWidgetBench(widget)}\n` : ''}\nwritten: bench/results/latest.json\n`);
  } finally {
    await Promise.all([...children].map(stopChild));
    if (baselineDir) fs.rmSync(baselineDir, { recursive: true, force: true });
  }
}

main().catch(async (err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  await Promise.all([...children].map(stopChild));
  process.exit(1);
});
