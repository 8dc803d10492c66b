/**
 * The main story, shopper and agent in two browser contexts: the bot answers from the KB, a clarify chip
 * leads to its intent's answer, "talk to a human" queues the chat; an agent signs in to the console, takes
 * it, sees the bot's part and the handoff summary, replies (and leaves an internal note the shopper never
 * receives), closes it with a resolution; the shopper rates it and the rating is stored. Then a Chinese run.
 *
 * The tests of the first describe run in order and share the shopper's and the agent's pages: each step
 * is one stage of the same conversation.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { Agent } from '../../shared/model';
import {
  newContext,
  chatPanel,
  inboxItem,
  messageRows,
  shopperRows,
  transcript,
  launcher,
  openConsole,
  openWidget,
  poll,
  screenshot,
  sendShopperMessage,
  shopperConversationId,
  useE2e,
  watchPageErrors,
  watchSocketFrames,
  widgetHost,
  type ConsoleSession,
} from './e2e-harness';

const env = useE2e({ timeoutMs: 60_000 });

describe('from bot to agent to rating', () => {
  let shopperContext: BrowserContext;
  let shopper: Page;
  let shopperErrors: string[];
  let shopperFrames: string[];
  let agent: Agent & { password: string };
  let console_: ConsoleSession;
  let conversationId: string;

  beforeAll(async () => {
    agent = await env.server.createAgent({ name: 'Priya Shah', role: 'agent' });
    // The agent is signed in first, so the shopper's handoff finds someone online and is queued.
    console_ = await openConsole(env.browser, env.server.url, agent);
    shopperContext = await newContext(env.browser);
    shopper = await shopperContext.newPage();
    shopperErrors = watchPageErrors(shopper);
    shopperFrames = watchSocketFrames(shopper);
    await shopper.goto(env.shop.url);
  });
  afterAll(async () => {
    await shopperContext?.close();
    await console_?.context.close();
  });

  test('the bot answers a KB question, a clarify chip gives that intent’s answer, and asking for a human queues the chat', async () => {
    await openWidget(shopper);
    await sendShopperMessage(shopper, 'where is my order?');
    await poll(() => chatPanel(shopper).innerText(), (t) => expect(t).toContain('tracking number'));
    await expect(shopperRows(shopper, 'where is my order?').count()).resolves.toBe(1);

    // A bare keyword two intents share (gift cards, gift wrap): the bot asks which.
    await sendShopperMessage(shopper, 'gift');
    await poll(() => chatPanel(shopper).innerText(), (t) => expect(t).toContain('Did you mean one of these?'));
    const chip = chatPanel(shopper).getByRole('button', { name: 'Gift cards', exact: true });
    await chip.click();
    await poll(() => chatPanel(shopper).innerText(), (t) => expect(t).toContain('never expire'));
    // The chip was sent as the shopper's message, and the chips of the earlier question are gone.
    await expect(shopperRows(shopper, /^\s*You\s*Gift cards/).count()).resolves.toBe(1);
    await expect(chip.count()).resolves.toBe(0);

    await sendShopperMessage(shopper, 'talk to a human');
    await transcript(shopper).getByText('Waiting for an agent to join…').waitFor();
    await chatPanel(shopper).getByRole('status').filter({ hasText: 'You’re number 1 in the queue' }).waitFor();
    await chatPanel(shopper).getByText('Waiting for an agent', { exact: true }).waitFor(); // header status
    conversationId = (await shopperConversationId(shopper)) ?? '';
    expect(conversationId).not.toBe('');
    const stored = await env.server.store.conversations.get(conversationId);
    expect(stored?.status).toBe('waiting');
    expect(stored?.handoff?.reason).toBe('request');
  });

  test('the agent sees the chat waiting, takes it, sees the bot part and the handoff summary, and replies; the shopper sees the reply with the agent’s name', async () => {
    const { page } = console_;
    await page.getByTestId('tab-waiting').click();
    const row = inboxItem(page, conversationId);
    await row.waitFor();
    await row.getByTestId('take-button').click();

    const view = page.locator(`[data-testid="conversation-view"][data-conversation-id="${conversationId}"]`);
    await view.waitFor();
    await poll(() => view.getAttribute('data-status'), (s) => expect(s).toBe('assigned'));
    const botSection = view.getByTestId('bot-section');
    await botSection.getByTestId('message-bot').first().waitFor();
    expect(await botSection.getByTestId('message-shopper').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('where is my order?'), expect.stringContaining('gift')]),
    );
    expect(await botSection.innerText()).toContain('tracking number');
    const summary = view.getByTestId('handoff-summary');
    await summary.waitFor();
    expect(await summary.getByTestId('handoff-reason').innerText()).toBe('Shopper asked for a human');

    await shopper.getByRole('dialog', { name: 'Priya Shah' }).waitFor(); // the panel's title is the agent now
    await transcript(shopper).getByText('Priya Shah joined the chat').waitFor();

    const reply = 'Hi, I’m Priya. Let me look at your order.';
    await view.getByTestId('reply-box').fill(reply);
    await view.getByTestId('reply-box').press('Enter');
    await view.getByTestId('message-agent').filter({ hasText: reply }).waitFor();
    const row2 = messageRows(shopper, reply);
    await row2.waitFor();
    expect(await row2.innerText()).toContain('Priya Shah');
    // Screen-reader users hear it too: the polite live region announces sender and text.
    await poll(() => chatPanel(shopper).locator('[aria-live="polite"]').innerText(), (t) => expect(t).toBe(`Priya Shah: ${reply}`));
    const stored = await env.server.store.messages.listSince(conversationId, 0);
    expect(stored.filter((m) => m.text === reply && m.sender === 'agent' && m.agentId === agent.id)).toHaveLength(1);
  });

  test('an internal note stays in the console and never reaches the shopper', async () => {
    const view = console_.page.getByTestId('conversation-view');
    const note = 'NOTE-7731: customer asked twice, check the warehouse scan';
    await view.getByTestId('internal-toggle').click();
    expect(await view.getByTestId('internal-toggle').getAttribute('aria-pressed')).toBe('true');
    await view.getByTestId('reply-box').fill(note);
    await view.getByTestId('send-button').click();
    await view.getByTestId('message-note').filter({ hasText: note }).waitFor();

    // A normal reply after the note: once the shopper has it, the note would have arrived before it.
    await view.getByTestId('internal-toggle').click();
    const after = 'Your parcel left our warehouse this morning.';
    await view.getByTestId('reply-box').fill(after);
    await view.getByTestId('send-button').click();
    await messageRows(shopper, after).waitFor();
    expect(await chatPanel(shopper).innerText()).not.toContain('NOTE-7731');
    expect(shopperFrames.some((f) => f.includes('NOTE-7731'))).toBe(false);
    expect(shopperFrames.some((f) => f.includes(after))).toBe(true); // the frame watcher does see replies
    const stored = await env.server.store.messages.listSince(conversationId, 0, { includeInternal: true });
    expect(stored.find((m) => m.text === note)?.internal).toBe(true);
  });

  test('the agent closes the chat with a resolution; the shopper rates it with stars and a comment, and the rating is stored', async () => {
    const view = console_.page.getByTestId('conversation-view');
    await view.getByTestId('close-button').click();
    await console_.page.getByTestId('close-dialog').waitFor();
    await console_.page.getByTestId('resolution-not_resolved').check();
    await console_.page.getByTestId('close-confirm').click();
    await poll(() => env.server.store.conversations.get(conversationId), (c) => expect(c?.status).toBe('closed'));
    expect((await env.server.store.conversations.get(conversationId))?.resolution).toBe('not_resolved');

    const panel = chatPanel(shopper);
    await transcript(shopper).getByText('The chat has ended').waitFor();
    await panel.getByRole('group', { name: 'How was your chat?' }).waitFor();
    // A shopper clicks the fourth star (the radio inside it is transparent).
    const four = panel.getByRole('radio', { name: '4 of 5 stars' });
    await panel.locator('label', { has: shopper.getByRole('radio', { name: '4 of 5 stars' }) }).click();
    expect(await four.isChecked()).toBe(true);
    await panel.getByRole('textbox', { name: /Anything else/ }).fill('Quick and friendly, thanks Priya');
    await screenshot(shopper, 'widget-rating.png');
    await panel.getByRole('button', { name: 'Send rating' }).click();
    await panel.getByText('Thanks for your feedback!').waitFor();
    const rated = await poll(() => env.server.store.conversations.get(conversationId), (c) => expect(c?.rating).not.toBeNull());
    expect(rated?.rating).toMatchObject({ score: 4, comment: 'Quick and friendly, thanks Priya' });
    expect(shopperErrors).toEqual([]);
    expect(console_.errors).toEqual([]);
    // Picking a star must not have scrolled the panel itself: its header (title, close button) stays in view.
    const panelBox = (await panel.boundingBox())!;
    const closeBox = (await panel.getByRole('button', { name: 'Close chat' }).boundingBox())!;
    expect(closeBox.y).toBeGreaterThanOrEqual(panelBox.y);
    expect(await panel.evaluate((el) => el.scrollTop)).toBe(0);
  });
});

test('a Chinese shopper sees the Chinese UI and gets a Chinese answer', async () => {
  const context = await newContext(env.browser, { locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(env.shop.url);
  await widgetHost(page).getByRole('button', { name: '打开聊天' }).click();
  const panel = page.getByRole('dialog', { name: '在线客服' });
  await panel.waitFor();
  await panel.getByText('智能助手即时回复').waitFor();
  const box = panel.getByRole('textbox', { name: '消息' });
  expect(await box.getAttribute('placeholder')).toMatch(/[\u4e00-\u9fff]/);
  await box.fill('我的订单到哪了');
  await box.press('Enter');
  await poll(() => panel.innerText(), (t) => expect(t).toContain('快递公司、运单号'));
  await poll(() => launcher(page, /^(打开|关闭)聊天/).getAttribute('aria-label'), (l) => expect(l).toBe('关闭聊天'));
  const id = await shopperConversationId(page);
  const stored = id === null ? null : await env.server.store.conversations.get(id);
  expect(stored?.locale).toBe('zh');
  await screenshot(page, 'widget-zh.png');
  expect(errors).toEqual([]);
  await context.close();
});
