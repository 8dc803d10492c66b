/**
 * Issue "one script tag, featherweight, isolated": the real snippet on a cross-origin shop page under a
 * strict CSP shows the launcher without errors, opens no connection before the shopper acts, and keeps
 * the host page's hostile CSS out; on a phone the open panel fills the screen without zoom-on-focus.
 */
import {
  PHONE,
  newContext,
  chatPanel,
  composer,
  launcher,
  openWidget,
  poll,
  screenshot,
  sendShopperMessage,
  useE2e,
  watchPageErrors,
  watchSocketIo,
  widgetHost,
} from './e2e-harness';
import type { Page } from 'playwright-core';

const env = useE2e({ timeoutMs: 60_000 });

/** The computed value of `prop` on the first element matching `selector` inside the widget's shadow root. */
function shadowStyle(page: Page, selector: string, prop: string): Promise<string> {
  return widgetHost(page).locator(selector).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);
}

test('the snippet on a cross-origin shop under a strict CSP shows the launcher, connects only on interaction, and keeps host CSS out', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const sockets = watchSocketIo(page);
  await page.goto(env.shop.url);
  expect(new URL(env.shop.url).origin).not.toBe(new URL(env.server.url).origin);

  await launcher(page).waitFor({ state: 'visible' });
  expect(await launcher(page).getAttribute('aria-label')).toBe('Open chat');
  expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
  // The loader preloads the chat chunk and its catalogue when the page goes idle: wait for that, so
  // "no socket before interaction" is checked after the loader has done everything it does on its own.
  await poll(
    () => page.evaluate(() => document.querySelector('parley-widget')?.shadowRoot?.querySelectorAll('link[rel=modulepreload]').length ?? 0),
    (n) => expect(n).toBe(2),
  );
  expect(sockets).toEqual([]);
  // The only global is window.Parley.
  expect(await page.evaluate(() => typeof (window as unknown as { Parley?: { open?: unknown } }).Parley?.open)).toBe('function');

  // The host page sets *{color:red} and a serif body font: neither reaches the shadow root.
  expect(await shadowStyle(page, '.pl-l', 'color')).not.toBe('rgb(255, 0, 0)');
  // The widget's own styles do apply under style-src 'self' (constructed stylesheets): the launcher is the
  // default brand blue and 56px tall, despite the host's `button{all:unset}`.
  expect(await shadowStyle(page, '.pl-l', 'background-color')).toBe('rgb(31, 95, 191)');
  expect((await launcher(page).boundingBox())?.height).toBe(56);
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe('rgb(255, 0, 0)'); // the hostile rule is live

  const opensBefore = (await env.server.store.analytics.counts(0, Date.now() + 60_000))['widget.opened'] ?? 0;
  await openWidget(page);
  await poll(() => sockets.length, (n) => expect(n).toBeGreaterThan(0));
  // The shopper's opening reaches the dashboard's widget figures (a beacon, through the shop's CSP).
  await poll(
    async () => (await env.server.store.analytics.counts(0, Date.now() + 60_000))['widget.opened'] ?? 0,
    (n) => expect(n).toBe(opensBefore + 1),
  );
  // Text inside the panel: neither red nor the host's serif font.
  const panelColour = await shadowStyle(page, '.panel', 'color');
  const greetingColour = await shadowStyle(page, '.bub', 'color');
  const greetingFont = await shadowStyle(page, '.bub', 'font-family');
  expect(panelColour).not.toBe('rgb(255, 0, 0)');
  expect(greetingColour).not.toBe('rgb(255, 0, 0)');
  expect(greetingFont).not.toMatch(/^serif$/);
  expect(await shadowStyle(page, 'textarea', 'box-sizing')).toBe('border-box');
  expect(await chatPanel(page).boundingBox()).toMatchObject({ width: 380 });

  // The panel is a real conversation on the wire: a KB answer arrives through the shop's CSP.
  await sendShopperMessage(page, 'where is my order?');
  await poll(() => chatPanel(page).innerText(), (t) => expect(t).toContain('My Orders'));
  await screenshot(page, 'widget-desktop.png');
  expect(errors).toEqual([]);
  await context.close();
});

test('on a phone the open panel fills the viewport and its inputs are at least 16px (no zoom on focus)', async () => {
  const context = await newContext(env.browser, PHONE);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(env.shop.url);
  await widgetHost(page).getByRole('button', { name: 'Open chat' }).tap();
  await chatPanel(page).waitFor({ state: 'visible' });
  await poll(() => chatPanel(page).boundingBox(), (box) => expect(box).toEqual({ x: 0, y: 0, width: 375, height: 667 }));

  await composer(page).tap();
  const fontSize = await composer(page).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(16);
  // Focusing the input must not have zoomed or scrolled the page.
  expect(await page.evaluate(() => window.visualViewport?.scale)).toBe(1);

  await sendShopperMessage(page, 'where is my order?');
  await poll(() => chatPanel(page).innerText(), (t) => expect(t).toContain('My Orders'));
  // The panel still fills the screen once the transcript has content, and nothing sticks out sideways.
  expect(await chatPanel(page).boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 667 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await screenshot(page, 'widget-mobile.png');
  expect(errors).toEqual([]);
  await context.close();
});

test('opening the chat fetches its parts chunk at once: the paperclip, the menu and the first answer’s markdown need no wait of their own', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const parts: string[] = [];
  page.on('request', (r) => {
    if (/\/assets\/chat-chunk\.[^/]+\.js$/.test(r.url())) parts.push(r.url());
  });
  await page.goto(env.shop.url);
  await launcher(page).waitFor({ state: 'visible' });
  expect(parts).toEqual([]); // the loader's own preload is the chat chunk, not its parts
  await openWidget(page);
  const panel = chatPanel(page);
  // Before the shopper does anything: the chunk is requested once, and what it holds is on screen.
  await panel.getByRole('button', { name: 'Attach a photo or PDF' }).waitFor();
  expect(parts).toHaveLength(1);
  await panel.getByRole('button', { name: 'More options' }).click();
  await panel.getByRole('button', { name: 'Leave a message' }).waitFor();
  await page.keyboard.press('Escape');
  // The first answer: markdown (a bold link), not its source text.
  await sendShopperMessage(page, 'where is my order?');
  await panel.getByRole('link', { name: 'My Orders' }).first().waitFor();
  expect(await panel.innerText()).not.toContain('](/demo/orders)');
  expect(parts).toHaveLength(1);
  expect(errors).toEqual([]);
  await context.close();
});

test('opening does not wait for the parts chunk; the API’s events, held until it arrives, reach listeners added before', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  // The parts chunk (which installs the rest of window.Parley) is held back until the test lets it through.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = 0;
  await page.route(/\/assets\/chat-chunk\.[^/]+\.js$/, async (route) => {
    held++;
    await released;
    await route.continue();
  });
  await page.goto(env.shop.url);
  await launcher(page).waitFor({ state: 'visible' });
  await page.evaluate(() => {
    const w = window as unknown as { Parley: { on(n: string, f: () => void): () => void }; seen: string[] };
    w.seen = [];
    w.Parley.on('open', () => w.seen.push('open'));
    w.Parley.on('close', () => w.seen.push('close'));
  });
  await openWidget(page);
  await poll(() => held, (n) => expect(n).toBe(1));
  // Parley.close() and the launcher work at once too; none of the three events is lost, nor their order.
  await page.evaluate(() => (window as unknown as { Parley: { close(): void } }).Parley.close());
  await chatPanel(page).waitFor({ state: 'hidden' });
  await launcher(page).click();
  await chatPanel(page).waitFor({ state: 'visible' });
  release();
  await poll(() => page.evaluate(() => (window as unknown as { seen: string[] }).seen), (s) => expect(s).toEqual(['open', 'close', 'open']));
  await chatPanel(page).getByRole('button', { name: 'Attach a photo or PDF' }).waitFor();
  expect(errors).toEqual([]);
  await context.close();
});
