/**
 * The bundles retailers load: cross-origin, cacheable, and compressed on the wire.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { startServer, type TestServer } from './harness';

const ROOT = path.resolve(__dirname, '../..');
let server: TestServer;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist/manifest.json'))) {
    execFileSync('npx', ['tsx', 'scripts/build.ts'], { cwd: ROOT, stdio: 'ignore' });
  }
  server = await startServer();
}, 120_000);
afterAll(() => server.close());

/** Raw GET (fetch would transparently decompress and hide the encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
    }).on('error', reject);
  });
}

test('widget.js and the chat chunk are served compressed, cross-origin and cacheable', async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/manifest.json'), 'utf8')) as { chat: string };
  const plain = await get(`${server.url}/${manifest.chat}`);
  const br = await get(`${server.url}/${manifest.chat}`, { 'accept-encoding': 'gzip, deflate, br' });
  const gz = await get(`${server.url}/${manifest.chat}`, { 'accept-encoding': 'gzip' });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(br.headers['content-encoding']).toBe('br');
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(br.bytes).toBeLessThan(plain.bytes / 2);
  expect(br.headers['content-type']).toMatch(/javascript/);
  expect(br.headers['cache-control']).toContain('immutable');
  expect(br.headers['access-control-allow-origin']).toBe('*');
  expect(br.headers.vary).toContain('Accept-Encoding');

  const loader = await get(`${server.url}/widget.js`, { 'accept-encoding': 'br' });
  expect(loader.status).toBe(200);
  expect(loader.headers['content-encoding']).toBe('br');
  expect(loader.headers['cache-control']).toBe('public, max-age=300');
  expect(loader.headers['cross-origin-resource-policy']).toBe('cross-origin');
});

test('unknown or unsafe asset names are not served', async () => {
  expect((await get(`${server.url}/assets/nope.js`)).status).toBe(404);
  expect((await get(`${server.url}/assets/..%2Fmanifest.json`)).status).toBe(404);
});

test('the console and the demo shop are pages with a strict CSP', async () => {
  const page = await get(`${server.url}/console`);
  expect(page.status).toBe(200);
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  expect((await get(`${server.url}/demo`)).status).toBe(200);
});
