/**
 * Cases over the wire: a real server with a fake clock, real socket.io clients for shoppers (two devices of one
 * identified customer, an anonymous stranger) and agents (two departments, a supervisor). Drives the lifecycle
 * the way the widget and the console do: the offline form, live replies, read marks, pending, "Did this solve
 * it?", auto-close, tier escalation, business hours, merge, bulk assign and converting a chat.
 */
import { createHmac } from 'node:crypto';
import type { Case, CaseDetail, CaseListItem, CaseMessage, ShopperCaseView } from '../../shared/cases';
import type { ShopperConversationView } from '../../shared/model';
import { call, callOk, clientId, startServer, waitFor, type AgentSocket, type ShopperSocket, type TestServer } from './harness';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SECRET = 'case-sockets-identity-secret';
const TUESDAY_10_UTC = Date.parse('2026-11-24T10:00:00Z');

/** Collects every event of the given names a socket receives, to assert later what it did not hear. */
function record(socket: ShopperSocket | AgentSocket, names: string[]) {
  const heard: { event: string; payload: unknown }[] = [];
  const untyped = socket as unknown as { on(event: string, listener: (payload: unknown) => void): void };
  for (const event of names) untyped.on(event, (payload) => heard.push({ event, payload }));
  return heard;
}

const identify = (socket: ShopperSocket, id: string) =>
  callOk<{ idVerified: boolean }>(socket, 'identity:set', { id, hash: createHmac('sha256', SECRET).update(id).digest('hex') });

describe('cases over sockets', () => {
  let server: TestServer;
  const clock = { now: TUESDAY_10_UTC };
  beforeAll(async () => {
    server = await startServer({ IDENTITY_SECRET: SECRET }, { now: () => clock.now });
  });
  afterAll(() => server.close());

  test('the offline form opens a case: the agent sees it live, replies reach both devices of the customer live, notes never do', async () => {
    const ordersAgent = await server.createAgent({ name: 'Olga', departments: ['orders'] });
    const billingAgent = await server.createAgent({ name: 'Bill', departments: ['billing'] });
    const orders = await server.agent(ordersAgent);
    const billing = await server.agent(billingAgent);
    const billingHeard = record(billing, ['case:updated', 'case:replied']);

    const phone = await server.shopper();
    const laptop = await server.shopper();
    expect((await identify(phone, 'cust-7')).idVerified).toBe(true);
    expect((await identify(laptop, 'cust-7')).idVerified).toBe(true);
    const stranger = await server.shopper();
    const strangerHeard = record(stranger, ['case:updated', 'case:replied']);

    // The chat was about an order, so the form's case goes to the orders department.
    await callOk(phone, 'message:send', { clientId: clientId(), text: 'where is my parcel' });
    await callOk(phone, 'handoff:request', {});
    const seen = waitFor<Case>(orders, 'case:updated');
    const laptopSeen = waitFor<ShopperCaseView>(laptop, 'case:updated');
    const { number } = await callOk<{ number: number }>(phone, 'ticket:create', { name: 'Mei', email: 'mei@example.com', message: 'My parcel 48213 never came.\nPlease help.' });
    const live = await seen;
    expect(live).toMatchObject({ number, status: 'new', source: 'form', department: 'orders', customerId: 'cust-7', contactEmail: 'mei@example.com', subject: 'My parcel 48213 never came.' });
    expect(await laptopSeen).toMatchObject({ number, status: 'new', unread: 0, replyTargetMinutes: 240, expectedReplyBy: TUESDAY_10_UTC + 4 * HOUR });

    const list = await callOk<{ cases: CaseListItem[] }>(orders, 'case:list', {});
    expect(list.cases.find((i) => i.case.id === live.id)).toMatchObject({ lastMessage: 'My parcel 48213 never came. Please help.', assigneeName: null });
    expect((await call(billing, 'case:get', { caseId: live.id })).ok).toBe(false);
    expect((await callOk<{ cases: CaseListItem[] }>(billing, 'case:list', {})).cases.map((i) => i.case.id)).not.toContain(live.id);

    clock.now += 20 * MIN;
    const onPhone = waitFor<{ caseId: string; message: CaseMessage }>(phone, 'case:replied');
    const onLaptop = waitFor<{ caseId: string; message: CaseMessage }>(laptop, 'case:replied');
    const badge = waitFor<ShopperCaseView>(laptop, 'case:updated', (v) => v.unread === 1);
    await callOk(orders, 'case:reply', { caseId: live.id, text: 'Sorry! Checking with the carrier.', isInternal: true });
    const reply = await callOk<{ case: Case; message: CaseMessage }>(orders, 'case:reply', { caseId: live.id, text: 'It left our depot today: tracking 1Z999.' });
    expect(reply.case).toMatchObject({ status: 'open', firstResponseAt: clock.now });
    expect((await onPhone).message).toMatchObject({ kind: 'reply', text: 'It left our depot today: tracking 1Z999.', authorName: 'Olga' });
    expect((await onLaptop).message.seq).toBe(reply.message.seq);
    expect(await badge).toMatchObject({ status: 'open', unread: 1, expectedReplyBy: null });

    // Another device of the same customer: the list and thread, without the note.
    const tablet = await server.shopper();
    await identify(tablet, 'cust-7');
    const mine = await callOk<{ cases: ShopperCaseView[] }>(tablet, 'case:list', {});
    expect(mine.cases).toEqual([expect.objectContaining({ id: live.id, number, unread: 1, status: 'open' })]);
    const thread = await callOk<{ case: ShopperCaseView; messages: CaseMessage[] }>(tablet, 'case:get', { caseId: live.id });
    expect(thread.messages.map((m) => m.kind)).toEqual(['shopper', 'reply']);

    // Read on one device: the others' badges clear.
    const cleared = waitFor<ShopperCaseView>(laptop, 'case:updated', (v) => v.unread === 0);
    await callOk(phone, 'case:read', { caseId: live.id, upToSeq: reply.message.seq });
    await cleared;

    // The shopper answers from the widget: the agent hears it.
    const answered = waitFor<{ caseId: string; message: CaseMessage }>(orders, 'case:replied', (p) => p.message.kind === 'shopper');
    await callOk(laptop, 'case:reply', { caseId: live.id, text: 'Thanks!' });
    expect((await answered).message.text).toBe('Thanks!');

    // Strangers get nothing and learn nothing.
    expect(await call(stranger, 'case:get', { caseId: live.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call(stranger, 'case:reply', { caseId: live.id, text: 'hi' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await callOk<{ cases: ShopperCaseView[] }>(stranger, 'case:list', {})).cases).toEqual([]);
    await server.app.bus.idle();
    expect(strangerHeard).toEqual([]);
    expect(billingHeard).toEqual([]);
  });
});
