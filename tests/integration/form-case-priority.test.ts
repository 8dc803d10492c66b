/**
 * The priority of a case the shopper opens is the team's rules, as for a chat: a verified VIP's message gets
 * what their chat would (B), a claimed tier gets nothing, and a message left for a waiting chat carries that
 * chat's priority. The shopper still cannot pick one.
 */
import { SignJWT } from 'jose';
import type { ShopperCaseView } from '../../shared/cases';
import type { ShopperConversationView } from '../../shared/model';
import { callOk, clientId, startServer, type ShopperSocket, type TestServer } from './harness';

const IDENTITY_SECRET = 'identity-secret-for-tests';

describe('the priority of a case the shopper opens', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ IDENTITY_SECRET });
  });
  afterAll(() => server.close());

  async function vip(shopper: ShopperSocket): Promise<void> {
    const token = await new SignJWT({ id: `cust-${clientId()}`, name: 'Vera', email: 'vera@example.com', tier: 'VIP' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) + 600)
      .sign(new TextEncoder().encode(IDENTITY_SECRET));
    expect(await callOk(shopper, 'identity:set', { token })).toEqual({ verified: true, idVerified: true });
  }

  const priorityOf = async (c: ShopperCaseView) => (await server.store.cases.get(c.id))?.priority;

  test('a verified VIP with no chat: B, as their chat would be; a claimed VIP tier: C', async () => {
    const shopper = await server.shopper();
    await vip(shopper);
    const { number } = await callOk<{ number: number }>(shopper, 'ticket:create', { name: 'Vera', email: 'vera@example.com', message: 'Where is 10023?' });
    const { case: opened } = await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: 'And 10024?' });
    expect(await priorityOf(opened)).toBe('B');
    const { cases } = await callOk<{ cases: ShopperCaseView[] }>(shopper, 'case:list', {});
    expect(await priorityOf(cases.find((c) => c.number === number)!)).toBe('B');

    const faker = await server.shopper();
    expect(await callOk(faker, 'identity:set', { id: 'cust-43', tier: 'VIP', hash: 'deadbeef' })).toEqual({ verified: false, idVerified: false });
    const { case: claimed } = await callOk<{ case: ShopperCaseView }>(faker, 'case:open', { text: 'I am VIP, answer me first' });
    expect(await priorityOf(claimed)).toBe('C');
  });

  test('a message left for a waiting chat takes the chat priority', async () => {
    const shopper = await server.shopper();
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'My order 10023 never arrived' });
    await server.app.bus.idle();
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    await server.app.bus.idle();
    // Whatever raised it (a complaint, the bot's urgency): the chat's own priority is what the team decided.
    await server.store.conversations.update(conversation.id, { priority: 'urgent' });
    const { case: opened } = await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: 'Please call me back' });
    expect(await server.store.cases.get(opened.id)).toMatchObject({ conversationId: conversation.id, priority: 'A' });
  });
});
