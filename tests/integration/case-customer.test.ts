/**
 * The shop's customer id on a case an agent opens by hand (a phone call, an e-mail): staff typed it, so it is
 * trusted, and the case joins that customer's others: their "My requests" on any site once they prove the id,
 * and data-subject export and erase by customer id. A shopper still cannot claim an id for their own case.
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import type { Case, CaseDetail, ShopperCaseView } from '../../shared/cases';
import { call, callOk, startServer, waitFor, type AgentSocket, type TestServer } from './harness';

const MINI_KB = path.resolve(__dirname, '../fixtures/kb-mini');
jest.setTimeout(30_000); // createAgent and login run scrypt, deliberately slow on a loaded machine

const IDENTITY_SECRET = 'identity-secret-for-case-customer';
let server: TestServer;
let agent: AgentSocket;
beforeAll(async () => {
  server = await startServer({ IDENTITY_SECRET }, { kbDir: MINI_KB });
  agent = await server.agent(await server.createAgent({ name: 'Phil', departments: ['general'] }));
});
afterAll(() => server.close());

/** The id-only proof a shop's page passes with the id (hex HMAC-SHA256 of the id). */
const idHash = (id: string): string => createHmac('sha256', IDENTITY_SECRET).update(id).digest('hex');

const phoned = async (customerId: string, extra: Record<string, unknown> = {}): Promise<Case> =>
  (await callOk<{ case: Case }>(agent, 'case:open', { text: 'Customer phoned: parcel 10023 is late', department: 'general', customerId, ...extra })).case;

async function adminAuth(): Promise<{ authorization: string }> {
  const admin = await server.createAgent({ role: 'admin' });
  return { authorization: `Bearer ${await server.login(admin.email, admin.password)}` };
}

test('an agent opens a case with the shop’s customer id; it is stored and shown on the case', async () => {
  const opened = await phoned('  cus-open-1 ', { email: 'kim@phone.example', name: 'Kim' });
  expect(opened).toMatchObject({ customerId: 'cus-open-1', source: 'agent', visitorId: null, contactEmail: 'kim@phone.example' });
  expect(await server.store.cases.get(opened.id)).toMatchObject({ customerId: 'cus-open-1' });
  expect((await callOk<CaseDetail>(agent, 'case:get', { caseId: opened.id })).case.customerId).toBe('cus-open-1');
  // Without one the case has none, as before; a blank one is refused rather than stored as "".
  expect((await callOk<{ case: Case }>(agent, 'case:open', { text: 'no id given', department: 'general' })).case.customerId).toBeNull();
  expect(await call(agent, 'case:open', { text: 'blank id', department: 'general', customerId: '   ' })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_PAYLOAD' },
  });
});

test('the customer who proves the id sees the case in "My requests" on any site, live; a claimant of the id does not', async () => {
  const opened = await phoned('cus-list-1', { subject: 'Late parcel' });
  const owner = await server.shopper({ siteId: 'shop-eu' });
  expect(await callOk(owner, 'identity:set', { id: 'cus-list-1', hash: idHash('cus-list-1') })).toMatchObject({ idVerified: true });
  const listed = (await callOk<{ cases: ShopperCaseView[] }>(owner, 'case:list', {})).cases;
  expect(listed.map((c) => [c.id, c.subject])).toEqual([[opened.id, 'Late parcel']]);
  // The agent's note of the call is internal: the shopper's thread starts with the first public reply.
  expect((await callOk<{ messages: unknown[] }>(owner, 'case:get', { caseId: opened.id })).messages).toEqual([]);

  const heard = waitFor<{ caseId: string; message: { text: string } }>(owner, 'case:replied', (p) => p.caseId === opened.id);
  await callOk(agent, 'case:reply', { caseId: opened.id, text: 'It left the depot today.' });
  expect((await heard).message.text).toBe('It left the depot today.');
  await callOk(owner, 'case:reply', { caseId: opened.id, text: 'Thank you!' });

  // Typing the id without the shop's proof opens nobody's cases.
  const claimant = await server.shopper({ siteId: 'shop-eu' });
  expect(await callOk(claimant, 'identity:set', { id: 'cus-list-1' })).toMatchObject({ idVerified: false });
  expect((await callOk<{ cases: ShopperCaseView[] }>(claimant, 'case:list', {})).cases).toEqual([]);
  expect(await call(claimant, 'case:get', { caseId: opened.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

  // Nor can a shopper's own case claim an id: the shopper's case:open has no such field.
  const own = await callOk<{ case: ShopperCaseView }>(claimant, 'case:open', { text: 'mine', customerId: 'cus-list-1' });
  expect((await server.store.cases.get(own.case.id))?.customerId).toBeNull();
  expect((await callOk<{ cases: ShopperCaseView[] }>(owner, 'case:list', {})).cases.map((c) => c.id)).toEqual([opened.id]);
});

test('export by customer id finds the cases agents opened for that id, also for a customer who only ever phoned', async () => {
  const auth = await adminAuth();
  // No e-mail and no visitor: only the id ties this case to the customer.
  const onlyPhoned = await phoned('cus-export-1');
  const res = await fetch(`${server.url}/api/admin/privacy/export?customerId=cus-export-1`, { headers: auth });
  expect(res.status).toBe(200);
  const data = (await res.json()) as { visitors: unknown[]; cases: { id: string }[]; caseMessages: { caseId: string; text: string }[] };
  expect(data.visitors).toEqual([]);
  expect(data.cases.map((c) => c.id)).toEqual([onlyPhoned.id]);
  expect(data.caseMessages.map((m) => m.text)).toEqual(['Customer phoned: parcel 10023 is late']);

  // A customer who also chatted, proving the id: exported by their visitor id, the phoned case comes along.
  const chatted = await phoned('cus-export-2', { email: 'lee@phone.example' });
  const shopper = await server.shopper();
  await callOk(shopper, 'identity:set', { id: 'cus-export-2', hash: idHash('cus-export-2') });
  const { visitorId } = await callOk<{ visitorId: string }>(shopper, 'session:resume', {});
  const byVisitor = (await (await fetch(`${server.url}/api/admin/privacy/export?visitorId=${visitorId}`, { headers: auth })).json()) as {
    cases: { id: string }[];
  };
  expect(byVisitor.cases.map((c) => c.id)).toEqual([chatted.id]);
});

test('erase by customer id deletes the cases agents opened for that id, and only those', async () => {
  const auth = await adminAuth();
  const first = await phoned('cus-erase-1');
  const second = await phoned('cus-erase-1', { email: 'ola@phone.example' });
  const someoneElse = await phoned('cus-erase-2');
  const res = await fetch(`${server.url}/api/admin/privacy?customerId=cus-erase-1`, { method: 'DELETE', headers: auth });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ deleted: { visitors: 0, cases: 2 } });
  expect(await server.store.cases.get(first.id)).toBeNull();
  expect(await server.store.cases.get(second.id)).toBeNull();
  expect(await server.store.cases.get(someoneElse.id)).not.toBeNull();
  expect((await fetch(`${server.url}/api/admin/privacy/export?customerId=cus-erase-1`, { headers: auth })).status).toBe(404);
});
