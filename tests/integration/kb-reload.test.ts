/**
 * Knowledge-base changes reach a running server: file edits are picked up without a restart, the admin
 * endpoint reloads on demand, and a broken file is refused (with file, intent and field) while the last
 * good KB keeps answering.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { loadKb } from '../../server/bot/load-kb';
import type { Message } from '../../shared/model';
import { callOk, clientId, startServer, waitFor, type TestServer } from './harness';

const RETAIL = path.resolve(__dirname, '../../kb/retail');
let kbDir: string;
let server: TestServer;
let stopWatching: () => void;

beforeAll(async () => {
  kbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-kb-'));
  fs.cpSync(RETAIL, kbDir, { recursive: true });
  server = await startServer({}, { kbDir });
  stopWatching = server.kbHolder.watch();
});
afterAll(async () => {
  stopWatching();
  await server.close();
  fs.rmSync(kbDir, { recursive: true, force: true });
});

async function ask(text: string): Promise<Message> {
  const shopper = await server.shopper();
  const reply = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
  await callOk(shopper, 'message:send', { clientId: clientId(), text });
  const message = await reply;
  shopper.disconnect();
  return message;
}

async function adminToken(): Promise<string> {
  const admin = await server.createAgent({ role: 'admin' });
  return server.login(admin.email, admin.password);
}

test('a broken file is refused with its file, intent and field; the last good KB keeps answering', async () => {
  const file = path.join(kbDir, 'payment.yaml');
  const good = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, good.replace(/answer:\n(\s+)en:/, 'answer:\n$1english:'));
  const res = await fetch(`${server.url}/api/admin/kb/reload`, { method: 'POST', headers: { authorization: `Bearer ${await adminToken()}` } });
  expect(res.status).toBe(422);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('KB_INVALID');
  expect(body.error.message).toContain('payment.yaml');
  expect(body.error.message).toMatch(/intent "payment\.\w+"/);
  expect(body.error.message).toContain('answer');
  expect((await ask('what payment methods do you accept')).bot?.intent).toBe('payment.methods');
  const health = (await (await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${await adminToken()}` } })).json()) as { kb: { intents: number; lastError: { message: string } | null } };
  // The last good KB is the retail one as shipped, however many intents it has grown to.
  expect(health.kb.intents).toBe((await loadKb(RETAIL)).intents.length);
  expect(health.kb.lastError?.message).toContain('payment.yaml');
  fs.writeFileSync(file, good);
});

test('an edited answer is live without a restart', async () => {
  const file = path.join(kbDir, 'store.yaml');
  const marker = 'Open every day of the week for the reload test.';
  const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'));
  const intents = doc.get('intents') as YAML.YAMLSeq<YAML.YAMLMap>;
  const hours = intents.items.find((i) => i.get('id') === 'store.hours');
  expect(hours).toBeDefined();
  hours?.setIn(['answer', 'en'], marker);
  const edited = doc.toString();
  fs.writeFileSync(file, edited);
  const deadline = Date.now() + 5000;
  let answer = '';
  while (Date.now() < deadline) {
    answer = (await ask('what are your opening hours')).text;
    if (answer === marker) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(answer).toBe(marker);
});
