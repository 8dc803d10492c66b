/**
 * The chat on a network that blocks WebSocket: socket.io falls back to long-polling (over fetch(), see
 * scripts/build.ts `slimSocketIo`), and the shopper still gets the bot's answer. WebSocket is made to fail in the
 * page before the widget loads, as a proxy that refuses the upgrade would.
 */
import { chatPanel, newContext, openWidget, poll, sendShopperMessage, useE2e, watchPageErrors } from './e2e-harness';

const env = useE2e({ timeoutMs: 60_000 });

test('with WebSocket blocked, the chat connects by long-polling and the bot answers', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
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
  await context.close();
});
