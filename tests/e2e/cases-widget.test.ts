/**
 * Issue 11, the shopper's side of cases, in real Chromium against a real server: with nobody available the
 * shopper taps "Talk to a person" in the header, is told so once (no "waiting for an agent"), leaves a message
 * prefilled with what they wrote, reloads and still sees the confirmation (number, expected reply), gets the
 * agent's reply live in My requests, sees the unread badge on the launcher while the chat is closed (after a
 * reload too), and confirms the fix. The agent is a socket.io-client using the case contract.
 */
import type { CaseListItem } from '../../shared/cases';
import type { AgentSocket } from '../integration/harness';
import { callOk } from '../integration/harness';
import { chatPanel, launcher, newContext, openWidget, PHONE, poll, screenshot, sendShopperMessage, useE2e, watchPageErrors } from './e2e-harness';

const env = useE2e({ timeoutMs: 90_000 });
let agentSocket: AgentSocket;
beforeAll(async () => {
  // Signed in but taking no chats: nobody can take the chat, yet the agent can answer cases.
  agentSocket = await env.server.agent(await env.server.createAgent({ name: 'Omar Haddad', maxChats: 0 }));
});

const findCase = async (number: number): Promise<CaseListItem> =>
  poll(
    async () => (await callOk<{ cases: CaseListItem[] }>(agentSocket, 'case:list', {})).cases.find((c) => c.case.number === number),
    (c) => expect(c).toBeDefined(),
  ) as Promise<CaseListItem>;

test('offline: one true message, a prefilled form, a confirmation that survives a reload, the reply live and as a badge, the fix confirmed', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(env.shop.url);
  await openWidget(page);
  const panel = chatPanel(page);
  const question = 'Do you restock the linen overshirt in XXL, sage green?';
  await sendShopperMessage(page, question);
  await panel.locator('.row:not(.me) .bub').first().waitFor();

  // One tap, in the header.
  await panel.getByRole('button', { name: 'Talk to a person' }).click();
  await panel.locator('.row .bub', { hasText: 'No one from our team is available right now' }).waitFor();
  await panel.getByRole('heading', { name: 'No one is available right now' }).waitFor();
  await panel.getByText('No one is available — leave a message').waitFor();
  expect(await panel.getByText(/Waiting for an agent|passing you|connecting you/i).count()).toBe(0);
  expect(await panel.getByRole('button', { name: 'Talk to a person' }).count()).toBe(0);

  // The form carries what the shopper already wrote.
  const message = panel.getByRole('textbox', { name: 'How can we help?' });
  expect(await message.inputValue()).toContain(question);
  await panel.getByRole('textbox', { name: 'Name' }).fill('Mei Chen');
  await panel.getByRole('textbox', { name: 'Email' }).fill('mei@example.com');
  await panel.getByRole('button', { name: 'Send message' }).click();
  const done = panel.getByRole('status').filter({ hasText: 'Your request number is #' });
  await done.waitFor();
  const number = Number(/#(\d+)/.exec(await done.innerText())?.[1]);
  expect(number).toBeGreaterThan(0);
  await done.getByText(/^Expected reply: usually within \d+ (minutes|hours?|days)$|^Expected reply: usually within an hour$/).waitFor();

  // A reload shows the confirmation again, not an empty form inviting a duplicate.
  await page.reload();
  await panel.waitFor({ state: 'visible' });
  const again = panel.getByRole('status').filter({ hasText: `Your request number is #${number}` });
  await again.waitFor();
  await again.getByText(/^Expected reply: usually within/).waitFor();
  expect(await panel.getByRole('button', { name: 'Send message' }).count()).toBe(0);
  await screenshot(page, 'case-confirmation-after-reload.png');

  // My requests, from the confirmation: the case and its thread; the agent's reply arrives live.
  await again.getByRole('button', { name: 'My requests' }).click();
  await panel.getByRole('heading', { name: `Request #${number}` }).waitFor();
  await panel.getByText('Received — waiting for our reply').waitFor();
  await panel.locator('.row.me', { hasText: question }).waitFor();
  const item = await findCase(number);
  expect(item.case).toMatchObject({ contactName: 'Mei Chen', contactEmail: 'mei@example.com', source: 'form' });
  const firstReply = 'Hi Mei, the sage overshirt in XXL is back on 12 December.';
  await callOk(agentSocket, 'case:reply', { caseId: item.case.id, text: firstReply });
  await panel.locator('.row', { hasText: firstReply }).waitFor();
  await panel.getByText('In progress').waitFor();
  // Read while shown: no badge.
  expect(await launcher(page).getAttribute('aria-label')).toBe('Close chat');

  // The shopper writes back from the thread.
  await panel.getByRole('textbox', { name: 'Your reply' }).fill('Great, please keep one for me.');
  await panel.getByRole('button', { name: 'Send reply' }).click();
  await panel.locator('.row.me', { hasText: 'Great, please keep one for me.' }).waitFor();

  // Closed: the next reply is a badge on the launcher, and it is still there after a reload.
  await panel.getByRole('button', { name: 'Close chat' }).first().click();
  await panel.waitFor({ state: 'hidden' });
  await callOk(agentSocket, 'case:reply', { caseId: item.case.id, text: 'Done, one is set aside for you.' });
  await poll(() => launcher(page).getAttribute('aria-label'), (l) => expect(l).toBe('Open chat (1 unread)'));
  await page.reload();
  await poll(() => launcher(page).getAttribute('aria-label'), (l) => expect(l).toBe('Open chat (1 unread)'), 15_000);
  // The badge itself (the launcher's ::after, drawn by the chat's CSS) shows the count.
  expect(await launcher(page).evaluate((el) => getComputedStyle(el, '::after').content)).toBe('"1"');

  // Solved: "Did this solve it?" Yes closes the request.
  await callOk(agentSocket, 'case:set-status', { caseId: item.case.id, status: 'solved' });
  await openWidget(page);
  await panel.getByRole('button', { name: 'More options' }).click();
  await panel.locator('.menu').getByRole('button', { name: 'My requests 1 new' }).click();
  const entry = panel.locator(`button.case[data-case="${number}"]`);
  await entry.getByText('Solved — please confirm').waitFor();
  await entry.click();
  await panel.locator('.row', { hasText: 'Done, one is set aside for you.' }).waitFor();
  await poll(() => launcher(page).getAttribute('aria-label'), (l) => expect(l).toBe('Close chat'));
  await panel.getByRole('group', { name: 'Did this solve it?' }).getByRole('button', { name: 'Yes' }).click();
  await panel.getByText('Closed', { exact: true }).waitFor();
  await poll(
    () => env.server.store.cases.get(item.case.id),
    (c) => expect(c).toMatchObject({ status: 'closed', resolution: 'confirmed' }),
  );
  expect(await panel.getByRole('textbox', { name: 'Your reply' }).count()).toBe(0);
  await screenshot(page, 'widget-my-requests.png');
  expect(errors).toEqual([]);
  await context.close();
});

test('on a phone the header keeps "Talk to a person", the menu and close in view, and the title readable', async () => {
  const context = await newContext(env.browser, PHONE);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(env.shop.url);
  await openWidget(page);
  const panel = chatPanel(page);
  const head = panel.locator('.head');
  const box = (await head.boundingBox())!;
  for (const name of ['Talk to a person', 'More options', 'Close chat']) {
    const b = (await head.getByRole('button', { name }).boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(box.x);
    expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
  }
  const title = (await head.getByRole('heading', { name: 'Chat with us' }).boundingBox())!;
  expect(title.width).toBeGreaterThan(60);
  await screenshot(page, 'widget-header-phone.png');
  expect(errors).toEqual([]);
  await context.close();
});
