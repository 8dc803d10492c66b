/**
 * What widget.js does on every page, end to end on a cross-origin shop under a strict CSP: the launcher drawn
 * from the tag's data-* options and window.parleySettings (which wins, and whose invalid values fall back), the
 * brand colour with readable text, hide-launcher, the pre-load stub's queued calls replayed (open, identify,
 * setLocale, on), an unsubscribe made before the chat loaded, the events delivered, and one launcher for two
 * copies of the snippet. The shop's settings.js (run before the tag) reads its options from the page's URL.
 */
import { chatPanel, launcher, newContext, poll, useE2e, watchPageErrors, watchSocketIo, widgetHost } from './e2e-harness';
import type { Page } from 'playwright-core';

/** settings.js: `?s=<json>` sets window.parleySettings; `?stub` runs the documented pre-load stub and queues calls. */
const SETTINGS_JS = `(function (w) {
  var q = new URLSearchParams(location.search);
  if (q.has('s')) w.parleySettings = JSON.parse(q.get('s'));
  if (!q.has('stub')) return;
  var p = w.Parley = w.Parley || { q: [] };
  ['open', 'close', 'toggle', 'identify', 'setLocale', 'on'].forEach(function (m) {
    p[m] = p[m] || function () { p.q.push([m].concat([].slice.call(arguments))); };
  });
  w.seen = [];
  var record = function (name) { return function (payload) { w.seen.push(payload && payload.sender ? name + ':' + payload.sender : name); }; };
  p.on('open', record('open'));
  p.on('message', record('message'));
  p.on('close', record('close'));
  p.identify({ id: 'customer-42', name: 'Mei Chen' });
  p.setLocale('zh-CN');
  p.q.push(['nonsense', 'ignored'], ['toString']);
  p.open();
})(window);`;

const env = useE2e({
  timeoutMs: 60_000,
  shop: { settings: SETTINGS_JS, attrs: 'data-position="left" data-color="#FD0" data-launcher-text="Help" data-z-index="50"' },
});

/** The computed value of `prop` on the launcher inside the widget's shadow root. */
const launcherStyle = (page: Page, prop: string): Promise<string> =>
  widgetHost(page).locator('.pl-l').evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);

const withSettings = (settings: object): string => `${env.shop.url}?s=${encodeURIComponent(JSON.stringify(settings))}`;

test('the launcher follows the tag options, parleySettings wins and falls back per option, and nothing connects before the shopper acts', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const sockets = watchSocketIo(page);

  await page.goto(env.shop.url);
  const button = launcher(page);
  await button.waitFor();
  // data-position="left", data-color="#FD0" (light: black text), data-launcher-text, data-z-index.
  expect((await button.boundingBox())!.x).toBeLessThan(100);
  expect(await launcherStyle(page, 'background-color')).toBe('rgb(255, 221, 0)');
  expect(await launcherStyle(page, 'color')).toBe('rgb(0, 0, 0)');
  expect(await launcherStyle(page, 'z-index')).toBe('50');
  expect(await button.innerText()).toBe('Help');
  expect(await button.getAttribute('aria-label')).toBe('Open chat');

  // parleySettings overrides the tag option by option; its invalid values fall back to the tag's.
  await page.goto(withSettings({ position: 'right', primaryColor: '#123', zIndex: 'high', launcherText: '  Ask us  ' }));
  await button.waitFor();
  expect((await button.boundingBox())!.x).toBeGreaterThan(1000);
  expect(await launcherStyle(page, 'background-color')).toBe('rgb(17, 34, 51)');
  expect(await launcherStyle(page, 'color')).toBe('rgb(255, 255, 255)');
  expect(await launcherStyle(page, 'z-index')).toBe('50');
  expect(await button.innerText()).toBe('Ask us');
  expect(sockets).toEqual([]);

  // hideLauncher: no bubble, and the shop's own button opens the chat through the API. A listener added and
  // removed before the chat loaded hears nothing; one kept hears the open.
  await page.goto(withSettings({ hideLauncher: true, locale: 'zh' }));
  await page.waitForFunction(() => typeof (window as unknown as { Parley?: { open?: unknown } }).Parley?.open === 'function');
  expect(await widgetHost(page).locator('.pl-l').isHidden()).toBe(true);
  expect(sockets).toEqual([]);
  await page.evaluate(() => {
    const w = window as unknown as { Parley: { open(): void; on(n: string, f: () => void): () => void }; seen: string[] };
    w.seen = [];
    const off = w.Parley.on('open', () => w.seen.push('removed'));
    w.Parley.on('open', () => w.seen.push('kept'));
    off();
    w.Parley.open();
  });
  await page.getByRole('dialog', { name: '在线客服' }).waitFor();
  await poll(() => page.evaluate(() => (window as unknown as { seen: string[] }).seen), (s) => expect(s).toEqual(['kept']));
  expect(errors).toEqual([]);
  await context.close();
});

test('calls queued by the pre-load stub are replayed in order (identify, setLocale, on, open; junk skipped); events reach the page', async () => {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${env.shop.url}?stub`);

  // The queued open() loads the chat and opens it, in the queued locale.
  const panel = page.getByRole('dialog', { name: '在线客服' });
  await panel.waitFor();
  await poll(() => launcher(page, /^(打开|关闭)聊天/).getAttribute('aria-label'), (l) => expect(l).toBe('关闭聊天'));
  const seen = (): Promise<string[]> => page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  await poll(seen, (s) => expect(s).toEqual(['open']));

  const box = panel.getByRole('textbox', { name: '消息' });
  await box.fill('我的订单到哪了');
  await box.press('Enter');
  await poll(seen, (s) => expect(s).toContain('message:bot'));
  // identify() made before the chat loaded reached the server with the shopper's first message.
  const conversationId = await page.evaluate(() => localStorage.getItem('parley:demo:conv'));
  const conversation = await env.server.store.conversations.get(conversationId!);
  expect(conversation?.locale).toBe('zh');
  const visitor = await env.server.store.visitors.get(conversation!.visitorId);
  await poll(async () => (await env.server.store.visitors.get(visitor!.id))?.identity, (i) => expect(i).toMatchObject({ externalId: 'customer-42', name: 'Mei Chen' }));

  // Calls after load go straight through; every on() returns its unsubscribe function.
  await page.evaluate(() => {
    const w = window as unknown as { Parley: { close(): void; on(n: string, f: () => void): () => void }; seen: string[] };
    const off = w.Parley.on('open', () => w.seen.push('open-2'));
    w.Parley.close();
    off();
  });
  await page.evaluate(() => (window as unknown as { Parley: { toggle(): void } }).Parley.toggle());
  await poll(seen, (s) => expect(s.filter((e) => !e.startsWith('message'))).toEqual(['open', 'close', 'open']));
  expect(await chatPanel(page).isVisible()).toBe(true);

  // A second copy of the snippet adds no second launcher and keeps the API.
  await page.addScriptTag({ url: `${env.server.url}/widget.js` });
  await page.waitForTimeout(300);
  expect(await page.locator('parley-widget').count()).toBe(1);
  expect(errors).toEqual([]);
  await context.close();
});
