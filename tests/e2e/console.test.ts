/**
 * Issue 5, the agent console: sign-in (a wrong password is refused with a message), the waiting list,
 * take and reply, and a transfer to a colleague whose own console (a second context) receives the chat
 * with the transfer note, while the shopper is told and never sees the note.
 */
import {
  chatPanel,
  inboxItem,
  messageRows,
  newContext,
  openConsole,
  openWidget,
  poll,
  screenshot,
  sendShopperMessage,
  shopperConversationId,
  signInConsole,
  useE2e,
  transcript,
  watchPageErrors,
  watchSocketFrames,
} from './e2e-harness';

const env = useE2e({ timeoutMs: 60_000 });

test('a wrong password shows an error and stays on the sign-in form; the right one opens the inbox', async () => {
  const agent = await env.server.createAgent({ name: 'Lena Park' });
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${env.server.url}/console`);
  await signInConsole(page, agent.email, 'not the password');
  const error = page.getByTestId('login-error');
  await error.waitFor();
  expect(await error.innerText()).toBe('Wrong email or password.');
  expect(await error.getAttribute('role')).toBe('alert');
  expect(await page.getByTestId('tab-waiting').count()).toBe(0);
  await screenshot(page, 'console-login-error.png');

  await page.getByTestId('login-password').fill(agent.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('tab-waiting').waitFor();
  expect(await page.getByTestId('me').innerText()).toContain('Lena Park');
  expect(await page.getByTestId('login-error').count()).toBe(0);
  // The console sent the 401 on purpose; anything else logged is a real error.
  expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  await context.close();
});

test('take, reply, then transfer to a colleague: their console gets the chat and the note, the shopper is told and never sees the note', async () => {
  const ana = await env.server.createAgent({ name: 'Ana Ruiz' });
  const ben = await env.server.createAgent({ name: 'Ben Cho' });
  const anaConsole = await openConsole(env.browser, env.server.url, ana);
  const benConsole = await openConsole(env.browser, env.server.url, ben);

  const shopperContext = await newContext(env.browser);
  const shopper = await shopperContext.newPage();
  const shopperErrors = watchPageErrors(shopper);
  const frames = watchSocketFrames(shopper);
  await shopper.goto(env.shop.url);
  await openWidget(shopper);
  await sendShopperMessage(shopper, 'I want to talk to a human about my refund');
  await transcript(shopper).getByText('Waiting for an agent to join…').waitFor();
  const conversationId = (await shopperConversationId(shopper))!;

  // Both agents see the chat waiting, with its wait time; Ana takes it.
  for (const { page } of [anaConsole, benConsole]) {
    await inboxItem(page, conversationId).waitFor();
    await inboxItem(page, conversationId).getByTestId('wait-time').waitFor();
  }
  await inboxItem(anaConsole.page, conversationId).getByTestId('take-button').click();
  const anaView = anaConsole.page.locator(`[data-testid="conversation-view"][data-conversation-id="${conversationId}"][data-status="assigned"]`);
  await anaView.waitFor();

  await anaView.getByTestId('reply-box').fill('Hello, Ana here. One moment please.');
  await anaView.getByTestId('send-button').click();
  await messageRows(shopper, 'Ana here').waitFor();

  await anaView.getByTestId('transfer-button').click();
  const dialog = anaConsole.page.getByTestId('transfer-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('transfer-mode-agent').check();
  await dialog.getByTestId('transfer-agent').selectOption(ben.id);
  await dialog.getByTestId('transfer-note').fill('XFER-NOTE: refund for order 10023, already approved');
  await screenshot(anaConsole.page, 'console-transfer.png');
  await dialog.getByTestId('transfer-confirm').click();

  await poll(() => env.server.store.conversations.get(conversationId), (c) => expect(c?.assignedAgentId).toBe(ben.id));
  // Ben: the chat is in Mine, his to answer, with Ana's note.
  await benConsole.page.getByTestId('tab-mine').click();
  await inboxItem(benConsole.page, conversationId).waitFor();
  await inboxItem(benConsole.page, conversationId).getByRole('button').first().click();
  const benView = benConsole.page.locator(`[data-testid="conversation-view"][data-conversation-id="${conversationId}"]`);
  await benView.getByTestId('reply-box').waitFor();
  await benView.getByTestId('message-note').filter({ hasText: 'XFER-NOTE' }).waitFor();
  await benView.getByTestId('message-agent').filter({ hasText: 'Ana here' }).waitFor();
  // Ana: no longer hers.
  await anaConsole.page.getByTestId('tab-mine').click();
  await inboxItem(anaConsole.page, conversationId).waitFor({ state: 'detached' });

  // The shopper is told, and Ben's reply comes with his name.
  await transcript(shopper).getByText('You were transferred to Ben Cho').waitFor();
  await benView.getByTestId('reply-box').fill('Hi, Ben here: your refund is on its way.');
  await benView.getByTestId('reply-box').press('Enter');
  const benRow = messageRows(shopper, 'Ben here');
  await benRow.waitFor();
  expect(await benRow.innerText()).toContain('Ben Cho');
  expect(await chatPanel(shopper).innerText()).not.toContain('XFER-NOTE');
  expect(frames.some((f) => f.includes('XFER-NOTE'))).toBe(false);
  await screenshot(benConsole.page, 'console-after-transfer.png');

  expect(shopperErrors).toEqual([]);
  expect(anaConsole.errors).toEqual([]);
  expect(benConsole.errors).toEqual([]);
  await shopperContext.close();
  await anaConsole.context.close();
  await benConsole.context.close();
});

test('a chat one agent takes leaves every other agent’s waiting list, and the next shopper moves up the queue', async () => {
  const cleo = await env.server.createAgent({ name: 'Cleo Diaz' });
  const dev = await env.server.createAgent({ name: 'Dev Rao' });
  const cleoConsole = await openConsole(env.browser, env.server.url, cleo);
  const devConsole = await openConsole(env.browser, env.server.url, dev);
  const shoppers = await Promise.all([0, 1].map(() => newContext(env.browser)));
  const [first, second] = await Promise.all(shoppers.map((c) => c.newPage()));
  const ids: string[] = [];
  for (const page of [first!, second!]) {
    await page.goto(env.shop.url);
    await openWidget(page);
    await sendShopperMessage(page, 'talk to a human');
    await transcript(page).getByText('Waiting for an agent to join…').waitFor();
    ids.push((await shopperConversationId(page))!);
  }
  // Chats of agents who left earlier tests may be queued ahead: compare positions, not absolute numbers.
  const position = async (): Promise<number> =>
    Number(/number (\d+) in the queue/.exec(await chatPanel(second!).getByRole('status').filter({ hasText: 'in the queue' }).innerText())?.[1]);
  const before = await poll(position, (n) => expect(n).toBeGreaterThanOrEqual(2));
  for (const { page } of [cleoConsole, devConsole]) for (const id of ids) await inboxItem(page, id).waitFor();

  await inboxItem(cleoConsole.page, ids[0]!).getByTestId('take-button').click();
  await cleoConsole.page.locator(`[data-testid="conversation-view"][data-conversation-id="${ids[0]}"][data-status="assigned"]`).waitFor();
  await transcript(first!).getByText('Cleo Diaz joined the chat').waitFor();
  // The taker's console moves to Mine (where the chat now belongs); its Waiting tab must not list it.
  await cleoConsole.page.getByTestId('tab-waiting').click();
  await inboxItem(cleoConsole.page, ids[0]!).waitFor({ state: 'detached' });
  // Dev's waiting list must drop the taken chat (or he races for a chat that is gone), and the second
  // shopper is now first in line.
  await inboxItem(devConsole.page, ids[0]!).waitFor({ state: 'detached' });
  await poll(position, (n) => expect(n).toBe(before - 1));
  for (const c of shoppers) await c.close();
  await cleoConsole.context.close();
  await devConsole.context.close();
});
