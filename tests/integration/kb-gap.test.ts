/**
 * The KB-gap loop over the real server: misses (fallbacks, thumbs down, a handoff right after an answer)
 * become the gap report; a group becomes an intent through a draft that an admin approves (never an agent),
 * the YAML is written with its comments kept, the bot answers the question without a restart, and a
 * rollback takes the change back. Runs on a temporary copy of the retail KB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GapReport, KbDraft } from '../../shared/kb';
import type { Message } from '../../shared/model';
import { call, callOk, clientId, startServer, waitFor, type ShopperSocket, type TestServer } from './harness';

const RETAIL = path.resolve(__dirname, '../../kb/retail');
const QUESTION = 'do you engrave jewellery';
let kbDir: string;
let server: TestServer;
let admin: string;
let supervisor: string;
let agent: string;

// Each approval retrains the retail KB (seconds on a loaded machine), and the server starts with a fresh training.
jest.setTimeout(120_000);

beforeAll(async () => {
  kbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-kbgap-'));
  fs.cpSync(RETAIL, kbDir, { recursive: true });
  server = await startServer({}, { kbDir });
  const make = async (role: 'admin' | 'supervisor' | 'agent') => {
    const a = await server.createAgent({ role });
    return server.login(a.email, a.password);
  };
  [admin, supervisor, agent] = await Promise.all([make('admin'), make('supervisor'), make('agent')]);
});
afterAll(async () => {
  await server.close();
  fs.rmSync(kbDir, { recursive: true, force: true });
});

async function api<T>(token: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function ask(shopper: ShopperSocket, text: string): Promise<Message> {
  const reply = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot', 10_000);
  await callOk(shopper, 'message:send', { clientId: clientId(), text });
  return reply;
}

async function askOnce(text: string): Promise<Message> {
  const shopper = await server.shopper();
  const reply = await ask(shopper, text);
  shopper.disconnect();
  return reply;
}

test('misses are grouped by similarity, ranked by shoppers; thumbs down and a quick handoff count against the answer', async () => {
  for (const text of [QUESTION, 'can you engrave my ring', 'do you do engraving on jewelry']) {
    expect((await askOnce(text)).bot?.decision).toBe('fallback');
  }
  // A confident wrong answer: only the shopper's thumbs tell.
  const wrong = await server.shopper();
  const stock = await ask(wrong, 'is engraving available on jewellery');
  expect(stock.bot).toMatchObject({ decision: 'answer', intent: 'product.stock' });
  await callOk(wrong, 'answer:rate', { messageId: stock.id, isHelpful: false });
  // Not an answer: a shopper's own message cannot be rated.
  const mine = (await callOk<{ messages: Message[] }>(wrong, 'session:resume', { sinceSeq: 0 })).messages.find((m) => m.sender === 'shopper')!;
  expect(await call(wrong, 'answer:rate', { messageId: mine.id, isHelpful: true })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  wrong.disconnect();
  // Helpful, then a person anyway within two minutes: the answer did not deflect the chat.
  const shopper = await server.shopper();
  const answer = await ask(shopper, 'what is your return policy');
  expect(answer.bot).toMatchObject({ decision: 'answer', intent: 'returns.policy' });
  await callOk(shopper, 'answer:rate', { messageId: answer.id, isHelpful: true });
  await callOk(shopper, 'handoff:request', {});
  shopper.disconnect();

  const { status, body } = await api<GapReport>(supervisor, 'GET', '/api/kb/gaps?days=1');
  expect(status).toBe(200);
  expect(body.groups[0]).toMatchObject({ shoppers: 4, count: 4, reasons: { fallback: 3, unhelpful: 1 } });
  expect(body.groups[0]!.questions.map((q) => q.text).sort()).toEqual(
    ['can you engrave my ring', 'do you do engraving on jewelry', QUESTION, 'is engraving available on jewellery'].sort(),
  );
  const returns = body.groups.find((g) => g.questions.some((q) => q.text === 'what is your return policy'));
  expect(returns).toMatchObject({ shoppers: 1, reasons: { handoff_after_answer: 1 } });
  expect(body.intents.find((i) => i.intent === 'returns.policy')).toMatchObject({ answered: 1, missed: 1, helpful: 1, deflectionRate: 0 });
  expect(body.intents.find((i) => i.intent === 'product.stock')).toMatchObject({ answered: 1, missed: 1, unhelpful: 1 });
  // An agent does not see the gap report.
  expect((await api(agent, 'GET', '/api/kb/gaps')).status).toBe(403);
});

test('a clarify the shopper did not pick from, and the question behind a handoff request, are misses too', async () => {
  const shopper = await server.shopper();
  expect((await ask(shopper, 'gift')).bot?.decision).toBe('clarify');
  const handedOff = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot' && m.bot?.decision === 'handoff', 10_000);
  await callOk(shopper, 'message:send', { clientId: clientId(), text: 'talk to a human' });
  await handedOff;
  shopper.disconnect();
  await server.app.bus.idle();
  const { body } = await api<GapReport>(supervisor, 'GET', '/api/kb/gaps?days=1');
  const gift = body.groups.find((g) => g.questions.some((q) => q.text === 'gift'));
  expect(gift?.reasons).toEqual({ clarify_unpicked: 1, handoff_trigger: 1 });
  // "talk to a human" is a request, not a question the KB could answer.
  expect(body.groups.some((g) => g.questions.some((q) => q.text === 'talk to a human'))).toBe(false);
});

test('a gap group becomes an intent: drafted, refused to an agent, approved by an admin, answered, rolled back', async () => {
  const before = fs.readFileSync(path.join(kbDir, 'product.yaml'), 'utf8');
  const intent = {
    title: { en: 'Engraving', zh: '刻字服务' },
    utterances: { en: [QUESTION, 'can you engrave my ring', 'is engraving available on jewellery'], zh: ['首饰可以刻字吗'] },
    answer: { en: 'Yes: rings and pendants can be engraved for free, up to 20 characters.', zh: '可以：戒指和吊坠可免费刻字，最多 20 个字符。' },
  };
  // Validation errors come back by field, for the form.
  const invalid = await api<{ error: { fields: { field: string }[] } }>(supervisor, 'POST', '/api/kb/drafts', {
    kind: 'create', intentId: 'product.engraving', category: 'product', source: 'gap', intent: { ...intent, answer: { en: intent.answer.en } },
  });
  expect(invalid.status).toBe(400);
  expect(invalid.body.error.fields).toEqual([{ field: 'answer.zh', message: 'Required' }]);
  // An agent proposes from their replies only.
  expect((await api(agent, 'POST', '/api/kb/drafts', { kind: 'create', intentId: 'product.engraving', category: 'product', intent })).status).toBe(403);

  const created = await api<{ draft: KbDraft }>(supervisor, 'POST', '/api/kb/drafts', { kind: 'create', intentId: 'product.engraving', category: 'product', source: 'gap', intent });
  expect(created.status).toBe(201);
  const draft = created.body.draft;
  expect(draft).toMatchObject({ status: 'pending', kind: 'create', source: 'gap', base: null });
  expect(draft.diff).toContain('+id: product.engraving');
  // A draft changes nothing until approved.
  expect((await askOnce(QUESTION)).bot?.decision).toBe('fallback');
  expect(fs.readFileSync(path.join(kbDir, 'product.yaml'), 'utf8')).toBe(before);

  expect((await api(agent, 'POST', `/api/kb/drafts/${draft.id}/approve`)).status).toBe(403);
  // Without KB_SUPERVISORS_APPROVE a supervisor proposes but does not approve.
  expect((await api(supervisor, 'POST', `/api/kb/drafts/${draft.id}/approve`)).status).toBe(403);
  const approved = await api<{ draft: KbDraft }>(admin, 'POST', `/api/kb/drafts/${draft.id}/approve`);
  expect(approved.status).toBe(200);
  expect(approved.body.draft).toMatchObject({ status: 'approved', reviewerName: expect.any(String) });
  expect((await api(admin, 'POST', `/api/kb/drafts/${draft.id}/approve`)).status).toBe(409);

  const written = fs.readFileSync(path.join(kbDir, 'product.yaml'), 'utf8');
  expect(written.startsWith(before.split('\n')[0]!)).toBe(true); // the file's opening comment is kept
  expect(written).toContain('id: product.engraving');
  const reply = await askOnce(QUESTION);
  expect(reply.bot).toMatchObject({ decision: 'answer', intent: 'product.engraving' });
  expect(reply.text).toBe(intent.answer.en);

  const rolledBack = await api<{ draft: KbDraft }>(admin, 'POST', `/api/kb/drafts/${draft.id}/rollback`);
  expect(rolledBack.status).toBe(200);
  expect(rolledBack.body.draft).toMatchObject({ kind: 'delete', source: 'rollback', rollbackOf: draft.id, status: 'approved' });
  expect((await askOnce(QUESTION)).bot?.intent).not.toBe('product.engraving');
  expect(fs.readFileSync(path.join(kbDir, 'product.yaml'), 'utf8')).not.toContain('product.engraving');
  const history = await api<{ drafts: KbDraft[] }>(supervisor, 'GET', '/api/kb/drafts');
  expect(history.body.drafts.filter((d) => d.intentId === 'product.engraving').map((d) => d.status)).toEqual(['approved', 'rolled_back']);
});

test('an agent turns a reply into an answer draft; a stale draft is refused at approval', async () => {
  const current = await api<{ intent: Record<string, unknown> & { answer: { en: string; zh: string } } }>(agent, 'GET', '/api/kb/intents/store.hours');
  expect(current.status).toBe(200);
  const intent = { ...current.body.intent, answer: { ...current.body.intent.answer, en: 'We are open 9 to 9, every day.' } };
  const first = await api<{ draft: KbDraft }>(agent, 'POST', '/api/kb/drafts', { kind: 'update', intentId: 'store.hours', source: 'reply', intent });
  expect(first.status).toBe(201);
  expect(first.body.draft.diff).toContain('+  en: We are open 9 to 9, every day.');
  const second = await api<{ draft: KbDraft }>(agent, 'POST', '/api/kb/drafts', { kind: 'update', intentId: 'store.hours', source: 'reply', intent: { ...intent, answer: { ...intent.answer, en: 'Open 10 to 6.' } } });
  expect((await api(admin, 'POST', `/api/kb/drafts/${first.body.draft.id}/approve`)).status).toBe(200);
  expect((await askOnce('what are your opening hours')).text).toBe('We are open 9 to 9, every day.');
  const stale = await api<{ error: { code: string } }>(admin, 'POST', `/api/kb/drafts/${second.body.draft.id}/approve`);
  expect(stale.status).toBe(409);
  expect((await api<{ draft: KbDraft }>(admin, 'POST', `/api/kb/drafts/${second.body.draft.id}/reject`)).body.draft.status).toBe('rejected');
  const search = await api<{ intents: { id: string }[]; canApprove: boolean }>(agent, 'GET', '/api/kb/intents?q=opening');
  expect(search.body.intents.map((i) => i.id)).toContain('store.hours');
  expect(search.body.canApprove).toBe(false);
});
