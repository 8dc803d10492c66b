/** Privacy: export and erase a shopper's data by visitor or customer id (admin only); retention purges old closed chats. */
import path from 'node:path';
import type { ShopperSession } from '../../../shared/events';
import type { Message } from '../../../shared/model';
import { callOk, clientId, startServer, type TestServer } from '../harness';

const MINI_KB = path.resolve(__dirname, '../../fixtures/kb-mini');
jest.setTimeout(30_000); // createAgent and login run scrypt, deliberately slow on a loaded machine

let server: TestServer;
let now = Date.now();
beforeAll(async () => {
  server = await startServer({ RETENTION_DAYS: '30' }, { kbDir: MINI_KB, now: () => now });
});
afterAll(() => server.close());

async function adminToken(): Promise<string> {
  const admin = await server.createAgent({ role: 'admin' });
  return server.login(admin.email, admin.password);
}

/** A shopper who chatted, was identified as `customerId` and left a message with the offline form (a case). */
async function shopperWithData(customerId: string) {
  const shopper = await server.shopper();
  await callOk(shopper, 'identity:set', { id: customerId, name: 'Pat', email: 'pat@shop.example' });
  const { message } = await callOk<{ message: Message }>(shopper, 'message:send', { clientId: clientId(), text: 'my address is 1 Secret Lane' });
  await callOk(shopper, 'ticket:create', { name: 'Pat', email: 'pat@shop.example', message: 'call me on 555-0100' });
  const { visitorId } = await callOk<ShopperSession>(shopper, 'session:resume', {});
  shopper.disconnect();
  return { visitorId, conversationId: message.conversationId };
}

test('an admin exports a shopper by customer id, then erases them; nothing of theirs is left', async () => {
  const token = await adminToken();
  const { visitorId, conversationId } = await shopperWithData('cust-privacy-1');
  const auth = { authorization: `Bearer ${token}` };

  const exported = await fetch(`${server.url}/api/admin/privacy/export?customerId=cust-privacy-1`, { headers: auth });
  expect(exported.status).toBe(200);
  const data = (await exported.json()) as {
    visitors: { id: string }[];
    conversations: unknown[];
    messages: { text: string }[];
    cases: { id: string; contactEmail: string }[];
    caseMessages: { text: string }[];
  };
  expect(data.visitors.map((v) => v.id)).toEqual([visitorId]);
  expect(data.messages.map((m) => m.text)).toContain('my address is 1 Secret Lane');
  expect(data.cases.map((c) => c.contactEmail)).toEqual(['pat@shop.example']);
  expect(data.caseMessages.map((m) => m.text)).toEqual(['call me on 555-0100']);
  const caseId = data.cases[0]!.id;

  const erased = await fetch(`${server.url}/api/admin/privacy?visitorId=${visitorId}`, { method: 'DELETE', headers: auth });
  expect(await erased.json()).toMatchObject({ deleted: { visitors: 1, conversations: 1, cases: 1 } });
  expect(await server.store.cases.get(caseId)).toBeNull();
  expect(await server.store.visitors.get(visitorId)).toBeNull();
  expect(await server.store.conversations.get(conversationId)).toBeNull();
  expect(await server.store.messages.listSince(conversationId, 0)).toEqual([]);
  expect(await server.store.tickets.list({ visitorId })).toEqual([]);
  expect((await fetch(`${server.url}/api/admin/privacy/export?visitorId=${visitorId}`, { headers: auth })).status).toBe(404);
});

test('only admins may export or erase', async () => {
  const supervisor = await server.createAgent({ role: 'supervisor' });
  const token = await server.login(supervisor.email, supervisor.password);
  const res = await fetch(`${server.url}/api/admin/privacy/export?customerId=x`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(403);
  expect((await fetch(`${server.url}/api/admin/privacy?customerId=x`, { method: 'DELETE' })).status).toBe(401);
});

test('RETENTION_DAYS purges closed conversations older than N days, and keeps newer and open ones', async () => {
  const old = await shopperWithData('cust-retention-old');
  await server.store.conversations.update(old.conversationId, { status: 'closed', closedAt: now });
  now += 31 * 86_400_000;
  const open = await shopperWithData('cust-retention-open');
  expect((await server.app.purgeExpired()).conversations).toBeGreaterThanOrEqual(1);
  expect(await server.store.conversations.get(old.conversationId)).toBeNull();
  expect(await server.store.messages.listSince(old.conversationId, 0)).toEqual([]);
  expect(await server.store.conversations.get(open.conversationId)).not.toBeNull();
});
