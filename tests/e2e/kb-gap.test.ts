/**
 * Issue 14, the KB-gap loop in the browser: shoppers ask what the KB cannot answer (and mark a wrong answer
 * not helpful with the thumbs), an admin turns the gap group into a new intent in the console's Knowledge
 * screen (the form shows the server's validation error first), approves the draft, and the bot answers the
 * question afterwards without a restart. Runs on a temporary copy of the retail KB (never kb/retail).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chatPanel, messageRows, newContext, openConsole, openWidget, screenshot, sendShopperMessage, startE2e, watchPageErrors, type E2eEnv } from './e2e-harness';

// The server trains the retail KB at start and again when the approval publishes.
jest.setTimeout(180_000);

const QUESTION = 'do you engrave jewellery';
const ANSWER_EN = 'Yes: rings and pendants can be engraved for free, up to 20 characters.';
let env: E2eEnv;
let kbDir: string;

beforeAll(async () => {
  kbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-kb-'));
  fs.cpSync(path.resolve(__dirname, '../../kb/retail'), kbDir, { recursive: true });
  env = await startE2e({}, {}, { kbDir });
}, 120_000);
afterAll(async () => {
  await env?.close();
  fs.rmSync(kbDir, { recursive: true, force: true });
});

/** A new shopper asks one question in the real widget and gets the bot's reply row. */
async function ask(text: string, reply: string | RegExp) {
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(env.shop.url);
  await openWidget(page);
  await sendShopperMessage(page, text);
  await messageRows(page, reply).last().waitFor({ timeout: 20_000 });
  return { context, page, errors };
}

test('the gap loop turns a group into an intent; approval publishes it; the bot answers that question afterwards', async () => {
  for (const text of [QUESTION, 'can you engrave my ring']) {
    const s = await ask(text, "Sorry, I didn't quite get that");
    expect(s.errors).toEqual([]);
    await s.context.close();
  }
  // A confident wrong answer, marked not helpful with the thumbs.
  const wrong = await ask('is engraving available on jewellery', /./);
  const row = chatPanel(wrong.page).locator('.row:not(.me)').last();
  await row.getByRole('button', { name: 'Not helpful' }).click();
  await row.getByText('Thanks!').waitFor();
  await wrong.context.close();

  const admin = await env.server.createAgent({ role: 'admin', name: 'Ada Admin' });
  const consoleSession = await openConsole(env.browser, env.server.url, admin);
  const { page } = consoleSession;
  await page.getByTestId('tab-knowledge').click();
  const group = page.getByTestId('kb-gap').filter({ hasText: QUESTION });
  await group.waitFor({ timeout: 20_000 });
  expect(await group.innerText()).toContain('3 shoppers');
  expect(await group.innerText()).toContain('can you engrave my ring');
  await screenshot(page, 'kb-gaps.png');
  await group.getByTestId('kb-gap-new').click();

  const form = page.getByTestId('kb-form');
  expect(await page.getByTestId('kb-field-utterances-en').inputValue()).toContain(QUESTION);
  await page.getByTestId('kb-field-id').fill('product.engraving');
  await page.getByTestId('kb-field-category').selectOption('product');
  await page.getByTestId('kb-field-title-en').fill('Engraving');
  await page.getByTestId('kb-field-title-zh').fill('刻字服务');
  await page.getByTestId('kb-field-answer-en').fill(ANSWER_EN);
  await page.getByTestId('kb-field-utterances-zh').fill('首饰可以刻字吗');
  // The Chinese answer is missing: the server's validation error shows beside its field.
  await page.getByTestId('kb-submit').click();
  await page.getByTestId('kb-error-answer.zh').waitFor();
  await page.getByTestId('kb-field-answer-zh').fill('可以：戒指和吊坠可免费刻字，最多 20 个字符。');
  await page.getByTestId('kb-submit').click();
  await form.waitFor({ state: 'detached' });

  const draft = page.getByTestId('kb-draft-product.engraving');
  await draft.waitFor();
  expect(await draft.innerText()).toContain('+id: product.engraving');
  await screenshot(page, 'kb-draft.png');
  await draft.getByTestId('kb-approve').click();
  await draft.getByText('approved').waitFor({ timeout: 60_000 });
  expect(fs.readFileSync(path.join(kbDir, 'product.yaml'), 'utf8')).toContain('id: product.engraving');

  const after = await ask(QUESTION, ANSWER_EN);
  expect(after.errors).toEqual([]);
  await screenshot(after.page, 'kb-answered.png');
  await after.context.close();
  // The 400 is the refused draft without a Chinese answer, on purpose; anything else logged is a real error.
  expect(consoleSession.errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  await consoleSession.context.close();
});
