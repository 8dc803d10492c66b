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
 *        --also-node-flags "FLAGS" (also run this tree's server with these Node/V8 flags, e.g.
 *        "--max-semi-space-size=64": a runtime setting measured against the default in one run)
 *        --repeat N (run every server N times, interleaved, when other work makes single runs noisy)
 *        --instances N (also run N Parley instances on one SQLite file through a Redis started for the run;
 *        shoppers and agents are spread over them; needs /usr/bin/redis-server)  --skip-widget (no
 *        bundle sizes and headless-Chromium page timings, scripts/bench/widget.ts)
 *        --cpu-prof (profile each Parley server child into bench/profiles/<name>/; the largest file
 *        there is the main thread: read it with scripts/bench/profile-summary.ts)  --heap-prof (write each
 *        Parley server's allocations over the message phase to bench/profiles/<name>/*.heapprofile, every
 *        allocation sampled, the collected ones too; read it with profile-summary.ts)  --alloc (only the
 *        alloc KB/msg figure: off by default, since the sampler lengthens GC pauses (max 18 -> 72-118 ms at
 *        the default load) and so the latency tail it would be measured beside)  --skip-bot  --json
 *
 * Modes, instead of the echo/Parley comparison (bench/soak.ts, bench/max-rate.ts; both may be given):
 *        --soak [MINUTES] (default 10: the held shoppers at --rate for that long, sampled every minute,
 *        with a verdict on memory growth and p99 drift)  --max-rate (the held shoppers at a rising total
 *        rate, --step-seconds S each (20), over --steps R1,R2,… msg/s (250 … 3000), up to the first step
 *        whose p99 > 100 ms or that has timeouts)
 */
import { execFileSync, fork, spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadOptions, LoadResult } from './load-client';
import type { BotBenchRow } from './bot-bench';
import { formatGc, sqlPerMessage, type GcStats, type ServerStats } from './server-stats';
import { children, next, spawn, stopAll, stopChild } from './children';

const REDIS_SERVER = '/usr/bin/redis-server';
import { summarise, type Summary } from './stats';
import { benchWidget, formatWidgetBench, type WidgetBenchResult } from './widget';
import { measureSoak, type SoakResult } from './soak';
import { DEFAULT_RATES, measureMaxRate, type MaxRateResult } from './max-rate';

const ROOT = path.resolve(__dirname, '../..');
const BANKING77 = path.join(process.env.PARLEY_DATASETS ?? path.join(ROOT, '..', 'shared', 'datasets'), 'banking77', 'train.csv');

interface Flags {
  shoppers: number;
  rate: number;
  durationS: number;
  connectRate: number;
  handoffs: number;
  agents: number;
  baseline: string | null;
  also: string | null;
  alsoNodeFlags: string[] | null;
  repeat: number;
  instances: number;
  cpuProf: boolean;
  heapProf: boolean;
  /** Sample allocations (alloc KB/msg): off by default, the sampler itself lengthens GC pauses. */
  alloc: boolean;
  skipBot: boolean;
  skipWidget: boolean;
  json: boolean;
  /** Minutes of `--soak`, null without it. */
  soakMinutes: number | null;
  maxRate: boolean;
  stepSeconds: number;
  steps: number[];
}

/** `--soak` alone means the issue's 10 minutes; a number after it is the length. */
function soakMinutes(argv: string[]): number | null {
  const i = argv.indexOf('--soak');
  if (i < 0) return null;
  const raw = argv[i + 1];
  if (raw === undefined || raw.startsWith('--')) return 10;
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`--soak takes whole minutes ≥ 1, got ${raw}`);
  return minutes;
}

function rateSteps(raw: string | undefined): number[] {
  if (raw === undefined) return DEFAULT_RATES;
  const rates = raw.split(',').map(Number);
  if (!rates.length || rates.some((r) => !Number.isFinite(r) || r <= 0)) throw new Error(`--steps takes rates > 0 separated by commas, got ${raw}`);
  // Climbing: the first failure ends the run, so a lower rate after it would never be tried.
  return [...new Set(rates)].sort((a, b) => a - b);
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
    alsoNodeFlags: value('also-node-flags')?.split(/\s+/).filter(Boolean) ?? null,
    repeat: Math.max(1, Math.round(num('repeat', 1))),
    instances: Math.max(1, Math.round(num('instances', 1))),
    cpuProf: argv.includes('--cpu-prof'),
    heapProf: argv.includes('--heap-prof'),
    alloc: argv.includes('--alloc') || argv.includes('--heap-prof'),
    skipBot: argv.includes('--skip-bot'),
    skipWidget: argv.includes('--skip-widget') || !fs.existsSync('/usr/bin/chromium'),
    json: argv.includes('--json'),
    soakMinutes: soakMinutes(argv),
    maxRate: argv.includes('--max-rate'),
    stepSeconds: Math.max(1, num('step-seconds', 20)),
    steps: rateSteps(value('steps')),
  };
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
  /** GC pauses over the measured phase: the longest, and their share of its time. */
  gc: GcStats;
  serverCpuCores: number;
  /** Server CPU time per message sent: steadier than latency when other work shares the cores. */
  serverCpuMsPerMessage: number;
  /** Main-thread event-loop busy time per message sent (the part shoppers queue behind). */
  loopMsPerMessage: number;
  /** SQLite statements (transaction control left out) and COMMITs per message sent: null for the echo floor. */
  sqlPerMessage: { statements: number; commits: number } | null;
  /**
   * KB the server allocated per message sent over the message phase (V8's sampling heap profiler, collected
   * objects included: an estimate within about 1 %): what the young-generation GC has to sweep up, a figure
   * the machine's other load does not move. Null for the echo floor.
   */
  allocKbPerMessage: number | null;
}

/** Sampling intervals: coarse for the table's figure (cheap), finer when the profile itself is wanted. */
const ALLOC_INTERVAL_BYTES = 64 * 1024;
const HEAP_PROF_INTERVAL_BYTES = 16 * 1024;

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
  type Figure = Exclude<keyof ServerStats, 'gc' | 'sql'>;
  const sum = (k: Figure) => stats.reduce((n, s) => n + s[k], 0);
  const max = (k: Figure) => Math.max(...stats.map((s) => s[k]));
  return {
    rssBytes: sum('rssBytes'),
    heapUsedBytes: sum('heapUsedBytes'),
    loopLagP50Ms: max('loopLagP50Ms'),
    loopLagP99Ms: max('loopLagP99Ms'),
    loopLagMaxMs: max('loopLagMaxMs'),
    cpuCores: Math.round(sum('cpuCores') * 1000) / 1000,
    loopBusy: max('loopBusy'),
    gc: {
      share: Math.max(...stats.map((s) => s.gc.share)),
      maxMs: Math.max(...stats.map((s) => s.gc.maxMs)),
      over10Ms: stats.reduce((n, s) => n + s.gc.over10Ms, 0),
      major: stats.reduce((n, s) => n + s.gc.major, 0),
    },
    ...(stats.every((s) => s.sql)
      ? { sql: { statements: stats.reduce((n, s) => n + s.sql!.statements, 0), commits: stats.reduce((n, s) => n + s.sql!.commits, 0) } }
      : {}),
    windowMs: max('windowMs'),
  };
}

/**
 * One server (or `instances` of it behind Redis) under the configured load: ramp, hold, ask, and the servers'
 * own figures for each phase.
 */
async function measureServer(name: string, kind: 'parley' | 'echo', root: string, flags: Flags, instances = 1, nodeFlags: string[] = []): Promise<TargetResult> {
  const profileDir = path.join(ROOT, 'bench/profiles', name.replace(/[^\w@.-]+/g, '-'));
  const profile = flags.cpuProf && kind === 'parley' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const execArgv = [...profile, ...nodeFlags];
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
            // Collected first, so RSS per connection is not whatever garbage the ramp left.
            server.send({ type: 'stats', gc: true });
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
    // Allocations are sampled over the message phase only (not the ramp): bytes per message sent. Only when asked:
    // the sampler lengthens GC pauses (the longest at the default load 18 -> 72-118 ms), which the tail then shows.
    const sampled = kind === 'parley' && flags.alloc ? servers : [];
    await Promise.all(
      sampled.map((server) => {
        const started = next(server, 'alloc-started');
        server.send({ type: 'alloc-start', intervalBytes: flags.heapProf ? HEAP_PROF_INTERVAL_BYTES : ALLOC_INTERVAL_BYTES });
        return started;
      }),
    );
    load.send({ type: 'go' });
    const { result } = await next<{ result: LoadResult }>(load, 'done');
    const allocated = await Promise.all(
      sampled.map(async (server, i) => {
        const reply = next<{ bytes: number }>(server, 'alloc');
        server.send({ type: 'alloc-stop', file: flags.heapProf ? path.join(profileDir, `server-${i}.heapprofile`) : null });
        return (await reply).bytes;
      }),
    );
    // The summariser's per-message column needs the count: said here, beside where the profile went.
    if (flags.heapProf && sampled.length) process.stderr.write(`${name}: heap profile in ${path.relative(ROOT, profileDir)}/ over ${result.sent} messages sent\n`);
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
      gc: end.gc,
      serverCpuCores: end.cpuCores,
      serverCpuMsPerMessage: Math.round(((end.cpuCores * end.windowMs) / Math.max(1, result.sent)) * 1000) / 1000,
      loopMsPerMessage: Math.round(((end.loopBusy * end.windowMs) / Math.max(1, result.sent)) * 1000) / 1000,
      // A tree from before the statement hook runs none that are heard: not counted, rather than 0.
      sqlPerMessage: end.sql?.statements ? sqlPerMessage(end.sql, result.sent) : null,
      allocKbPerMessage: sampled.length ? Math.round((allocated.reduce((a, b) => a + b, 0) / Math.max(1, result.sent) / 1024) * 10) / 10 : null,
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

/** The machine and Node the figures come from: every table starts with it. */
function machineLine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'} · node ${process.version} · load average ${os.loadavg()[0]!.toFixed(1)}`;
}

function table(results: TargetResult[], bot: BotBenchRow[], flags: Flags): string {
  // Each run's ratios are to the echo measured just before it.
  let floor: TargetResult | undefined;
  const ratio = (x: number | undefined, base: number | undefined) => (x !== undefined && base ? `${(x / base).toFixed(0)}×` : '–');
  // The modes print their own tables as they go: then only the bot's, if any, is left for here.
  const lines = results.length
    ? [
        `Parley bench · ${machineLine()} · ` +
          `${flags.shoppers} shoppers × 1 per ${(1 / flags.rate).toFixed(0)} s, ${flags.durationS} s, ${flags.handoffs} ask for a person, ${flags.agents} agents`,
        '',
        '| server | held | msg/s | answer p50 / p99 ms | × floor p50 / p99 | handoff→agent p99 | agent→shopper p99 | RSS/conn KB | loop lag p99 | GC max / share | CPU cores | CPU ms/msg | loop ms/msg | SQL / commits per msg | alloc KB/msg | errors / timeouts |',
        '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ]
    : [];
  for (const r of results) {
    if (r.name.startsWith('echo')) floor = r;
    const answer = r.botAnswerMs ?? r.ackMs;
    lines.push(
      `| ${r.name} | ${r.connected} | ${r.messagesPerSecond} | ${answer.p50} / ${answer.p99} | ` +
        `${r.name.startsWith('echo') ? '1×' : `${ratio(answer.p50, floor?.ackMs.p50)} / ${ratio(answer.p99, floor?.ackMs.p99)}`} | ` +
        `${r.handoffToAgentMs ? `${r.handoffToAgentMs.p99} (n=${r.handoffToAgentMs.n})` : '–'} | ` +
        `${r.agentReplyToShopperMs ? `${r.agentReplyToShopperMs.p99} (n=${r.agentReplyToShopperMs.n})` : '–'} | ` +
        `${r.rssPerConnectionKb} | ${r.loopLagP99Ms} ms | ${formatGc(r.gc)} | ${r.serverCpuCores} | ${r.serverCpuMsPerMessage} | ${r.loopMsPerMessage} | ${r.sqlPerMessage ? `${r.sqlPerMessage.statements} / ${r.sqlPerMessage.commits}` : '–'} | ${r.allocKbPerMessage ?? '–'} | ${r.errors} / ${r.timeouts} |`,
    );
  }
  if (bot.length) {
    lines.push(...(lines.length ? [''] : []), '| bot | intents | utterances | build ms | RSS MB | classify p50 / p99 ms | classify/s |', '|---|---|---|---|---|---|---|');
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
  const isMode = flags.soakMinutes !== null || flags.maxRate;
  const say = (line: string) => {
    if (!flags.json) process.stdout.write(`${line}\n`);
  };
  const held = { root: ROOT, shoppers: flags.shoppers, connectRate: flags.connectRate, handoffs: flags.handoffs, agents: flags.agents, cpuProf: flags.cpuProf, onLine: say };
  try {
    if (flags.baseline && !isMode) baselineDir = exportTree(flags.baseline);
    if (isMode) say(`Parley bench · ${machineLine()} · ${flags.handoffs} ask for a person, ${flags.agents} agents\n`);
    const maxRate: MaxRateResult | null = flags.maxRate ? await measureMaxRate({ ...held, rates: flags.steps, stepSeconds: flags.stepSeconds }) : null;
    if (maxRate && flags.soakMinutes !== null) say('');
    const soak: SoakResult | null = flags.soakMinutes !== null ? await measureSoak({ ...held, minutes: flags.soakMinutes, rate: flags.rate }) : null;
    // The modes are about Parley alone: no echo floor, no baseline.
    const comparisons = isMode ? 0 : flags.repeat;
    for (let run = 1; run <= comparisons; run++) {
      const label = (name: string) => (flags.repeat > 1 ? `${name} #${run}` : name);
      results.push(await measureServer(label('echo'), 'echo', ROOT, flags));
      if (baselineDir) results.push(await measureServer(label(`parley@${flags.baseline}`), 'parley', baselineDir, flags));
      results.push(await measureServer(label('parley'), 'parley', ROOT, flags));
      if (flags.also) results.push(await measureServer(label(`parley@${path.basename(flags.also)}`), 'parley', path.resolve(flags.also), flags));
      if (flags.alsoNodeFlags) results.push(await measureServer(label(`parley ${flags.alsoNodeFlags.join(' ')}`), 'parley', ROOT, flags, 1, flags.alsoNodeFlags));
      if (flags.instances > 1) results.push(await measureServer(label(`parley ×${flags.instances} (Redis)`), 'parley', ROOT, flags, flags.instances));
    }
    const bot = flags.skipBot ? [] : await botBench();
    const widget: WidgetBenchResult | null = flags.skipWidget ? null : await benchWidget();
    const report = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model.trim() ?? null, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() },
      flags,
      servers: results,
      ...(maxRate ? { maxRate } : {}),
      ...(soak ? { soak } : {}),
      bot,
      widget,
    };
    fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    const tables = table(results, bot, flags);
    process.stdout.write(
      flags.json ? `${JSON.stringify(report)}\n` : `${tables ? `${isMode ? '\n' : ''}${tables}\n` : ''}${widget ? `\n${formatWidgetBench(widget)}\n` : ''}\nwritten: bench/results/latest.json\n`,
    );
  } finally {
    await stopAll();
    if (baselineDir) fs.rmSync(baselineDir, { recursive: true, force: true });
  }
}

main().catch(async (err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  await stopAll();
  process.exit(1);
});
