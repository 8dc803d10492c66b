/**
 * One Parley server child with shoppers held on it by one load client, for the bench modes that run
 * several phases on the same connections (`--soak`, `--max-rate`): the connections, the agents and the
 * server's memory carry over from one phase to the next, as in a shop's day.
 */
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { LoadOptions, LoadResult } from './load-client';
import type { ServerStats } from './server-stats';
import { next, spawn, stopChild, STEP_TIMEOUT_MS } from './children';

export interface HeldLoadOptions {
  /** The source tree to run the server from. */
  root: string;
  shoppers: number;
  connectRate: number;
  handoffs: number;
  agents: number;
  /** When set, the server child is profiled into this folder (`--cpu-prof`). */
  cpuProfDir: string | null;
}

export interface HeldLoad {
  connected: number;
  connectFailed: number;
  /** Server figures before the load client connected and once every shopper was held (both after a GC). */
  idle: ServerStats;
  held: ServerStats;
  /** The server's figures since the previous call; `gc` collects first (a pause in whatever is running). */
  stats(gc: boolean): Promise<ServerStats>;
  /** Starts a phase on the held shoppers; resolves with its figures once it and its drain are over. */
  phase(intervalMs: number, durationMs: number): Promise<LoadResult>;
  /** The load client's figures since the phase began or the previous sample. */
  sample(): Promise<LoadResult>;
  /** Stops the load client, then the server. */
  stop(): Promise<void>;
}

/** Starts the server and the load client and waits until every shopper has connected (or failed to). */
export async function holdShoppers(options: HeldLoadOptions): Promise<HeldLoad> {
  const execArgv = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const server = spawn('parley-server.ts', [options.root, String(options.agents)], execArgv);
  let load: ChildProcess | null = null;
  const stop = async () => {
    if (load) await stopChild(load);
    await stopChild(server);
  };
  try {
    const ready = await next<{ port: number; tokens: string[] }>(server, 'ready');
    const stats = async (gc: boolean) => {
      const reply = next<{ stats: ServerStats }>(server, 'stats');
      server.send({ type: 'stats', gc });
      return (await reply).stats;
    };
    const idle = await stats(true);
    const client = spawn('load-client.ts', []);
    load = client;
    const loadOptions: LoadOptions = {
      urls: [`http://127.0.0.1:${ready.port}`],
      mode: 'parley',
      shoppers: options.shoppers,
      connectRate: options.connectRate,
      // Each phase brings its own interval and duration; `go` is not used here.
      intervalMs: 0,
      durationMs: 0,
      handoffShoppers: options.handoffs,
      agentTokens: ready.tokens,
    };
    client.send({ type: 'options', options: loadOptions });
    const connected = await next<{ connected: number; failed: number }>(client, 'connected');
    const held = await stats(true);
    return {
      connected: connected.connected,
      connectFailed: connected.failed,
      idle,
      held,
      stats,
      phase: async (intervalMs, durationMs) => {
        // A soak's one phase lasts its minutes: the usual bound applies beyond them.
        const done = next<{ result: LoadResult }>(client, 'done', durationMs + STEP_TIMEOUT_MS);
        client.send({ type: 'phase', intervalMs, durationMs });
        return (await done).result;
      },
      sample: async () => {
        const reply = next<{ result: LoadResult }>(client, 'sample');
        client.send({ type: 'sample' });
        return (await reply).result;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Where `--cpu-prof` puts a mode's server profile. */
export function profileDir(root: string, name: string): string {
  return path.join(root, 'bench/profiles', name);
}

/** KB of server RSS per held connection, from the figures before and after the shoppers connected. */
export function rssPerConnectionKb(idle: ServerStats, held: ServerStats, connected: number): number {
  return Math.round(((held.rssBytes - idle.rssBytes) / Math.max(1, connected) / 1024) * 10) / 10;
}
