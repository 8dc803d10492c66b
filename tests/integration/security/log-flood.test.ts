/** Hole 5: client payloads are never logged whole, and one socket cannot flood the log. */
import path from 'node:path';
import { Writable } from 'node:stream';
import { io as connect } from 'socket.io-client';
import { call, startServer, type TestServer } from '../harness';

// The small fixture KB: these tests are about the edges, and the full KB's build costs seconds per server.
const MINI_KB = path.resolve(__dirname, '../../fixtures/kb-mini');

/** Collects everything pino writes. */
function captureLog() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, bytes: () => chunks.reduce((n, c) => n + Buffer.byteLength(c), 0), text: () => chunks.join('') };
}

let server: TestServer;
afterEach(() => server.close());

test('a client emitting `error` with 900 KB payloads adds kilobytes of log, not megabytes', async () => {
  const log = captureLog();
  server = await startServer({}, { logStream: log.stream, kbDir: MINI_KB });
  const before = log.bytes();
  const raw = connect(`${server.url}/shopper`, { auth: { siteId: 'demo' }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    raw.once('connect', resolve);
    raw.once('connect_error', reject);
  });
  const big = 'x'.repeat(900_000);
  for (let i = 0; i < 30; i++) raw.emit('error', { message: big, code: 'E_FLOOD' });
  for (let i = 0; i < 10; i++) raw.emit('error', big);
  // A round trip after the flood: everything sent before it has been handled.
  await raw.timeout(5000).emitWithAck('session:resume', {}).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 100));
  raw.disconnect();
  const added = log.bytes() - before;
  expect(added).toBeLessThan(64 * 1024);
  expect(log.text()).not.toContain('x'.repeat(2000));
}, 30_000);

test('agent sockets log client errors capped too', async () => {
  const log = captureLog();
  server = await startServer({}, { logStream: log.stream, kbDir: MINI_KB });
  const agent = await server.createAgent();
  const socket = await server.agent(agent);
  const big = 'y'.repeat(900_000);
  const loose = socket as unknown as { emit(event: string, payload: unknown): void };
  for (let i = 0; i < 20; i++) loose.emit('error', { message: big });
  await call(socket, 'console:sync', {}).catch(() => undefined);
  expect(log.text()).not.toContain('y'.repeat(2000));
  expect(log.bytes()).toBeLessThan(64 * 1024);
}, 30_000);
