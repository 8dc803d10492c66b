/** Issue 15: the demo KB's links lead to pages the demo shop serves, not to a placeholder domain. */
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type TestServer } from './harness';

const KB_DIR = path.join(__dirname, '../../kb/retail');

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

test('every link in the demo knowledge base opens a page of the demo shop', async () => {
  const text = fs.readdirSync(KB_DIR).filter((f) => f.endsWith('.yaml')).map((f) => fs.readFileSync(path.join(KB_DIR, f), 'utf8')).join('\n');
  const links = new Set([...text.matchAll(/\]\(([^)\s]+)\)|url:\s*"([^"]+)"/g)].map((m) => (m[1] ?? m[2])!).filter((u) => !u.startsWith('mailto:')));
  expect(links.size).toBeGreaterThan(10);
  for (const link of links) {
    expect(link).toMatch(/^\/demo\//);
    const res = await fetch(server.url + link);
    expect({ link, status: res.status }).toEqual({ link, status: 200 });
    expect(await res.text()).toContain('widget.js');
  }
  expect((await fetch(`${server.url}/demo/no-such-page`)).status).toBe(404);
});
