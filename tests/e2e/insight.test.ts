/**
 * Issue 14, the insight screens in a real browser against a store seeded with two weeks of history (the
 * seed module `npm run seed` uses): the dashboard draws its charts from the report, the filters change the
 * figures, a table exports as CSV; a supervisor scores a sampled chat and its agent reads the review; the
 * widget's NPS question sends its score with the rating.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import type { MetricsReport, QaSampleItem } from '../../shared/metrics';
import type { Agent } from '../../shared/model';
import { seedHistory } from '../../scripts/seed/seed-history';
import { callOk } from '../integration/harness';
import {
  ARTIFACTS,
  chatPanel,
  newContext,
  openWidget,
  poll,
  screenshot,
  sendShopperMessage,
  shopperConversationId,
  useE2e,
  transcript,
  watchPageErrors,
} from './e2e-harness';

const HOUR = 3_600_000;
type Member = Agent & { password: string };
// The drift check runs when the test says (app.checkDrift), not on a timer, and one chat in the hour is enough.
const env = useE2e({ timeoutMs: 90_000, env: { DRIFT_CHECK_MINUTES: '0', DRIFT_MIN_CONTACTS: '1' } });
let lead: Member;
let olivia: Member;
let wei: Member;

beforeAll(async () => {
  lead = await env.server.createAgent({ name: 'Lena Lead', role: 'supervisor', departments: ['general', 'orders', 'returns', 'billing', 'technical'] });
  olivia = await env.server.createAgent({ name: 'Olivia Brooks', role: 'agent', departments: ['orders', 'general'] });
  wei = await env.server.createAgent({ name: 'Wei Zhang', role: 'agent', departments: ['returns', 'billing', 'general'] });
  // The history ends three hours ago: the drift check's two one-hour windows hold only this file's own chat.
  await seedHistory(env.server.store, { conversations: 200, now: Date.now() - 3 * HOUR, agents: [lead, olivia, wei] });
});

const isMetrics = (r: Response): boolean => new URL(r.url()).pathname === '/api/metrics' && r.request().method() === 'GET';

/** Opens the dashboard and returns the report the page was given. */
async function openDashboard(page: Page): Promise<MetricsReport> {
  const answer = page.waitForResponse(isMetrics);
  await page.getByTestId('screen-insight').click();
  const res = await answer;
  expect(res.status()).toBe(200);
  const report = (await res.json()) as MetricsReport;
  await page.getByTestId('insight-cards').waitFor();
  return report;
}

/** Canvas pixels near a series colour: the chart drew its data, not only axes and grid. */
async function pixelsOf(page: Page, chartId: string, rgb: [number, number, number]): Promise<number> {
  return page
    .getByTestId(`chart-${chartId}`)
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement, [r, g, b]) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - r) < 16 && Math.abs(data[i + 1]! - g) < 16 && Math.abs(data[i + 2]! - b) < 16 && data[i + 3]! > 200) n += 1;
      }
      return n;
    }, rgb);
}

const ACCENT: [number, number, number] = [0x2f, 0x5b, 0xea];
const BOT: [number, number, number] = [0x6b, 0x46, 0xc1];
const OK: [number, number, number] = [0x1a, 0x7f, 0x4b];
const WARN: [number, number, number] = [0xb2, 0x5e, 0x00];

const cardValue = (page: Page, id: string) => page.getByTestId(`metric-${id}`).getByTestId('metric-value').innerText();

describe('dashboard', () => {
  test('a supervisor sees the cards with targets and the change, and every chart drawn from the seeded report', async () => {
    const context = await newContext(env.browser, { viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    // Which console scripts carry uPlot (its cursor class name is in its code): only the dashboard's chunk may.
    const scripts: Promise<{ path: string; hasUplot: boolean }>[] = [];
    page.on('response', (r) => {
      const { pathname } = new URL(r.url());
      if (/^\/assets\/console.*\.js$/.test(pathname)) scripts.push(r.text().then((code) => ({ path: pathname, hasUplot: code.includes('u-cursor-pt') })));
    });
    const console_ = await signIn(page, lead);
    // The workspace fetches its other views' chunks when idle (within 2 s): the dashboard's is not among them.
    await page.waitForTimeout(3000);
    expect((await Promise.all(scripts)).filter((s) => s.hasUplot)).toEqual([]);
    const report = await openDashboard(page);
    expect(report.conversations).toBeGreaterThan(100);
    await page.getByTestId('chart-volume').locator('canvas').waitFor();
    expect((await Promise.all(scripts)).filter((s) => s.hasUplot)).toHaveLength(1);

    expect(await cardValue(page, 'conversations')).toBe(String(report.conversations));
    expect(await cardValue(page, 'csat')).toBe(report.csat.average!.toFixed(2));
    expect(await cardValue(page, 'nps')).toBe(String(Math.round(report.nps.score!)));
    // A card with a target says it and whether it is met; the change against the previous period is written out.
    const fcr = page.getByTestId('metric-fcr');
    expect(await fcr.innerText()).toContain('Target ≥ 85%');
    expect(await fcr.innerText()).toMatch(/On target|Off target/);
    expect(await page.getByTestId('metric-conversations').innerText()).toMatch(/vs previous period/);

    for (const id of ['volume', 'split', 'first-response', 'trend', 'sla']) {
      const chart = page.getByTestId(`chart-${id}`);
      await chart.locator('canvas').waitFor();
      expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    }
    expect(await pixelsOf(page, 'volume', ACCENT)).toBeGreaterThan(200);
    expect(await pixelsOf(page, 'split', BOT)).toBeGreaterThan(200);
    expect(await pixelsOf(page, 'first-response', OK)).toBeGreaterThan(200);
    expect(await pixelsOf(page, 'trend', ACCENT)).toBeGreaterThan(20);
    expect(await pixelsOf(page, 'sla', WARN)).toBeGreaterThan(200);

    const agentRows = page.getByTestId('table-agents').locator('tbody tr');
    expect(await agentRows.count()).toBe(report.agents.length);
    // The README's picture of the dashboard (docs/dashboard.png is copied from here): tall enough for all of it.
    await page.setViewportSize({ width: 1400, height: 2000 });
    const end = await poll(() => page.getByTestId('table-agents').boundingBox(), (box) => expect(box!.y + box!.height).toBeLessThan(2000));
    await page.setViewportSize({ width: 1400, height: Math.ceil(end!.y + end!.height + 16) });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png') });
    expect(errors).toEqual([]);
    await console_.close();
  });

  test('the agent and period filters change the figures; a table downloads as CSV with what it shows', async () => {
    const context = await newContext(env.browser, { viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const console_ = await signIn(page, lead);
    const all = await openDashboard(page);

    const filtered = page.waitForResponse((r) => isMetrics(r) && new URL(r.url()).searchParams.get('agent') === olivia.id);
    await page.getByTestId('insight-agent').selectOption(olivia.id);
    const mine = (await (await filtered).json()) as MetricsReport;
    expect(mine.conversations).toBeLessThan(all.conversations);
    await poll(() => cardValue(page, 'conversations'), (v) => expect(v).toBe(String(mine.conversations)));
    await poll(() => page.getByTestId('table-agents').locator('tbody tr').allInnerTexts(), (rows) => {
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('Olivia Brooks');
    });

    const oneDay = page.waitForResponse((r) => isMetrics(r) && Number(new URL(r.url()).searchParams.get('to')) - Number(new URL(r.url()).searchParams.get('from')) === 86_400_000);
    await page.getByTestId('insight-period').selectOption('1');
    const day = (await (await oneDay).json()) as MetricsReport;
    expect(day.conversations).toBeLessThan(mine.conversations);
    await poll(() => cardValue(page, 'conversations'), (v) => expect(v).toBe(String(day.conversations)));

    await page.getByTestId('insight-agent').selectOption('');
    await page.getByTestId('insight-period').selectOption('14');
    await poll(() => page.getByTestId('table-agents').locator('tbody tr').count(), (n) => expect(n).toBeGreaterThan(1));
    const download = page.waitForEvent('download');
    await page.getByTestId('csv-agents').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^parley-agents-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Agent,Chats,Cases,First response (median),Resolution (median),FCR,Within SLA,CSAT,QA score');
    const shown = await page.getByTestId('table-agents').locator('tbody tr').allInnerTexts();
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(shown.map((r) => r.split('\t')[0]));
    expect(errors).toEqual([]);
    await console_.close();
  });
});

describe('quality review', () => {
  test('a supervisor reads a sampled chat and scores the rubric; its agent sees the review and their own figures only', async () => {
    const context = await newContext(env.browser, { viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const console_ = await signIn(page, lead);
    const sampled = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/qa/sample');
    await page.getByTestId('screen-qa').click();
    const items = ((await (await sampled).json()) as { items: QaSampleItem[] }).items;
    const pick = items.find((i) => !i.isReviewed && (i.agentId === olivia.id || i.agentId === wei.id));
    expect(pick).toBeDefined();
    await page.locator(`[data-testid="qa-sample-item"][data-conversation-id="${pick!.conversationId}"]`).click();
    await page.getByTestId('transcript').locator('li').first().waitFor();

    const form = page.getByTestId('qa-form');
    const scores = { greeting: 5, accuracy: 4, tone: 5, resolution: 3, notes: 4 };
    await form.getByRole('button', { name: 'Submit review' }).click();
    await form.getByRole('alert').filter({ hasText: 'Score every line of the rubric.' }).waitFor();
    for (const [criterion, n] of Object.entries(scores)) {
      const group = form.getByRole('group', { name: criterion[0]!.toUpperCase() + criterion.slice(1) });
      // The radio is transparent over its box: a reviewer clicks the box.
      await group.locator('label', { has: page.getByRole('radio', { name: `${n} of 5`, exact: true }) }).click();
      expect(await group.getByRole('radio', { name: `${n} of 5`, exact: true }).isChecked()).toBe(true);
    }
    const comment = 'Warm greeting; check the return window before promising a refund.';
    await page.getByTestId('qa-comment').fill(comment);
    await page.getByTestId('qa-submit').click();
    await page.getByTestId('qa-saved').waitFor();
    await page.getByTestId('qa-reviews').getByText(comment).waitFor();
    expect(errors).toEqual([]);
    await console_.close();

    // The agent whose chat it was: the review with its comment, and the dashboard narrowed to them.
    const owner = pick!.agentId === olivia.id ? olivia : wei;
    const agentPage = await (await newContext(env.browser, { viewport: { width: 1400, height: 900 } })).newPage();
    const agentErrors = watchPageErrors(agentPage);
    const agentConsole = await signIn(agentPage, owner);
    await agentPage.getByTestId('screen-qa').click();
    const card = agentPage.getByTestId('qa-review-item').filter({ hasText: comment });
    await card.waitFor();
    await card.click();
    await agentPage.getByTestId('qa-review-card').filter({ hasText: 'Score 4.2 / 5' }).waitFor();
    await agentPage.getByTestId('transcript').locator('li').first().waitFor();
    const own = await openDashboard(agentPage);
    expect(own.agents.map((a) => a.agentId)).toEqual([owner.id]);
    await expect(agentPage.getByTestId('insight-agent').count()).resolves.toBe(0);
    expect(await agentPage.getByTestId('insight-dashboard').getByRole('heading', { level: 2 }).innerText()).toBe('My figures');
    expect(agentErrors).toEqual([]);
    await agentConsole.close();
  });
});

describe('NPS in the widget, and a drift alert', () => {
  test('after the stars the shopper answers 0–10, and the score is stored with the rating', async () => {
    const agentSocket = await env.server.agent(olivia);
    const shopperContext = await newContext(env.browser);
    const shopper = await shopperContext.newPage();
    const errors = watchPageErrors(shopper);
    await shopper.goto(env.shop.url);
    await openWidget(shopper);
    await sendShopperMessage(shopper, 'talk to a human');
    const conversationId = await poll(() => shopperConversationId(shopper), (id) => expect(id).toBeTruthy());
    await poll(() => env.server.store.conversations.get(conversationId!), (c) => expect(['waiting', 'assigned']).toContain(c?.status));
    if ((await env.server.store.conversations.get(conversationId!))?.status === 'waiting') {
      await callOk(agentSocket, 'conversation:take', { conversationId });
    }
    await callOk(agentSocket, 'conversation:close', { conversationId, resolution: 'resolved' });

    const panel = chatPanel(shopper);
    await transcript(shopper).getByText('The chat has ended').waitFor();
    await panel.locator('label', { has: shopper.getByRole('radio', { name: '5 of 5 stars' }) }).click();
    const nps = panel.getByRole('group', { name: /How likely are you to recommend us/ });
    expect(await nps.getByRole('radio').count()).toBe(11);
    await nps.locator('label', { has: shopper.getByRole('radio', { name: '9', exact: true }) }).click();
    expect(await nps.getByRole('radio', { name: '9', exact: true }).isChecked()).toBe(true);
    await screenshot(shopper, 'widget-nps.png');
    await panel.getByRole('button', { name: 'Send rating' }).click();
    await panel.getByText('Thanks for your feedback!').waitFor();
    const rated = await poll(() => env.server.store.conversations.get(conversationId!), (c) => expect(c?.rating).toBeTruthy());
    expect(rated?.rating).toMatchObject({ score: 5, nps: 9 });
    expect(errors).toEqual([]);
    await shopperContext.close();
  });

  test('a figure past its target in the last hour alerts a supervisor in the console, saying what moved', async () => {
    const page = await (await newContext(env.browser)).newPage();
    const errors = watchPageErrors(page);
    const console_ = await signIn(page, lead);
    await page.getByTestId('screen-insight').click();
    // The hour before was empty; the last hour holds the NPS test's chat, which the bot handed straight to a person.
    const alerts = await env.server.app.checkDrift(Date.now());
    const bot = alerts.find((a) => a.key === 'botAnswerRate');
    expect(bot).toMatchObject({ previous: null, current: 0, target: 0.9 });
    const notice = page.getByTestId('notice').filter({ hasText: 'Bot answers at 0% since' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('(target ≥ 90%)');
    await screenshot(page, 'drift-alert.png');
    expect(errors).toEqual([]);
    await console_.close();
  });
});

/** Signs in at /console on a fresh page; close() ends its browser context. */
async function signIn(page: Page, who: Member): Promise<{ close(): Promise<void> }> {
  await page.goto(`${env.server.url}/console`);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('tab-waiting').waitFor();
  return { close: () => page.context().close() };
}
