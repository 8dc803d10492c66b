/**
 * Issue 15, the widget as a shopper meets it: the options menu is readable and Escape closes it first;
 * a shop whose origin is not allowed is told the chat cannot connect; the bot has the KB's name from the
 * greeting on; a read receipt survives a reload; the ticket form adds no second "Message" box; KB links
 * open demo pages that exist; Chinese renders with a real font.
 */
import type { AgentSocket } from '../integration/harness';
import { callOk } from '../integration/harness';
import {
  chatPanel,
  composer,
  newContext,
  openWidget,
  poll,
  screenshot,
  sendShopperMessage,
  shopperConversationId,
  shopperRows,
  useE2e,
  transcript,
  watchPageErrors,
  widgetHost,
} from './e2e-harness';

const env = useE2e({ timeoutMs: 60_000 });
let agentSocket: AgentSocket;
beforeAll(async () => {
  agentSocket = await env.server.agent(await env.server.createAgent({ name: 'Mina Park' }));
});

test('the ⋯ menu shows its items in a readable colour, and Escape closes the menu before the panel', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(env.shop.url);
  await openWidget(page);
  // Talking to a person is one tap away in the header (issue 11), not in the menu.
  await chatPanel(page).locator('.head').getByRole('button', { name: 'Talk to a person' }).waitFor();
  await chatPanel(page).getByRole('button', { name: 'More options' }).click();
  const items = ['My requests', 'Leave a message', 'Turn sound off'].map((name) => chatPanel(page).getByRole('button', { name }));
  for (const item of items) {
    await item.waitFor();
    const { color, background } = await item.evaluate((el) => {
      // The colour a shopper sees against: the first ancestor with a painted background.
      let bg = 'rgba(0, 0, 0, 0)';
      for (let n: Element | null = el; n && bg === 'rgba(0, 0, 0, 0)'; n = n.parentElement) bg = getComputedStyle(n).backgroundColor;
      return { color: getComputedStyle(el).color, background: bg };
    });
    expect(color).not.toBe(background);
    expect(color).toBe('rgb(27, 27, 27)');
  }
  await screenshot(page, 'widget-menu.png');

  await page.keyboard.press('Escape');
  await poll(() => items[0]!.count(), (n) => expect(n).toBe(0));
  expect(await chatPanel(page).isVisible()).toBe(true);
  await page.keyboard.press('Escape');
  await chatPanel(page).waitFor({ state: 'hidden' });
  expect(errors).toEqual([]);
  await context.close();
});

test('the bot is called by the KB’s name from the greeting on, in English and in Chinese', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  await page.goto(env.shop.url);
  await openWidget(page);
  await poll(() => transcript(page).locator('.row').first().innerText(), (t) => expect(t).toMatch(/^Maple\s+Hi, I'm Maple/));
  await sendShopperMessage(page, 'where is my order?');
  await poll(() => transcript(page).innerText(), (t) => expect(t).toContain('tracking number'));
  expect(await transcript(page).innerText()).not.toContain('Assistant');
  await context.close();

  const zh = await newContext(env.browser, { locale: 'zh-CN' });
  const zhPage = await zh.newPage();
  await zhPage.goto(env.shop.url);
  await widgetHost(zhPage).getByRole('button', { name: '打开聊天' }).click();
  await poll(() => transcript(zhPage).locator('.row').first().innerText(), (t) => expect(t).toMatch(/^小枫\s+您好，我是/));
  expect(await transcript(zhPage).innerText()).not.toContain('智能助手\n');
  await zh.close();
});

test('a read receipt stays “Read” after a reload', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  await page.goto(env.shop.url);
  await openWidget(page);
  await sendShopperMessage(page, 'talk to a human');
  await transcript(page).getByText('Waiting for an agent to join…').waitFor();
  const conversationId = (await shopperConversationId(page))!;
  await callOk(agentSocket, 'conversation:take', { conversationId });
  await sendShopperMessage(page, 'my order is 10023');
  await shopperRows(page, 'my order is 10023').getByText('Delivered').waitFor();
  const conv = await env.server.store.conversations.get(conversationId);
  await callOk(agentSocket, 'read:mark', { conversationId, upToSeq: conv!.lastSeq });
  await shopperRows(page, 'my order is 10023').getByText('Read').waitFor();

  await page.reload();
  await chatPanel(page).waitFor({ state: 'visible' });
  await shopperRows(page, 'my order is 10023').waitFor();
  await shopperRows(page, 'my order is 10023').getByText('Read').waitFor();
  expect(await shopperRows(page, 'my order is 10023').getByText('Delivered').count()).toBe(0);
  await callOk(agentSocket, 'conversation:close', { conversationId, resolution: 'resolved' });
  await context.close();
});

test('the leave-a-message form adds no second text box named “Message”', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  await page.goto(env.shop.url);
  await openWidget(page);
  await chatPanel(page).getByRole('button', { name: 'More options' }).click();
  await chatPanel(page).getByRole('button', { name: 'Leave a message' }).click();
  await chatPanel(page).getByRole('button', { name: 'Send message' }).waitFor();
  expect(await chatPanel(page).getByRole('textbox', { name: 'Message' }).count()).toBe(1);
  const names = await chatPanel(page)
    .getByRole('textbox')
    .evaluateAll((els) => els.map((el) => (el as HTMLElement).getAttribute('aria-label') ?? el.closest('label')?.textContent ?? ''));
  expect(new Set(names.map((n) => n.trim().toLowerCase())).size).toBe(names.length);
  await composer(page).fill('still works');
  await context.close();
});

test('KB links in answers and chips open demo pages that exist', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  await page.goto(`${env.server.url}/demo`);
  await openWidget(page);
  await sendShopperMessage(page, 'where is my order?');
  const link = chatPanel(page).getByRole('link', { name: 'My Orders' }).first();
  await link.waitFor();
  const href = await link.evaluate((a) => (a as HTMLAnchorElement).href);
  expect(href).toBe(`${env.server.url}/demo/orders`);
  const res = await page.request.get(href);
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain('<h1');
  await context.close();
});

test('Chinese text renders with a CJK font, not the fallback box', async () => {
  const context = await newContext(env.browser, { locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(env.shop.url);
  await widgetHost(page).getByRole('button', { name: '打开聊天' }).click();
  const panel = page.getByRole('dialog', { name: '在线客服' });
  await panel.waitFor();
  // Width of each character in the panel's own font: without a CJK font every ideograph draws as the same
  // .notdef box as an unassigned code point.
  const widths = await panel.evaluate((el) => {
    const font = getComputedStyle(el).font;
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = font;
    const w = (s: string) => ctx.measureText(s).width;
    return { zhong: w('中'), feng: w('枫'), missing: w('\u0378'), latin: w('i') };
  });
  expect(widths.zhong).toBeGreaterThan(0);
  expect(widths.zhong).not.toBe(widths.missing);
  expect(widths.feng).not.toBe(widths.missing);
  // An ideograph is about one em wide, far wider than a narrow Latin letter.
  expect(widths.zhong).toBeGreaterThan(widths.latin * 2);
  await screenshot(page, 'widget-zh-font.png');
  await context.close();
});

describe('a shop whose origin is not in WIDGET_ORIGINS', () => {
  const wrong = useE2e({ env: { WIDGET_ORIGINS: 'https://some-other-shop.example' } });

  test('the widget says it cannot connect instead of “Sending” forever and “replies instantly”', async () => {
    const context = await newContext(wrong.browser);
    const page = await context.newPage();
    await page.goto(wrong.shop.url);
    await openWidget(page);
    await sendShopperMessage(page, 'hello?');
    const panel = chatPanel(page);
    await panel.getByRole('status').filter({ hasText: 'can’t connect' }).waitFor();
    expect(await panel.innerText()).not.toContain('Our assistant replies instantly');
    await shopperRows(page, 'hello?').getByText('Not sent yet').waitFor();
    expect(await shopperRows(page, 'hello?').getByText('Sending').count()).toBe(0);
    await screenshot(page, 'widget-cannot-connect.png');
    await context.close();
  });
});
