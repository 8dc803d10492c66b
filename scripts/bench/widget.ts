/**
 * The widget part of `npm run bench` (runnable alone: `npx tsx scripts/bench/widget.ts [--json] [--runs N]`):
 * - sizes: the loader, the chat chunk, each catalogue and the console's first load, gzip (9) and brotli (11);
 * - in headless Chromium, on a local shop page served from another origin: time from navigation to the
 *   launcher visible and to the first bot answer (open, ask, answer painted), the same page's load without
 *   the snippet, and main-thread long tasks (PerformanceObserver `longtask`) with and without it.
 * Every run uses a fresh browser context (cold cache); runs are bounded in count; everything listens on
 * 127.0.0.1 and is stopped at the end.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describeBundles, ensureBundles } from '../build';
import { startServer } from '../../tests/integration/harness';
import { summarise } from './stats';

const ROOT = path.resolve(__dirname, '../..');
const QUESTION = 'how long does shipping take';
/** A single step (load, answer) slower than this fails the run instead of hanging the bench. */
const STEP_TIMEOUT_MS = 15_000;

export interface SizeRow {
  file: string;
  gzip: number;
  brotli: number;
}

type Summary = ReturnType<typeof summarise>;

export interface WidgetBenchResult {
  sizes: SizeRow[];
  runs: number;
  /** Page with the snippet. */
  withSnippet: {
    loadEventMs: Summary;
    launcherVisibleMs: Summary;
    /** Navigation start → the bot's answer painted (launcher clicked as soon as visible, question sent when the box shows). */
    firstBotAnswerMs: Summary;
    /** Click on the launcher → the bot's answer painted: chunk + catalogue fetch, mount, connect, ask, answer. */
    clickToAnswerMs: Summary;
    longTasksPerRun: Summary;
    longTaskTotalMs: Summary;
  };
  /** The same page without the snippet. */
  bare: {
    loadEventMs: Summary;
    longTasksPerRun: Summary;
    longTaskTotalMs: Summary;
  };
}

/** Sizes of what the shopper and the agent download, from the build's manifest. */
export async function widgetSizes(): Promise<SizeRow[]> {
  const outDir = path.join(ROOT, 'dist');
  const manifest = await ensureBundles({ outDir });
  const files = await describeBundles(outDir, manifest);
  const measure = (bytes: Buffer) => ({
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  });
  const byFile = new Map(files.map(({ file, bytes }) => [file, measure(bytes)]));
  const row = (label: string, names: (string | null | undefined)[]): SizeRow => {
    const parts = names.filter((n): n is string => typeof n === 'string').map((n) => byFile.get(n)!);
    return { file: label, gzip: parts.reduce((s, p) => s + p.gzip, 0), brotli: parts.reduce((s, p) => s + p.brotli, 0) };
  };
  return [
    row('loader (widget.js)', [manifest.loader]),
    row('chat on open (entry + chunks)', [manifest.chat, ...(manifest.chatChunks?.initial ?? [])]),
    ...Object.entries(manifest.locales).map(([l, f]) => row(`catalogue ${l}`, [f])),
    row('chat on open + zh catalogue', [manifest.chat, ...(manifest.chatChunks?.initial ?? []), manifest.locales.zh]),
    row('console first load (JS + CSS)', [manifest.console, ...(manifest.consoleChunks?.initial ?? []), manifest.consoleCss]),
  ];
}

/** A shop page on its own origin; `/?bare` is the same page without the snippet. */
async function startShop(widgetOrigin: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const snippet = req.url?.includes('bare') ? '' : `<script src="${widgetOrigin()}/widget.js" data-site="demo" async></script>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench Shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Bench Shop</h1>${'<p>Linen Overshirt — $68. Organic cotton, relaxed fit, three colours.</p>'.repeat(40)}
<button>Add to cart</button>${snippet}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // "localhost" vs 127.0.0.1 for Parley: a cross-origin embed, as on a retailer's site.
  return { url: `http://localhost:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Runs before the page's own scripts: collects long tasks, and timestamps (performance.now(), i.e. since
 * navigation start) the frame in which the launcher is first laid out and the first bot answer row appears.
 */
const PROBE = `(() => {
  const w = window;
  w.__bench = { longTasks: [], launcherAt: null, answerAt: null, baseline: null };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__bench.longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  const rows = (root) => root.querySelectorAll('.row:not(.me)').length;
  const tick = () => {
    const root = document.querySelector('parley-widget')?.shadowRoot;
    const b = w.__bench;
    if (root) {
      const button = root.querySelector('.pl-l');
      if (b.launcherAt === null && button && button.getBoundingClientRect().height > 0) b.launcherAt = performance.now();
      if (b.baseline !== null && b.answerAt === null && rows(root) > b.baseline) b.answerAt = performance.now();
    }
    if (b.answerAt === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

interface Probe {
  longTasks: number[];
  launcherAt: number | null;
  answerAt: number | null;
  baseline: number | null;
}

const probe = (page: Page): Promise<Probe> => page.evaluate(() => (window as unknown as { __bench: Probe }).__bench);
const loadEventEnd = (page: Page): Promise<number> =>
  page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);

async function runWithSnippet(browser: Browser, shopUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  try {
    const page = await context.newPage();
    await page.addInitScript(PROBE);
    await page.goto(shopUrl, { waitUntil: 'load' });
    const host = page.locator('parley-widget');
    const button = host.getByRole('button', { name: /^Open chat/ });
    await button.waitFor({ state: 'visible' });
    const clickAt = await page.evaluate(() => performance.now());
    await button.click();
    const box = host.getByRole('dialog').getByRole('textbox', { name: 'Message' });
    await box.waitFor({ state: 'visible' });
    // Count the rows already there (the greeting) so the probe waits for the answer, not the greeting.
    await page.evaluate(() => {
      const root = document.querySelector('parley-widget')!.shadowRoot!;
      (window as unknown as { __bench: Probe }).__bench.baseline = root.querySelectorAll('.row:not(.me)').length;
    });
    await box.fill(QUESTION);
    await box.press('Enter');
    await page.waitForFunction(() => (window as unknown as { __bench: Probe }).__bench.answerAt !== null, undefined, { timeout: STEP_TIMEOUT_MS });
    const p = await probe(page);
    return {
      load: await loadEventEnd(page),
      launcher: p.launcherAt ?? NaN,
      answer: p.answerAt ?? NaN,
      clickToAnswer: (p.answerAt ?? NaN) - clickAt,
      longTasks: p.longTasks,
    };
  } finally {
    await context.close();
  }
}

async function runBare(browser: Browser, shopUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(PROBE);
    await page.goto(`${shopUrl}?bare`, { waitUntil: 'load' });
    // The same settling time the snippet page gets before its launcher is clicked.
    await page.waitForTimeout(200);
    const p = await probe(page);
    return { load: await loadEventEnd(page), longTasks: p.longTasks };
  } finally {
    await context.close();
  }
}

/** Sizes, then `runs` cold page loads with and without the snippet (alternating, so drift hits both). */
export async function benchWidget(opts: { runs?: number } = {}): Promise<WidgetBenchResult> {
  const runs = Math.max(1, Math.min(opts.runs ?? 7, 50));
  const sizes = await widgetSizes();
  let serverUrl = '';
  const shop = await startShop(() => serverUrl);
  const server = await startServer({ WIDGET_ORIGINS: new URL(shop.url).origin, DEPARTMENTS: 'general:auto' });
  serverUrl = server.url;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    // One unmeasured run of each warms the server (KB index, SQLite pages) and Chromium's process pool.
    await runWithSnippet(browser, shop.url);
    await runBare(browser, shop.url);
    const snippet: Awaited<ReturnType<typeof runWithSnippet>>[] = [];
    const bare: Awaited<ReturnType<typeof runBare>>[] = [];
    for (let i = 0; i < runs; i++) {
      snippet.push(await runWithSnippet(browser, shop.url));
      bare.push(await runBare(browser, shop.url));
    }
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    return {
      sizes,
      runs,
      withSnippet: {
        loadEventMs: summarise(snippet.map((r) => r.load)),
        launcherVisibleMs: summarise(snippet.map((r) => r.launcher)),
        firstBotAnswerMs: summarise(snippet.map((r) => r.answer)),
        clickToAnswerMs: summarise(snippet.map((r) => r.clickToAnswer)),
        longTasksPerRun: summarise(snippet.map((r) => r.longTasks.length)),
        longTaskTotalMs: summarise(snippet.map((r) => sum(r.longTasks))),
      },
      bare: {
        loadEventMs: summarise(bare.map((r) => r.load)),
        longTasksPerRun: summarise(bare.map((r) => r.longTasks.length)),
        longTaskTotalMs: summarise(bare.map((r) => sum(r.longTasks))),
      },
    };
  } finally {
    await browser.close();
    await server.close();
    await shop.close();
  }
}

/** The result as a printable table. */
export function formatWidgetBench(r: WidgetBenchResult): string {
  const kb = (n: number) => (n / 1024).toFixed(2).padStart(8);
  const ms = (s: Summary) => `p50 ${s.p50.toFixed(1).padStart(7)}   max ${s.max.toFixed(1).padStart(7)}`;
  return [
    `${'size (KB)'.padEnd(40)}${'gzip'.padStart(8)}${'brotli'.padStart(8)}`,
    ...r.sizes.map((s) => `${s.file.padEnd(40)}${kb(s.gzip)}${kb(s.brotli)}`),
    '',
    `headless Chromium, cold cache, ${r.runs} runs each (ms since navigation start unless noted)`,
    `${'bare page: load event'.padEnd(40)}${ms(r.bare.loadEventMs)}`,
    `${'with snippet: load event'.padEnd(40)}${ms(r.withSnippet.loadEventMs)}`,
    `${'with snippet: launcher visible'.padEnd(40)}${ms(r.withSnippet.launcherVisibleMs)}`,
    `${'with snippet: first bot answer'.padEnd(40)}${ms(r.withSnippet.firstBotAnswerMs)}`,
    `${'click on launcher → bot answer'.padEnd(40)}${ms(r.withSnippet.clickToAnswerMs)}`,
    `${'long tasks per run: bare / snippet'.padEnd(40)}${`${r.bare.longTasksPerRun.p50} / ${r.withSnippet.longTasksPerRun.p50}`.padStart(11)}  (p50; max ${r.bare.longTasksPerRun.max} / ${r.withSnippet.longTasksPerRun.max})`,
    `${'long-task time: bare / snippet'.padEnd(40)}${`${r.bare.longTaskTotalMs.p50} / ${r.withSnippet.longTaskTotalMs.p50}`.padStart(11)}  ms (p50; max ${r.bare.longTaskTotalMs.max} / ${r.withSnippet.longTaskTotalMs.max})`,
  ].join('\n');
}

if (require.main === module) {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : undefined;
  benchWidget({ runs: Number.isFinite(runs) ? runs : undefined })
    .then((r) => process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(r)}\n` : `${formatWidgetBench(r)}\n`))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
