/**
 * Issue 12 in a browser, on the demo shop with the demo order book: a shopper asks where order 48213 is,
 * gives the e-mail and sees the order card; an agent who takes the chat sees the action in the handoff
 * summary and KB suggestions over the reply box, and inserts one with Alt+1.
 */
import {
  chatPanel,
  inboxItem,
  openConsole,
  openWidget,
  screenshot,
  sendShopperMessage,
  shopperConversationId,
  newShopperPage,
  newContext,
  useE2e,
  transcript,
} from './e2e-harness';

const env = useE2e({ timeoutMs: 60_000 });

test('order 48213 + ana@example.com shows the order card; the agent sees the action and inserts a suggestion with Alt+1', async () => {
  const context = await newContext(env.browser);
  const { page: shopper, errors } = await newShopperPage(context, env.shop.url);
  await openWidget(shopper);
  await sendShopperMessage(shopper, 'where is my order 48213?');
  await transcript(shopper).getByText('What e-mail address did you use for order 48213?').waitFor();
  await sendShopperMessage(shopper, 'ana@example.com');
  const card = chatPanel(shopper).locator('.bub.card');
  await card.waitFor();
  expect(await card.innerText()).toContain('Order 48213: On its way');
  expect(await card.innerText()).toContain('Carrier: UPS');
  expect(await card.getByRole('link', { name: 'Track the parcel' }).getAttribute('href')).toMatch(/^https:\/\/www\.ups\.com\//);
  await screenshot(shopper, 'action-order-card.png');

  await sendShopperMessage(shopper, 'talk to a human');
  const conversationId = (await shopperConversationId(shopper))!;
  // Nobody is signed in yet: the widget offers the message form, and the chat waits in the queue.
  for (let i = 0; i < 100 && (await env.server.store.conversations.get(conversationId))?.status !== 'waiting'; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  expect((await env.server.store.conversations.get(conversationId))?.status).toBe('waiting');

  const agent = await env.server.createAgent({ name: 'Ivy Chen' });
  const console = await openConsole(env.browser, env.server.url, agent);
  await inboxItem(console.page, conversationId).getByTestId('take-button').click();
  const view = console.page.locator(`[data-testid="conversation-view"][data-conversation-id="${conversationId}"][data-status="assigned"]`);
  await view.waitFor();
  expect(await view.getByTestId('handoff-action').innerText()).toContain('order.lookup');
  const first = view.getByTestId('assist-suggestion').first();
  await first.waitFor();
  const intent = await first.getAttribute('data-intent');
  expect(intent).toBeTruthy();
  await view.getByTestId('reply-box').focus();
  await view.getByTestId('reply-box').press('Alt+Digit1');
  const title = (await first.getAttribute('title')) ?? '';
  expect(await view.getByTestId('reply-box').inputValue()).toBe(title);
  await screenshot(console.page, 'console-assist.png');

  expect(errors).toEqual([]);
  expect(console.errors).toEqual([]);
  await context.close();
  await console.context.close();
});
