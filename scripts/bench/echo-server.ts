/**
 * Bench child: the engine floor. A bare Socket.IO server with the same /shopper namespace that only acks
 * `message:send` (no validation, no store, no bot), measured with the same load client and the same
 * IPC `stats` as the Parley child, so each Parley latency is also a ratio to this.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { monitorGc, serverStats, type StatsRequest } from './server-stats';

async function main(): Promise<void> {
  const server = http.createServer();
  const io = new Server(server);
  io.of('/shopper').on('connection', (socket) => {
    socket.on('message:send', (_payload: unknown, ack?: (res: unknown) => void) => {
      if (typeof ack === 'function') ack({ ok: true, data: null });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let cpu = process.cpuUsage();
  let elu = performance.eventLoopUtilization();
  const gcMonitor = monitorGc();
  let since = performance.now();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    lag.disable();
    gcMonitor.stop();
    await new Promise<void>((resolve) => io.close(() => resolve()));
    process.disconnect?.();
  };
  process.on('message', (msg: StatsRequest | { type: 'stop' }) => {
    if (msg.type === 'stats') {
      process.send?.({ type: 'stats', stats: serverStats(lag, cpu, since, { gc: msg.gc, eluStart: elu, gcMonitor }) });
      lag.reset();
      cpu = process.cpuUsage();
      elu = performance.eventLoopUtilization();
      since = performance.now();
    } else if (msg.type === 'stop') {
      void stop();
    }
  });
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
  process.send?.({ type: 'ready', port, tokens: [] });
}

main().catch((err: unknown) => {
  process.stderr.write(`echo-server: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
