/**
 * Issue 12's "a return is requested with a photo", in real Chromium on the demo shop with the demo order book:
 * the shopper asks to return from order 47731 (ben@example.com, delivered), gives the item and the reason,
 * attaches a photo with the paperclip at the photo question, and gets the return card saying the photo went
 * with it. The agent who takes over sees the photo named in the handoff summary.
 */
import sharp from 'sharp';
import {
  chatPanel,
  inboxItem,
  newContext,
  newShopperPage,
  openConsole,
  openWidget,
  screenshot,
  sendShopperMessage,
  shopperConversationId,
  useE2e,
  transcript,
} from './e2e-harness';

const env = useE2e({ timeoutMs: 90_000 });

test('a return of order 47731 with a photo attached by the paperclip ends in the return card', async () => {
  // Someone is signed in for returns, so "talk to a human" at the end queues the chat for them.
  const agent = await env.server.createAgent({ name: 'Rui Tan', departments: ['general', 'orders', 'returns'] });
  const console_ = await openConsole(env.browser, env.server.url, agent);
  const context = await newContext(env.browser);
  const { page, errors } = await newShopperPage(context, env.shop.url);
  await openWidget(page);
  const panel = chatPanel(page);
  const log = transcript(page);

  await sendShopperMessage(page, 'I want to return something from order 47731');
  await panel.getByRole('button', { name: 'Start a return' }).click();
  await log.getByText('What e-mail address did you use for order 47731?').waitFor();
  await sendShopperMessage(page, 'ben@example.com');
  await log.getByText('Which item would you like to return?').waitFor();
  await panel.getByRole('button', { name: /^Chunky Knit Throw/ }).click();
  await log.getByText('What is the reason for the return?').waitFor();
  await panel.getByRole('button', { name: 'Damaged', exact: true }).click();
  await log.getByText(/Would you like to add a photo/).waitFor();
  expect(await panel.getByRole('button', { name: 'Continue without a photo' }).isVisible()).toBe(true);

  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#d9cbb0' } })
    .composite([{ input: Buffer.from('<svg width="640" height="480"><path d="M260 140 L380 340" stroke="#6b4f2a" stroke-width="14"/></svg>') }])
    .jpeg()
    .toBuffer();
  const chooser = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Attach a photo or PDF' }).click();
  await (await chooser).setFiles({ name: 'pulled-thread.jpg', mimeType: 'image/jpeg', buffer: photo });
  await panel.getByText('✓').waitFor();
  await panel.getByRole('button', { name: 'Send' }).click();

  const card = panel.locator('.bub.card');
  await card.waitFor();
  const text = await card.innerText();
  expect(text).toMatch(/Return RMA-47731-\d+ is open/);
  expect(text).toContain('Your photo is attached to the return.');
  expect(text).toContain('We have your photo with the return');
  expect(await card.getByRole('link', { name: 'Print your return label' }).getAttribute('href')).toMatch(/^https:\/\/shop\.example\/returns\//);
  await panel.locator('.row.me img[alt="pulled-thread.jpg"]').waitFor();
  // Workaround, not the subject here: after these clicks the dialog itself is scrolled (scrollTop ≈ 576, header out
  // of view), as the rating form once did (widget-chat.test.ts). Reported; reset so the picture shows the chat.
  await panel.evaluate((el) => {
    el.scrollTop = 0;
  });
  await screenshot(page, 'return-with-photo.png');

  const conversationId = (await shopperConversationId(page))!;
  const stored = await env.server.store.messages.listSince(conversationId, 0);
  expect(stored.at(-1)?.bot?.card).toMatchObject({ kind: 'return', orderNumber: '47731', photoCount: 1 });

  await sendShopperMessage(page, 'talk to a human');
  await inboxItem(console_.page, conversationId).getByTestId('take-button').click();
  const view = console_.page.locator(`[data-testid="conversation-view"][data-conversation-id="${conversationId}"][data-status="assigned"]`);
  await view.waitFor();
  const action = await view.getByTestId('handoff-action').innerText();
  expect(action).toContain('return.request');
  expect(action).toContain('photo: pulled-thread.jpg');

  expect(errors).toEqual([]);
  expect(console_.errors).toEqual([]);
  await context.close();
  await console_.context.close();
});
