/**
 * Issue "never loses a message": a reload mid-chat brings back the same conversation, its history and
 * its state; a message sent while the network is down waits in the outbox and is delivered exactly once
 * after the connection comes back.
 */
import {
  chatPanel,
  newContext,
  openWidget,
  poll,
  sendShopperMessage,
  shopperConversationId,
  shopperRows,
  useE2e,
  transcript,
  watchPageErrors,
} from './e2e-harness';

const env = useE2e({ timeoutMs: 60_000 });
beforeAll(async () => {
  // An agent online (a real socket.io client; the server's close() ends it), so a handoff is queued rather than offered a ticket form.
  await env.server.agent(await env.server.createAgent({ name: 'Sam Okafor' }));
});

test('a reload mid-chat keeps the conversation, its history and its state', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(env.shop.url);
  await openWidget(page);
  await sendShopperMessage(page, 'where is my order?');
  await poll(() => chatPanel(page).innerText(), (t) => expect(t).toContain('tracking number'));
  await sendShopperMessage(page, 'talk to a human');
  await transcript(page).getByText('Waiting for an agent to join…').waitFor();
  const conversationId = await shopperConversationId(page);
  expect(conversationId).not.toBeNull();
  const before = await transcript(page).innerText();

  await page.reload();
  // The panel was open: it opens again by itself, with the same transcript and the queue state.
  await chatPanel(page).waitFor({ state: 'visible' });
  await transcript(page).getByText('Waiting for an agent to join…').waitFor();
  await chatPanel(page).getByRole('status').filter({ hasText: 'You’re number 1 in the queue' }).waitFor();
  await chatPanel(page).getByText('Waiting for an agent', { exact: true }).waitFor();
  await poll(() => chatPanel(page).innerText(), (t) => expect(t).toContain('tracking number'));
  expect(await shopperRows(page, 'where is my order?').count()).toBe(1);
  expect(await shopperRows(page, 'talk to a human').count()).toBe(1);
  expect(await transcript(page).innerText()).toBe(before);
  expect(await shopperConversationId(page)).toBe(conversationId);

  // The server still has one conversation for this visitor, waiting, with nothing duplicated.
  const conv = await env.server.store.conversations.get(conversationId!);
  expect(conv?.status).toBe('waiting');
  const visitorConversations = await env.server.store.conversations.list({ visitorId: conv!.visitorId });
  expect(visitorConversations).toHaveLength(1);
  const messages = await env.server.store.messages.listSince(conversationId!, 0);
  expect(messages.filter((m) => m.sender === 'shopper').map((m) => m.text)).toEqual(['where is my order?', 'talk to a human']);

  // And the chat goes on from the reloaded page.
  await sendShopperMessage(page, 'my order number is 10023');
  await poll(() => env.server.store.messages.listSince(conversationId!, 0), (ms) => expect(ms.map((m) => m.text)).toContain('my order number is 10023'));
  expect(errors).toEqual([]);
  await context.close();
});

test('a message sent while the network is down is delivered exactly once when it comes back', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  await page.goto(env.shop.url);
  await openWidget(page);
  await sendShopperMessage(page, 'where is my order?');
  await poll(() => chatPanel(page).innerText(), (t) => expect(t).toContain('tracking number'));
  const conversationId = (await shopperConversationId(page))!;
  expect(conversationId).not.toBeNull();

  await context.setOffline(true);
  const text = 'Sent from a tunnel: can I change the address?';
  await sendShopperMessage(page, text);
  // While offline the message is shown once, as pending, and kept in the outbox.
  await shopperRows(page, text).getByText('Sending').waitFor();
  await chatPanel(page).getByText('Connection lost. Reconnecting…').waitFor();
  expect(await page.evaluate(() => localStorage.getItem('parley:demo:outbox'))).toContain(text);
  expect((await env.server.store.messages.listSince(conversationId, 0)).map((m) => m.text)).not.toContain(text);

  await context.setOffline(false);
  const stored = await poll(
    () => env.server.store.messages.listSince(conversationId, 0),
    (ms) => expect(ms.filter((m) => m.text === text)).toHaveLength(1),
    20_000,
  );
  // The bot answered it, once: the resend was not taken as a second message.
  await poll(() => shopperRows(page, text).getByText('Delivered').count(), (n) => expect(n).toBe(1), 20_000);
  await poll(() => chatPanel(page).getByText('Connection lost. Reconnecting…').count(), (n) => expect(n).toBe(0));
  expect(await shopperRows(page, text).count()).toBe(1);
  expect(await page.evaluate(() => localStorage.getItem('parley:demo:outbox'))).toBeNull();
  const seq = stored.find((m) => m.text === text)!.seq;
  const after = await env.server.store.messages.listSince(conversationId, seq);
  expect(after.filter((m) => m.sender === 'shopper')).toEqual([]);
  expect(after.filter((m) => m.sender === 'bot')).toHaveLength(1);
  await context.close();
});
