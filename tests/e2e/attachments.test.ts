/**
 * Attachments in real Chromium (issue 11): a shopper with a damaged item is asked for a photo, attaches one,
 * sees it as a thumbnail in the widget; the agent takes the chat and opens the photo full size in the console.
 * A file that is not a photo, named like one, is refused with the reason. The shop page has a strict CSP.
 */
import sharp from 'sharp';
import {
  chatPanel,
  newContext,
  openConsole,
  openWidget,
  poll,
  screenshot,
  sendShopperMessage,
  shopperConversationId,
  useE2e,
  inboxItem,
  watchPageErrors,
} from './e2e-harness';

const env = useE2e({ timeoutMs: 90_000 });

test('a damaged item: the photo is attached, thumbnailed in the widget and opened by the agent in the console', async () => {
  const agent = await env.server.createAgent({ name: 'Ana Ruiz' });
  const console_ = await openConsole(env.browser, env.server.url, agent);
  const shopperContext = await newContext(env.browser);
  const page = await shopperContext.newPage();
  const errors = watchPageErrors(page);
  await page.goto(env.shop.url);
  await openWidget(page);
  const panel = chatPanel(page);

  await sendShopperMessage(page, 'my item arrived damaged');
  await panel.locator('.log').getByText('Could you attach a photo of the damage?').waitFor();
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#b5651d' } })
    .composite([{ input: Buffer.from('<svg width="640" height="480"><rect x="200" y="150" width="240" height="180" fill="#222"/></svg>') }])
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam' } })
    .toBuffer();
  const chooser = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: /Attach a photo$/ }).click();
  await (await chooser).setFiles({ name: 'damage.jpg', mimeType: 'image/jpeg', buffer: photo });
  await panel.getByText('✓').waitFor();
  await panel.getByRole('button', { name: 'Send' }).click();

  const thumb = panel.locator('.row.me img[alt="damage.jpg"]');
  await thumb.waitFor();
  await poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth), (w) => expect(w).toBe(320));
  await screenshot(page, 'widget-attachment.png');

  // The photo completed the hand-off: the chat waits for an agent, who takes it.
  const conversationId = (await shopperConversationId(page))!;
  await poll(() => env.server.store.conversations.get(conversationId), (c) => expect(c?.status).toBe('waiting'));
  await inboxItem(console_.page, conversationId).getByTestId('take-button').click();
  const view = console_.page.locator(`[data-testid="conversation-view"][data-conversation-id="${conversationId}"][data-status="assigned"]`);
  await view.waitFor();
  await view.getByRole('button', { name: 'Open damage.jpg' }).click();
  const full = console_.page.getByRole('dialog', { name: 'damage.jpg' }).locator('img');
  await full.waitFor();
  await poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth), (w) => expect(w).toBe(640));
  await screenshot(console_.page, 'console-attachment.png');
  await console_.page.getByRole('dialog', { name: 'damage.jpg' }).getByRole('button', { name: 'Close', exact: true }).click();
  await console_.page.getByRole('dialog', { name: 'damage.jpg' }).waitFor({ state: 'detached' });

  // What the agent opened has no camera metadata.
  const [ref] = (await env.server.store.messages.listSince(conversationId, 0)).flatMap((m) => m.attachments);
  const stored = await env.server.blobs.get(ref!.blobId);
  expect((await sharp(stored!).metadata()).exif).toBeUndefined();
  expect(errors).toEqual([]);
  expect(console_.errors).toEqual([]);
  await shopperContext.close();
  await console_.context.close();
});

test('a program named like a photo is refused with the reason, and nothing is sent', async () => {
  const shopperContext = await newContext(env.browser);
  const page = await shopperContext.newPage();
  await page.goto(env.shop.url);
  await openWidget(page);
  const panel = chatPanel(page);
  await sendShopperMessage(page, 'hello');
  await panel.locator('.row:not(.me)').nth(1).waitFor();

  const chooser = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Attach a photo or PDF' }).click();
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(4000, 0x41)]);
  await (await chooser).setFiles({ name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: exe });
  await panel.getByRole('alert').filter({ hasText: 'This file type can’t be sent' }).waitFor();
  await screenshot(page, 'widget-attachment-refused.png');
  expect(await panel.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
  await panel.getByRole('button', { name: 'Remove file' }).click();
  await panel.getByRole('alert').waitFor({ state: 'detached' });
  await shopperContext.close();
});
