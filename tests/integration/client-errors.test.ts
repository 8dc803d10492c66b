import { io as connect } from 'socket.io-client';
import { refusalCode } from '../../shared/errors';
import { startServer, type TestServer } from './harness';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

// The console signs the agent out on this code: it must survive the real handshake, not just the message text.
test('a refused agent handshake carries UNAUTHORIZED as a code the client reads', async () => {
  const err = await new Promise<Error>((resolve) => {
    const s = connect(`${server.url}/agent`, { auth: { token: 'nope' }, transports: ['websocket'], reconnection: false, forceNew: true });
    s.once('connect_error', (e) => {
      s.close();
      resolve(e);
    });
    s.once('connect', () => resolve(new Error('connected')));
  });
  expect(refusalCode(err)).toBe('UNAUTHORIZED');
});
