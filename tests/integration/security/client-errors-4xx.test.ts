/** Hole 7: a client's malformed request is a 4xx with a code, logged at debug, never an error-level stack. */
import path from 'node:path';
import { Writable } from 'node:stream';
import { startServer, type TestServer } from '../harness';

// The small fixture KB: these tests are about the edges, and the full KB's build costs seconds per server.
const MINI_KB = path.resolve(__dirname, '../../fixtures/kb-mini');

let server: TestServer;
const lines: { level: number; msg?: string }[] = [];
beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: number });
      done();
    },
  });
  server = await startServer({}, { logStream: stream, logLevel: 'debug', kbDir: MINI_KB });
});
afterAll(() => server.close());

const PATHS = ['/console/%E0%A4%A', '/demo/%', '/widget.js%zz', '/api/%C0%AF', '/%ff%fe', '/api/tickets/%E0'];

test.each(PATHS)('GET %s answers 4xx (API paths: with a code)', async (url) => {
  const res = await fetch(server.url + url);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  // Pages answer their HTML not-found page; the API always answers its JSON error shape.
  if (url.startsWith('/api/')) {
    expect(await res.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  }
});

test.each(['klingon', 'utf-7', 'latin1'])('a JSON body in charset %s answers 4xx with a code', async (charset) => {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': `application/json; charset=${charset}` },
    body: JSON.stringify({ email: 'a@b.co', password: 'x' }),
  });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(await res.json()).toMatchObject({ error: { code: expect.any(String) } });
});

test('an unsupported body encoding answers 4xx', async () => {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'klingon' },
    body: '{}',
  });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
});

test('none of them logged at error level; they are at debug', () => {
  expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  expect(lines.some((l) => l.level === 20 && l.msg === 'client request refused')).toBe(true);
});
