/**
 * Issue 11, the offline path says one true thing: inside support hours with nobody signed in the bot says no one
 * is available (never "connecting you" or "passing you", nobody is coming); outside hours it gives the hours.
 * Either way the chat waits with no place in line, and the widget shows the leave-a-message form.
 */
import type { Message, ShopperConversationView } from '../../shared/model';
import { callOk, clientId, startServer, waitFor, type TestServer } from './harness';

const SATURDAY_NOON_UTC = Date.parse('2026-11-21T12:00:00Z');
const MONDAY_NOON_UTC = Date.parse('2026-11-23T12:00:00Z');
const PROMISES = /passing you|connecting you|转接/i;

async function botLines(server: TestServer, conversationId: string): Promise<Message[]> {
  await server.app.bus.idle();
  return (await server.store.messages.listSince(conversationId, 0)).filter((m) => m.sender === 'bot' || m.sender === 'system');
}

describe('the offline path', () => {
  let server: TestServer;
  let now = MONDAY_NOON_UTC;
  beforeAll(async () => {
    server = await startServer({ DEPARTMENTS: 'general:auto', BUSINESS_HOURS: '*=Mon-Fri 09:00-17:00 UTC' }, { now: () => now });
  });
  afterAll(() => server.close());

  test('inside hours, nobody signed in, "talk to a person": no one is available, said once, no place in line', async () => {
    now = MONDAY_NOON_UTC;
    const shopper = await server.shopper();
    const said = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    expect(conversation).toMatchObject({ status: 'waiting', queue: null });
    const bot = server.kbHolder.bot();
    expect((await said).text).toBe(bot.phrase('unavailable', 'en'));
    expect(bot.phrase('unavailable', 'en')).not.toBe(bot.phrase('offline', 'en'));
    const lines = await botLines(server, conversation.id);
    expect(lines.filter((m) => m.sender === 'bot').map((m) => m.text)).toEqual([bot.phrase('unavailable', 'en')]);
    // The queued notice carries no position: the widget shows no "waiting for an agent" line for it.
    expect(lines.filter((m) => m.event?.kind === 'queued').map((m) => m.event?.position ?? null)).toEqual([null]);
  });

  test('inside hours, nobody signed in, a damaged item: the answer asks for photos without promising a person now', async () => {
    now = MONDAY_NOON_UTC;
    const shopper = await server.shopper();
    // The damaged-item answer asks for a photo first; going on without one completes the handoff.
    const askedPhoto = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot' && m.text === server.kbHolder.bot().phrase('askPhoto', 'en'));
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'I need help, my order came damaged' });
    await askedPhoto;
    const queued = waitFor<Message>(shopper, 'message:created', (m) => m.event?.kind === 'queued');
    await callOk(shopper, 'message:send', { clientId: clientId(), text: server.kbHolder.bot().phrase('skipPhoto', 'en') });
    const lines = (await botLines(server, (await queued).conversationId)).filter((m) => m.sender === 'bot').map((m) => m.text);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toBe(server.kbHolder.bot().phrase('unavailable', 'en'));
    for (const line of lines) expect(line).not.toMatch(PROMISES);
  });

  test('outside hours: the hours, and no one is "connecting" anybody', async () => {
    now = SATURDAY_NOON_UTC;
    const shopper = await server.shopper();
    const said = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'talk to a human' });
    const text = (await said).text;
    expect(text).toBe(server.kbHolder.bot().phrase('offline', 'en'));
    expect(text).toMatch(/support hours/);
    expect(text).not.toMatch(PROMISES);
  });
});
