/**
 * Issue 5, tickets: with no agent online a shopper who asks for a person leaves a message (name, email,
 * message) and is shown its ticket number; an agent answers it in the console's Tickets tab; the shopper
 * sees the answer the next time they open the widget.
 */
import {
  chatPanel,
  newContext,
  openConsole,
  openWidget,
  poll,
  screenshot,
  sendShopperMessage,
  startE2e,
  watchPageErrors,
  type E2eEnv,
} from './e2e-harness';

jest.setTimeout(60_000);

let env: E2eEnv;
beforeAll(async () => {
  env = await startE2e();
});
afterAll(async () => {
  await env?.close();
});

test('no agent online: the shopper leaves a message and gets a ticket number; the agent replies in Tickets; the shopper sees the reply next time', async () => {
  const shopperContext = await newContext(env.browser);
  const page = await shopperContext.newPage();
  const errors = watchPageErrors(page);
  await page.goto(env.shop.url);
  await openWidget(page);
  await sendShopperMessage(page, 'talk to a human');

  const panel = chatPanel(page);
  await panel.getByText('No one is available right now').waitFor();
  await panel.getByText('We’re away — leave a message').waitFor();
  // Nobody is online, so no queue position or wait estimate may be promised. Checked at the end, so that
  // the rest of the ticket flow still runs if this fails.
  const queueLinesWhileOffline = await panel.getByRole('status').filter({ hasText: 'in the queue' }).allInnerTexts();
  await panel.getByRole('textbox', { name: 'Name' }).fill('Mei Chen');
  await panel.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
  const question = 'Do you restock the linen overshirt in XXL, sage?';
  const formMessage = panel.getByRole('textbox', { name: 'How can we help?' });
  await formMessage.fill(question);
  await panel.getByRole('button', { name: 'Send message' }).click();
  await panel.getByRole('alert').filter({ hasText: 'Please enter a valid email address' }).waitFor();
  expect(await env.server.store.tickets.list({})).toEqual([]);

  await panel.getByRole('textbox', { name: 'Email' }).fill('mei@example.com');
  await panel.getByRole('button', { name: 'Send message' }).click();
  const done = panel.getByRole('status').filter({ hasText: 'Your ticket number is #' });
  await done.waitFor();
  const number = Number(/#(\d+)/.exec(await done.innerText())?.[1]);
  const [ticket] = await env.server.store.tickets.list({});
  expect(ticket).toMatchObject({ number, name: 'Mei Chen', email: 'mei@example.com', message: question, status: 'open' });
  await screenshot(page, 'widget-ticket.png');
  expect(errors).toEqual([]);
  // The shopper closes the chat and leaves.
  await panel.getByRole('button', { name: 'Close chat' }).click();
  await panel.waitFor({ state: 'hidden' });
  await page.close();

  const agent = await env.server.createAgent({ name: 'Omar Haddad' });
  const console_ = await openConsole(env.browser, env.server.url, agent);
  await console_.page.getByTestId('tab-tickets').click();
  const item = console_.page.locator(`[data-testid="ticket-item"][data-ticket-id="${ticket!.id}"]`);
  await item.waitFor();
  expect(await item.innerText()).toContain('Mei Chen');
  await item.getByRole('button').click();
  const answer = 'Hi Mei, the sage overshirt in XXL is back on 12 December.';
  await console_.page.getByTestId('ticket-reply-input').fill(answer);
  await console_.page.getByTestId('ticket-reply-send').click();
  await console_.page.getByTestId('ticket-reply-sent').filter({ hasText: answer }).waitFor();
  const replied = await poll(() => env.server.store.tickets.get(ticket!.id), (t) => expect(t?.reply).toBe(answer));
  expect(replied?.status).not.toBe('open');
  expect(console_.errors).toEqual([]);

  // The next visit, same browser: the shopper opens the widget and finds the reply.
  const next = await shopperContext.newPage();
  const nextErrors = watchPageErrors(next);
  await next.goto(env.shop.url);
  await openWidget(next);
  const card = chatPanel(next).locator('.card', { hasText: `Reply to ticket #${number}` });
  await card.waitFor();
  expect(await card.innerText()).toContain(answer);
  await screenshot(next, 'widget-ticket-reply.png');
  expect(nextErrors).toEqual([]);
  await shopperContext.close();
  await console_.context.close();
  expect(queueLinesWhileOffline).toEqual([]);
});
