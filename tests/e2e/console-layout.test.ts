/**
 * Issue 15, item 9, the console's layout at 1280×800: the "A chat was assigned to you" toast leaves the
 * Close chat button clear; the customer panel keeps a long e-mail and ticket text inside its column; the
 * transfer dialog says why no agent can be picked. Screenshot: tests/e2e/artifacts/console-toast.png.
 */
import type { Page } from 'playwright-core';
import {
  inboxItem,
  newContext,
  openConsole,
  openWidget,
  screenshot,
  sendShopperMessage,
  shopperConversationId,
  useE2e,
  transcript,
} from './e2e-harness';

const env = useE2e({ timeoutMs: 90_000, env: { DEPARTMENTS: 'general:auto,orders:auto,returns:auto,billing:auto,technical:auto' } });

/** A shopper on the shop page who asks for a person; returns their conversation id. */
async function shopperAsksForHuman(text: string): Promise<string> {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  await page.goto(env.shop.url);
  await openWidget(page);
  await sendShopperMessage(page, text);
  await transcript(page).getByText(/joined the chat|Waiting for an agent/).first().waitFor();
  return (await shopperConversationId(page))!;
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function box(page: Page, testId: string) {
  const b = await page.getByTestId(testId).first().boundingBox();
  if (!b) throw new Error(`${testId} is not visible`);
  return b;
}

test('the assigned toast leaves Close chat clear, the customer panel does not overflow, the transfer dialog says why no agent', async () => {
  const agent = await env.server.createAgent({ name: 'Rosa Vidal', maxChats: 5 });
  const { page, context, errors } = await openConsole(env.browser, env.server.url, agent);

  const first = await shopperAsksForHuman('talk to a human');
  // A real customer with a long e-mail address and a long ticket, as the panel must show them.
  const conversation = (await env.server.store.conversations.get(first))!;
  const email = 'margaret.worthington-fairbanks.purchasing-department@very-long-company-name.example.co.uk';
  await env.server.store.visitors.update(conversation.visitorId, {
    identity: { externalId: 'customer-000000000000000000000042', name: 'Margaret Worthington-Fairbanks', email, verified: false, idVerified: false, tier: null },
  });
  await env.server.store.tickets.create({
    siteId: 'demo',
    visitorId: conversation.visitorId,
    conversationId: null,
    department: 'orders',
    name: 'Margaret',
    email,
    message: 'The parcel for order 10023 arrived with the corner crushed and the bedding inside water-stained, please advise '.repeat(3),
  });

  await page.getByTestId('tab-mine').click();
  await inboxItem(page, first).getByRole('button').first().click();
  const view = page.locator(`[data-testid="conversation-view"][data-conversation-id="${first}"]`);
  await view.getByTestId('close-button').waitFor();
  const panel = page.getByTestId('customer-panel');
  await panel.getByText(email).waitFor();
  await page.getByTestId('customer-tickets').getByText(/parcel for order 10023/).waitFor();
  const widths = await panel.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, parent: el.parentElement!.scrollWidth - el.parentElement!.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  expect(widths.parent).toBeLessThanOrEqual(0);

  // A second chat is assigned while the first is open: the toast must not cover its Close chat button.
  await shopperAsksForHuman('talk to a human please');
  const toast = page.getByTestId('notice').filter({ hasText: 'A chat was assigned to you.' });
  await toast.waitFor();
  const toastBox = await box(page, 'notice');
  for (const control of ['close-button', 'transfer-button', 'send-button', 'reply-box']) {
    expect([control, overlaps(toastBox, (await view.getByTestId(control).boundingBox())!)]).toEqual([control, false]);
  }
  await screenshot(page, 'console-toast.png');

  // Alone online: the transfer dialog's "To an agent" says why there is nobody to pick.
  await view.getByTestId('transfer-button').click();
  const dialog = page.getByTestId('transfer-dialog');
  await dialog.getByTestId('transfer-mode-agent').check();
  expect(await dialog.getByTestId('transfer-agent-empty').innerText()).toContain('No other agent is online');
  expect(await dialog.getByTestId('transfer-confirm').isDisabled()).toBe(true);
  await dialog.getByTestId('transfer-mode-department').check();
  expect(await dialog.getByTestId('transfer-confirm').isDisabled()).toBe(false);

  expect(errors).toEqual([]);
  await context.close();
});
