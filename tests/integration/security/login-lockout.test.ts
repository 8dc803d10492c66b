/**
 * Hole 1: the login lockout must hold under parallel guessing and across e-mails from one address.
 * Each test gets its own server: the limits are per IP, and every request here comes from 127.0.0.1.
 */
import path from 'node:path';
import { startServer, type TestServer } from '../harness';

// The small fixture KB: these tests are about the edges, and the full KB's build costs seconds per server.
const MINI_KB = path.resolve(__dirname, '../../fixtures/kb-mini');

let server: TestServer;
// A small per-address budget keeps the test quick (each attempt costs a deliberately slow scrypt).
beforeEach(async () => {
  server = await startServer({ LOGIN_ATTEMPTS_PER_IP: '6' }, { kbDir: MINI_KB });
});
afterEach(() => server.close());

const login = (email: string, password: string) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

test('200 parallel guesses for one account: the right one at position 150 does not log in', async () => {
  const agent = await server.createAgent();
  const guesses = Array.from({ length: 200 }, (_, i) => (i === 150 ? agent.password : `wrong-guess-${i}`));
  const responses = await Promise.all(guesses.map((password) => login(agent.email, password)));
  const statuses = responses.map((r) => r.status);
  expect(statuses[150]).toBe(429);
  expect(statuses.filter((s) => s === 200)).toEqual([]);
  // Attempts were counted before the password check: only the allowed few reached it.
  expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(6);
  const refused = responses[150]!;
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
}, 30_000);

test('one password against many e-mails is limited per address', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) statuses.push((await login(`victim${i}@test.parley`, 'Spring2026!')).status);
  expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
}, 30_000);

test('successful logins from one address are not used up', async () => {
  const agent = await server.createAgent();
  for (let i = 0; i < 12; i++) expect((await login(agent.email, agent.password)).status).toBe(200);
}, 30_000);
