/**
 * Browser-test fixtures: a real Parley server, a retailer's shop page on another origin under a strict
 * CSP (script-src and connect-src: the shop and the widget's origin only; style-src 'self', no inline
 * styles), and Debian's Chromium driven by playwright-core.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type TestServer } from '../integration/harness';
export { waitingShopper } from '../integration/harness';

export const ARTIFACTS = path.join(__dirname, 'artifacts');

export interface ShopSite {
  url: string;
  close(): Promise<void>;
}

/** A shop page with the real snippet, served with a strict CSP from its own origin. */
export async function startShop(widgetOrigin: () => string, opts: { settings?: string; attrs?: string } = {}): Promise<ShopSite> {
  const server = http.createServer((req, res) => {
    const origin = widgetOrigin();
    const ws = origin.replace(/^http/, 'ws');
    if (req.url === '/settings.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(opts.settings ?? '');
      return;
    }
    if (req.url === '/shop.css') {
      // Hostile host styles: they must not leak into the widget's shadow root.
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end('body{font-family:serif;margin:0;padding:24px} button{all:unset} *{box-sizing:content-box;color:red}');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': [
        "default-src 'self'",
        `script-src 'self' ${origin}`,
        `connect-src 'self' ${origin} ${ws}`,
        `img-src 'self' data: ${origin}`,
        // No 'unsafe-inline': the widget styles its shadow root with constructed stylesheets, which this allows.
        "style-src 'self'",
      ].join('; '),
    });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Test Shop</title>
<link rel="stylesheet" href="/shop.css">
<script src="/settings.js"></script></head>
<body><h1>Test Shop</h1><p>Linen Overshirt — $68</p><button id="shop-buy">Add to cart</button>
<script src="${origin}/widget.js" data-site="demo" ${opts.attrs ?? ''} async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // "localhost" here vs 127.0.0.1 for Parley: a different origin, as on a real retailer's site.
  const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface E2eEnv {
  server: TestServer;
  shop: ShopSite;
  browser: Browser;
  close(): Promise<void>;
}

/** Parley + a cross-origin shop + a browser. `env` adds server settings; `serverOpts` a KB folder, a clock… */
export async function startE2e(
  env: Record<string, string> = {},
  shopOpts: Parameters<typeof startShop>[1] = {},
  serverOpts: Parameters<typeof startServer>[1] = {},
): Promise<E2eEnv> {
  let serverUrl = '';
  const shop = await startShop(() => serverUrl, shopOpts);
  const server = await startServer({ WIDGET_ORIGINS: new URL(shop.url).origin, ...env }, serverOpts);
  serverUrl = server.url;
  const browser = await launchBrowser();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    server,
    shop,
    browser,
    async close() {
      await browser.close();
      await shop.close();
      await server.close();
    },
  };
}

export interface UseE2eOptions {
  /** The file's per-test (and hook) limit; jest's is one per file, so a second, nested call leaves it out. */
  timeoutMs?: number;
  /** Server settings, as for startE2e. */
  env?: Record<string, string>;
  shop?: Parameters<typeof startShop>[1];
}

/** What a test file reaches through useE2e(): valid from its first beforeAll on, until its afterAll. */
export type E2e = Readonly<Pick<E2eEnv, 'server' | 'shop' | 'browser'>>;

/**
 * Starts one e2e environment for the enclosing file or describe block (beforeAll) and closes it (afterAll);
 * closing the server also disconnects the sockets its agent()/shopper() opened. Jest runs hooks in the order
 * they are declared: a file's own beforeAll after this call sees a started environment, and its own afterAll
 * runs once the environment (browser included) has closed, too late to close a browser context.
 */
export function useE2e(opts: UseE2eOptions = {}): E2e {
  if (opts.timeoutMs !== undefined) jest.setTimeout(opts.timeoutMs);
  let started: E2eEnv | undefined;
  beforeAll(async () => {
    started = await startE2e(opts.env, opts.shop);
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  // A clear error instead of "cannot read properties of undefined" when used outside the hooks' lifetime.
  const get = (): E2eEnv => {
    if (!started) throw new Error('useE2e(): the environment is not running (used before beforeAll, after afterAll, or start failed)');
    return started;
  };
  return {
    get server() {
      return get().server;
    },
    get shop() {
      return get().shop;
    },
    get browser() {
      return get().browser;
    },
  };
}

/** Collects console errors and CSP violations, so a test can assert there were none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // The location names the resource for "Failed to load resource" errors, which carry no URL in their text.
    // Chromium's own /favicon.ico probe is not the app's error (the console page declares no icon: reported).
    if (msg.type() === 'error' && !msg.location().url.endsWith('/favicon.ico')) errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  return errors;
}

export async function newShopperPage(context: BrowserContext, shopUrl: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(shopUrl);
  return { page, errors };
}

/** The desktop viewport every shopper and agent context uses unless a test needs another. */
export const DESKTOP = { width: 1280, height: 800 } as const;

/** A phone: 375×667 CSS pixels, touch, the mobile meta-viewport honoured. */
export const PHONE = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;

/** Locator and action time limit: a flow step that takes longer than this is a failure, not a slow pass. */
export const STEP_TIMEOUT_MS = 10_000;

/** A new browser context (one per actor) with the step time limit; desktop unless `opts` says otherwise. */
export async function newContext(browser: Browser, opts: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: DESKTOP, ...opts });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  return context;
}

/** The widget's shadow host on a shop page (role/text/CSS locators pierce its open shadow root). */
export const widgetHost = (page: Page) => page.locator('parley-widget');

/** The chat panel, by its role: a modal dialog. The shop page has no other dialog. */
export const chatPanel = (page: Page) => page.getByRole('dialog');

/**
 * The launcher, by its accessible name (`Open chat` / `Close chat` in English, maybe with an unread count;
 * pass `name` for another locale) and its aria-expanded state: the panel's own close button is also called
 * "Close chat" but is not a disclosure, so it has no aria-expanded.
 */
export const launcher = (page: Page, name: RegExp = /^(Open|Close) chat/) =>
  widgetHost(page).getByRole('button', { name, expanded: false }).or(widgetHost(page).getByRole('button', { name, expanded: true }));

/** The shopper's message box, by its accessible name. */
export const composer = (page: Page) => chatPanel(page).getByRole('textbox', { name: 'Message' });

/** Clicks the launcher and waits for the panel to show. */
export async function openWidget(page: Page): Promise<void> {
  await widgetHost(page).getByRole('button', { name: /^Open chat/, expanded: false }).click();
  await chatPanel(page).waitFor({ state: 'visible' });
}

/** Types a message into the widget and sends it with Enter, as a shopper does. */
export async function sendShopperMessage(page: Page, text: string): Promise<void> {
  const box = composer(page);
  await box.fill(text);
  await box.press('Enter');
}

/** The transcript inside the panel (greeting, messages, notices, chips, cards). */
export const transcript = (page: Page) => chatPanel(page).locator('.log');

/** The panel's bubble rows (`.row`) that contain `text`. */
export const messageRows = (page: Page, text: string | RegExp) => chatPanel(page).locator('.row', { hasText: text });

/** The shopper's own bubble rows (`.row.me`) that contain `text`. */
export const shopperRows = (page: Page, text: string | RegExp) => chatPanel(page).locator('.row.me', { hasText: text });

/**
 * Records every Socket.IO request and WebSocket the page opens (`/socket.io/` in the URL), so a test can
 * assert that nothing connects before the shopper interacts.
 */
export function watchSocketIo(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (req) => {
    if (req.url().includes('/socket.io')) urls.push(req.url());
  });
  page.on('websocket', (ws) => {
    if (ws.url().includes('/socket.io')) urls.push(ws.url());
  });
  return urls;
}

/** Every text frame the page's WebSockets send or receive, to assert what never reached a browser. */
export function watchSocketFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => frames.push(String(f.payload)));
    ws.on('framesent', (f) => frames.push(String(f.payload)));
  });
  return frames;
}

/** The shopper's open conversation id, as the widget keeps it in the shop origin's localStorage. */
export async function shopperConversationId(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('parley:demo:conv'));
}

export interface ConsoleSession {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A fresh browser context at `<parley>/console`, signed in as `agent`, showing the inbox. */
export async function openConsole(browser: Browser, serverUrl: string, agent: { email: string; password: string }): Promise<ConsoleSession> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${serverUrl}/console`);
  await signInConsole(page, agent.email, agent.password);
  await page.getByTestId('tab-waiting').waitFor();
  return { context, page, errors };
}

/** Fills and submits the console's sign-in form. */
export async function signInConsole(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** A console inbox row for one conversation. */
export const inboxItem = (page: Page, conversationId: string) =>
  page.locator(`[data-testid="inbox-item"][data-conversation-id="${conversationId}"]`);

/** Writes a screenshot to tests/e2e/artifacts/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
}

/**
 * Retries `read` until `check` (jest expectations) passes, then returns the value; on timeout rethrows the
 * last assertion error, so a failure reads like any other expect(). Jest has no expect.poll.
 */
export async function poll<T>(read: () => T | Promise<T>, check: (value: T) => void, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
