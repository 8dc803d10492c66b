/** Hole 6: every command is limited per socket, per visitor and per address, with RATE_LIMITED and a wait. */
import path from 'node:path';
import type { Ack } from '../../../shared/errors';
import { call, startServer, type TestServer } from '../harness';

// The small fixture KB: these tests are about the edges, and the full KB's build costs seconds per server.
const MINI_KB = path.resolve(__dirname, '../../fixtures/kb-mini');

let server: TestServer;
afterEach(() => server.close());

const ticket = (i: number) => ({ name: 'Flood', email: `flood${i}@test.parley`, message: `message ${i}` });

test('a ticket:create flood from one socket is refused with RATE_LIMITED and a retry-after; few requests stored', async () => {
  server = await startServer({}, { kbDir: MINI_KB });
  const shopper = await server.shopper();
  const acks = await Promise.all(Array.from({ length: 300 }, (_, i) => call(shopper, 'ticket:create', ticket(i))));
  const refused = acks.filter((a): a is Extract<Ack<unknown>, { ok: false }> => !a.ok && a.error.code === 'RATE_LIMITED');
  expect(refused.length).toBeGreaterThanOrEqual(290);
  expect(refused[0]!.error.retryAfterSeconds).toBeGreaterThan(0);
  // The offline form opens cases.
  expect((await server.store.cases.list({ limit: 1000 })).length).toBeLessThanOrEqual(10);
  expect(shopper.connected).toBe(true);
});

test('a visitor opening many sockets shares one budget', async () => {
  server = await startServer({}, { kbDir: MINI_KB });
  const first = await server.shopper();
  const session = (await call<{ visitorToken: string }>(first, 'session:resume', {})) as { ok: true; data: { visitorToken: string } };
  const tabs = await Promise.all(Array.from({ length: 5 }, () => server.shopper({ visitorToken: session.data.visitorToken })));
  const acks = await Promise.all(tabs.flatMap((tab) => Array.from({ length: 30 }, () => call(tab, 'typing:set', { isTyping: false }))));
  // 150 commands: each socket stays within its own 40, but the visitor's 80 across tabs is spent.
  expect(acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length).toBeGreaterThan(0);
});

test('many visitors from one address share the per-address budget', async () => {
  server = await startServer({ COMMANDS_PER_IP_PER_MINUTE: '50' }, { kbDir: MINI_KB });
  const shoppers = await Promise.all(Array.from({ length: 6 }, () => server.shopper()));
  const acks = await Promise.all(shoppers.flatMap((s) => Array.from({ length: 10 }, () => call(s, 'typing:set', { isTyping: false }))));
  expect(acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length).toBe(10);
});
