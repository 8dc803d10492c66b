/**
 * The chat on a network that blocks WebSocket: socket.io falls back to long-polling (over fetch(), see
 * scripts/build.ts `slimSocketIo`), and the shopper still gets the bot's answer. WebSocket is made to fail in the
 * page before the widget loads, as a proxy that refuses the upgrade would.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { chatPanel, newContext, openWidget, poll, sendShopperMessage, startE2e, watchPageErrors, type E2eEnv } from './e2e-harness';

jest.setTimeout(60_000);

let env: E2eEnv;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  env = await startE2e();
  context = await newContext(env.browser);
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await env?.close();
});

test('with WebSocket blocked, the chat connects by long-polling and the bot answers', async () => {
  await page.addInitScript(() => {
    // Fails the way a refused upgrade does: an error, then a close, after the socket was created.
    window.WebSocket = class {
      onerror: ((e: Event) => void) | null = null;
      onclose: ((e: CloseEvent) => void) | null = null;
      constructor() {
        setTimeout(() => {
          this.onerror?.(new Event('error'));
          this.onclose?.(new CloseEvent('close', { code: 1006 }));
        }, 10);
      }
      send(): void {}
      close(): void {}
    } as unknown as typeof WebSocket;
  });
  const polls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('transport=polling')) polls.push(r.method());
  });
  const errors = watchPageErrors(page);
  await page.goto(env.shop.url);
  await openWidget(page);
  await sendShopperMessage(page, 'where is my order?');
  await poll(() => chatPanel(page).innerText(), (t) => expect(t).toContain('tracking number'));
  // Both directions went over polling: GETs bring packets, POSTs send them.
  expect(polls).toEqual(expect.arrayContaining(['GET', 'POST']));
  expect(errors).toEqual([]);
});
