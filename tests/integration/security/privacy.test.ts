/**
 * Privacy: export and erase a shopper's data by visitor id, customer id or e-mail (admin only), with the cases
 * agents opened for them by hand; retention purges old closed chats.
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { Case } from '../../../shared/cases';
import type { ShopperSession } from '../../../shared/events';
import type { Message } from '../../../shared/model';
import { callOk, clientId, startServer, type TestServer } from '../harness';

const MINI_KB = path.resolve(__dirname, '../../fixtures/kb-mini');
jest.setTimeout(30_000); // createAgent and login run scrypt, deliberately slow on a loaded machine

const IDENTITY_SECRET = 'identity-secret-for-tests';
let server: TestServer;
let now = Date.now();
beforeAll(async () => {
  server = await startServer({ RETENTION_DAYS: '30', IDENTITY_SECRET }, { kbDir: MINI_KB, now: () => now });
});
afterAll(() => server.close());

async function adminToken(): Promise<string> {
  const admin = await server.createAgent({ role: 'admin' });
  return server.login(admin.email, admin.password);
}

/** The id-only proof a shop's page passes with the id (hex HMAC-SHA256 of the id). */
const idHash = (id: string): string => createHmac('sha256', IDENTITY_SECRET).update(id).digest('hex');

/** A shopper who chatted, was identified as `customerId` (proven) and left a message with the offline form (a case). */
async function shopperWithData(customerId: string) {
  const shopper = await server.shopper();
  expect(await callOk(shopper, 'identity:set', { id: customerId, hash: idHash(customerId), name: 'Pat', email: 'pat@shop.example' })).toMatchObject({
    idVerified: true,
  });
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

test('the cases agents opened for a customer (a phone call) go with them: by their signed e-mail, or by an e-mail the admin gives', async () => {
  const auth = { authorization: `Bearer ${await adminToken()}` };
  const agent = await server.agent(await server.createAgent({ departments: ['general'] }));
  const phoned = async (email: string) =>
    (await callOk<{ case: Case }>(agent, 'case:open', { text: 'Customer phoned: card ends 4242', department: 'general', email })).case;

  // Vera's shop signed her identity, e-mail included; someone else only claims her address.
  const vera = await server.shopper();
  const token = await new SignJWT({ id: 'cust-privacy-vera', name: 'Vera', email: 'vera@shop.example' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(Math.floor(now / 1000) + 600)
    .sign(new TextEncoder().encode(IDENTITY_SECRET));
  expect(await callOk(vera, 'identity:set', { token })).toEqual({ verified: true, idVerified: true });
  const claimer = await server.shopper();
  await callOk(claimer, 'identity:set', { id: 'cust-privacy-claimer', email: 'vera@shop.example' });
  const claimerId = (await callOk<ShopperSession>(claimer, 'session:resume', {})).visitorId;
  const verasCall = await phoned('Vera@Shop.Example');

  // The claimed address is anyone's to type: erasing that shopper leaves Vera's case alone.
  const claimerErased = await fetch(`${server.url}/api/admin/privacy?visitorId=${claimerId}`, { method: 'DELETE', headers: auth });
  expect(await claimerErased.json()).toMatchObject({ deleted: { visitors: 1, cases: 0 } });
  expect(await server.store.cases.get(verasCall.id)).not.toBeNull();

  const exported = await fetch(`${server.url}/api/admin/privacy/export?customerId=cust-privacy-vera`, { headers: auth });
  expect(((await exported.json()) as { cases: { id: string }[] }).cases.map((c) => c.id)).toEqual([verasCall.id]);
  const erased = await fetch(`${server.url}/api/admin/privacy?customerId=cust-privacy-vera`, { method: 'DELETE', headers: auth });
  expect(await erased.json()).toMatchObject({ deleted: { visitors: 1, cases: 1 } });
  expect(await server.store.cases.get(verasCall.id)).toBeNull();

  // Someone who only ever phoned has no visitor: the admin names their e-mail.
  const onlyPhoned = await phoned('sam@phone.example');
  const byEmail = await fetch(`${server.url}/api/admin/privacy/export?email=sam@phone.example`, { headers: auth });
  expect(byEmail.status).toBe(200);
  expect(((await byEmail.json()) as { cases: { id: string }[] }).cases.map((c) => c.id)).toEqual([onlyPhoned.id]);
  const samErased = await fetch(`${server.url}/api/admin/privacy?email=sam@phone.example`, { method: 'DELETE', headers: auth });
  expect(await samErased.json()).toMatchObject({ deleted: { visitors: 0, cases: 1 } });
  expect(await server.store.cases.get(onlyPhoned.id)).toBeNull();
  expect((await fetch(`${server.url}/api/admin/privacy/export?email=sam@phone.example`, { headers: auth })).status).toBe(404);
});

test('a customer id only claimed (no hash, no token) finds nobody: not the customer’s data to export or erase', async () => {
  const auth = { authorization: `Bearer ${await adminToken()}` };
  const owner = await shopperWithData('cust-privacy-owner');
  // A stranger types the owner's customer id into an unsigned identify, and chats.
  const stranger = await server.shopper();
  expect(await callOk(stranger, 'identity:set', { id: 'cust-privacy-owner' })).toEqual({ verified: false, idVerified: false });
  await callOk(stranger, 'message:send', { clientId: clientId(), text: "the stranger's own words" });
  const strangerId = (await callOk<ShopperSession>(stranger, 'session:resume', {})).visitorId;
  stranger.disconnect();

  const exported = await fetch(`${server.url}/api/admin/privacy/export?customerId=cust-privacy-owner`, { headers: auth });
  const data = (await exported.json()) as { visitors: { id: string }[]; messages: { text: string }[] };
  expect(data.visitors.map((v) => v.id)).toEqual([owner.visitorId]);
  expect(data.messages.map((m) => m.text)).not.toContain("the stranger's own words");

  const erased = await fetch(`${server.url}/api/admin/privacy?customerId=cust-privacy-owner`, { method: 'DELETE', headers: auth });
  expect(await erased.json()).toMatchObject({ deleted: { visitors: 1, conversations: 1 } });
  expect(await server.store.visitors.get(strangerId)).not.toBeNull();
  // Only a claim: the id finds nobody now.
  expect((await fetch(`${server.url}/api/admin/privacy/export?customerId=cust-privacy-owner`, { headers: auth })).status).toBe(404);
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
