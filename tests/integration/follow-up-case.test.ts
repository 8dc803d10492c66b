/**
 * The follow-up case a low rating opens, seen from both sides. It carries the shopper's customer id only when
 * the id is proven: before, a typed id went on the case, and the real customer found a stranger's follow-up in
 * their "My requests". Its text is the team's (why to call back), so it is an internal note: before, it was
 * recorded as the shopper's own message and shown in their thread as if they had written it. Its mail goes only to
 * an address the shop vouched for (a signed identity's): before, whatever address the shopper had typed got
 * "We have your request" about a request its owner never made. Its subject is in the chat's language.
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { Case, CaseDetail, CaseMessage, ShopperCaseView } from '../../shared/cases';
import type { ShopperConversationView } from '../../shared/model';
import { call, callOk, clientId, startServer, waitFor, type AgentSocket, type ShopperSocket, type TestServer } from './harness';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

const MINI_KB = path.resolve(__dirname, '../fixtures/kb-mini');
jest.setTimeout(30_000); // createAgent and login run scrypt, deliberately slow on a loaded machine

const IDENTITY_SECRET = 'identity-secret-for-follow-up-cases';
let sink: SmtpSink;
let server: TestServer;
let agent: AgentSocket;
let lead: AgentSocket;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startServer(
    { IDENTITY_SECRET, SMTP_URL: sink.url, MAIL_FROM: 'Maple Support <help@shop.example>', PUBLIC_URL: 'https://www.shop.example/help' },
    { kbDir: MINI_KB, mailBackoffMs: 50 },
  );
  agent = await server.agent(await server.createAgent({ name: 'Ana', maxChats: 20 }));
  lead = await server.agent(await server.createAgent({ name: 'Lead', role: 'supervisor' }));
});
afterAll(async () => {
  await server.close();
  await sink.close();
});

/** The id-only proof a shop's page passes with the id (hex HMAC-SHA256 of the id). */
const idHash = (id: string): string => createHmac('sha256', IDENTITY_SECRET).update(id).digest('hex');

/** The identity token a shop's page passes: the shop signs id, name and e-mail, so all three are vouched for. */
async function signedIdentity(claims: { id: string; name?: string; email?: string }): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(Math.floor(Date.now() / 1000) + 600)
    .sign(new TextEncoder().encode(IDENTITY_SECRET));
}

/** Lets every listener and delivery started so far finish, so "no more mail" is a real observation. */
async function settle(): Promise<void> {
  await server.app.bus.idle();
  await new Promise((r) => setTimeout(r, 300));
}

/** The recipients of every mail received so far about case `number`. */
const mailedAbout = (number: number): string[] =>
  sink.received.filter((m) => m.subject.includes(`#${number}`)).flatMap((m) => m.to);

/** Resolves once `isDone` holds (checked every 20 ms), or fails after 5 s. */
async function until(isDone: () => boolean): Promise<void> {
  for (const started = Date.now(); !isDone(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() - started > 5000) throw new Error('timed out');
  }
}

/** The shopper asks for a person, the agent answers and closes: the chat is offered the survey. */
async function handledChat(shopper: ShopperSocket, text = 'where is my parcel'): Promise<string> {
  await callOk(shopper, 'message:send', { clientId: clientId(), text });
  const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
  await callOk(agent, 'conversation:take', { conversationId: conversation.id });
  await callOk(agent, 'message:send', { conversationId: conversation.id, clientId: clientId(), text: 'Let me look.' });
  const closed = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (c) => c.id === conversation.id && c.status === 'closed');
  await callOk(agent, 'conversation:close', { conversationId: conversation.id, resolution: 'resolved' });
  await closed;
  return conversation.id;
}

/** Rates the shopper's chat low and returns the follow-up case it opened. */
async function lowRating(shopper: ShopperSocket, comment?: string, text?: string): Promise<Case> {
  const conversationId = await handledChat(shopper, text);
  await callOk(shopper, 'conversation:rate', { score: 1, ...(comment ? { comment } : {}) });
  await server.app.bus.idle();
  const visitorId = (await server.store.conversations.get(conversationId))!.visitorId;
  const found = (await server.store.cases.list({ visitorId })).filter((c) => c.category === 'follow_up');
  expect(found).toHaveLength(1);
  return found[0]!;
}

test('a follow-up carries only a proven customer id: a claimant’s never reaches the real customer’s "My requests"', async () => {
  const owner = await server.shopper();
  expect(await callOk(owner, 'identity:set', { id: 'cus-fu-1', hash: idHash('cus-fu-1') })).toMatchObject({ idVerified: true });
  const heard: string[] = [];
  owner.on('case:updated', (c: ShopperCaseView) => heard.push(c.id));

  // Someone on the same site types the customer's id without the shop's proof, then rates a chat low.
  const claimant = await server.shopper();
  expect(await callOk(claimant, 'identity:set', { id: 'cus-fu-1' })).toMatchObject({ idVerified: false });
  const claimed = await lowRating(claimant);
  expect(claimed.customerId).toBeNull();
  // The claimant still has their own follow-up (by visitor), as any anonymous shopper does.
  expect((await callOk<{ cases: ShopperCaseView[] }>(claimant, 'case:list', {})).cases.map((c) => c.id)).toEqual([claimed.id]);

  // The customer who proves the id: their own low rating's follow-up carries it and reaches their other device, live.
  const phone = await server.shopper();
  await callOk(phone, 'identity:set', { id: 'cus-fu-1', hash: idHash('cus-fu-1') });
  const ownFollowUp = await lowRating(owner);
  expect(ownFollowUp.customerId).toBe('cus-fu-1');
  await until(() => heard.includes(ownFollowUp.id));
  expect((await callOk<{ cases: ShopperCaseView[] }>(phone, 'case:list', {})).cases.map((c) => c.id)).toEqual([ownFollowUp.id]);

  // Nothing of the claimant's case: not in the list, not by id, not live (its events came before the owner's own).
  expect((await callOk<{ cases: ShopperCaseView[] }>(owner, 'case:list', {})).cases.map((c) => c.id)).toEqual([ownFollowUp.id]);
  expect(await call(owner, 'case:get', { caseId: claimed.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(heard).not.toContain(claimed.id);
});

test('the follow-up’s text is the team’s internal note: the shopper’s thread does not show it, the console does', async () => {
  const shopper = await server.shopper();
  const opened = await lowRating(shopper, 'nobody knew where it was');
  const seen = await callOk<{ case: ShopperCaseView; messages: CaseMessage[] }>(shopper, 'case:get', { caseId: opened.id });
  expect(seen.messages).toEqual([]);
  expect(JSON.stringify(seen)).not.toMatch(/Call back|gave 1 of 5 stars/);

  // The console shows why the case exists, as a note nobody on the team wrote by hand, on a case Parley opened.
  const detail = await callOk<CaseDetail>(lead, 'case:get', { caseId: opened.id });
  expect(detail.case.source).toBe('system');
  expect(detail.messages).toHaveLength(1);
  expect(detail.messages[0]).toMatchObject({ kind: 'note', authorId: null, authorName: null });
  expect(detail.messages[0]!.text).toMatch(/^The shopper gave 1 of 5 stars on chat .+ Call back and find out what went wrong\.\n\n“nobody knew where it was”$/s);

  // The team's first public reply is then the first message the shopper reads.
  const replied = waitFor<{ caseId: string; message: CaseMessage }>(shopper, 'case:replied', (p) => p.caseId === opened.id);
  await callOk(lead, 'case:reply', { caseId: opened.id, text: 'Sorry about that: your parcel is on its way.' });
  expect((await replied).message).toMatchObject({ kind: 'reply', text: 'Sorry about that: your parcel is on its way.' });
  const after = await callOk<{ messages: CaseMessage[] }>(shopper, 'case:get', { caseId: opened.id });
  expect(after.messages.map((m) => m.kind)).toEqual(['reply']);
});

test('a follow-up mails only an address the shop vouched for: never one the shopper typed, not even when solved', async () => {
  // A shopper types someone else's address (an unsigned identify), then rates a chat low.
  const typist = await server.shopper();
  await callOk(typist, 'identity:set', { id: 'cus-fu-typed', name: 'Not Vic', email: 'victim@example.com' });
  const typed = await lowRating(typist);
  expect(typed.contactEmail).toBeNull();
  // Nor when an agent solves it ("Did this solve it?" would go to the contact too).
  const detail = await callOk<CaseDetail>(lead, 'case:get', { caseId: typed.id });
  await callOk(lead, 'case:set-status', { caseId: typed.id, status: 'solved', version: detail.case.version });

  // A signed identity with no e-mail, then the shopper's own form with a typed address: the form's own mail goes
  // there (they asked for an answer), but the signed identity does not take the address as the shop's.
  const signedNoMail = await server.shopper();
  expect(await callOk(signedNoMail, 'identity:set', { token: await signedIdentity({ id: 'cus-fu-nomail', name: 'Nia' }) })).toMatchObject({ verified: true });
  const form = await callOk<{ case: ShopperCaseView }>(signedNoMail, 'case:open', { text: 'Where is my refund?', email: 'typed@example.com' });
  const formMail = (await sink.waitForCount(1)).find((m) => m.subject.includes(`#${form.case.number}`));
  expect(formMail?.to).toEqual(['typed@example.com']);
  const afterForm = await lowRating(signedNoMail);
  expect(afterForm.contactEmail).toBeNull();

  // The address a signed identity carries is the shop's: that follow-up is mailed.
  const vouched = await server.shopper();
  await callOk(vouched, 'identity:set', { token: await signedIdentity({ id: 'cus-fu-signed', name: 'Vera', email: 'vera@example.com' }) });
  const signed = await lowRating(vouched);
  expect(signed.contactEmail).toBe('vera@example.com');
  await until(() => mailedAbout(signed.number).length > 0);

  await settle();
  expect(mailedAbout(typed.number)).toEqual([]);
  expect(mailedAbout(afterForm.number)).toEqual([]);
  expect(mailedAbout(signed.number)).toEqual(['vera@example.com']);
  expect(sink.received.flatMap((m) => m.to)).not.toContain('victim@example.com');
});

test('the follow-up’s subject is in the chat’s language, for stars and for an NPS', async () => {
  const zh = await server.shopper({ locale: 'zh' });
  const zhCase = await lowRating(zh, undefined, '我的包裹在哪里');
  expect(zhCase.locale).toBe('zh');
  const zhList = await callOk<{ cases: ShopperCaseView[] }>(zh, 'case:list', {});
  expect(zhList.cases.map((c) => [c.id, c.subject])).toEqual([[zhCase.id, '回访：您的评分为 1 星（满分 5 星）']]);

  // Good stars, a low NPS after them: the NPS opens it.
  const en = await server.shopper();
  const conversationId = await handledChat(en);
  await callOk(en, 'conversation:rate', { score: 4 });
  await callOk(en, 'nps:submit', { score: 3 });
  await server.app.bus.idle();
  const visitorId = (await server.store.conversations.get(conversationId))!.visitorId;
  const [npsCase] = (await server.store.cases.list({ visitorId })).filter((c) => c.category === 'follow_up');
  expect(npsCase?.subject).toBe('Follow up: you rated us 3 of 10');
  // The team's note keeps the team's wording.
  const detail = await callOk<CaseDetail>(lead, 'case:get', { caseId: npsCase!.id });
  expect(detail.messages[0]!.text).toMatch(/^The shopper gave an NPS of 3 on chat /);
});

test('an unverified shopper’s typed name and e-mail are in the note only, marked as not verified; a signed one’s are not repeated', async () => {
  const typist = await server.shopper();
  await callOk(typist, 'identity:set', { id: 'cus-fu-reach', name: 'Rae', email: 'rae@example.com' });
  const typed = await lowRating(typist, 'too slow');
  expect(typed.contactEmail).toBeNull();
  const detail = await callOk<CaseDetail>(lead, 'case:get', { caseId: typed.id });
  expect(detail.messages).toHaveLength(1);
  expect(detail.messages[0]).toMatchObject({ kind: 'note' });
  expect(detail.messages[0]!.text).toMatch(
    /Call back and find out what went wrong\.\n\nContact given by the shopper, not verified: name Rae, e-mail rae@example\.com\.\n\n“too slow”$/,
  );
  // The shopper's own view of the case shows no note, so nothing of it.
  const seen = await callOk<{ messages: CaseMessage[] }>(typist, 'case:get', { caseId: typed.id });
  expect(JSON.stringify(seen)).not.toMatch(/not verified/);

  const signed = await server.shopper();
  await callOk(signed, 'identity:set', { token: await signedIdentity({ id: 'cus-fu-reach-signed', name: 'Sam', email: 'sam@example.com' }) });
  const vouched = await lowRating(signed);
  const vouchedDetail = await callOk<CaseDetail>(lead, 'case:get', { caseId: vouched.id });
  expect(vouchedDetail.messages[0]!.text).not.toMatch(/not verified/);
});

test('a follow-up links its chat as a converted one does; erasing the shopper takes both, a purged chat leaves the case readable', async () => {
  const shopper = await server.shopper();
  const opened = await lowRating(shopper);
  const visitorId = opened.visitorId!;
  const [chat] = await server.store.conversations.list({ visitorId, limit: 5 });
  expect(opened.conversationId).toBe(chat!.id);
  // The console opens the linked chat from the case.
  const linked = await callOk<{ conversation: { id: string } }>(lead, 'conversation:get', { conversationId: opened.conversationId! });
  expect(linked.conversation.id).toBe(chat!.id);

  // Erasure by visitor: the case goes with the chat, nothing is left pointing at it.
  await server.store.privacy.erase({ visitorIds: [visitorId], emails: [], customerIds: [] });
  expect(await server.store.cases.list({ conversationId: chat!.id })).toEqual([]);
  expect(await call(lead, 'case:get', { caseId: opened.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

  // Retention purges closed chats before cases: the case keeps the id, and reading either answers, not throws.
  const other = await lowRating(await server.shopper());
  await server.store.privacy.purgeClosedBefore(Date.now() + 1);
  expect(await server.store.conversations.get(other.conversationId!)).toBeNull();
  expect((await callOk<CaseDetail>(lead, 'case:get', { caseId: other.id })).case.conversationId).toBe(other.conversationId);
  expect(await call(lead, 'conversation:get', { conversationId: other.conversationId! })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});
