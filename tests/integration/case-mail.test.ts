/**
 * Case e-mail through a real SMTP server on loopback: the case number on creation, every public reply (never
 * an internal note), the "Did this solve it?" request, in the case's language with a link back to the chat;
 * failed deliveries retried, and a slow mail server never holding up the case service.
 */
import { Writable } from 'node:stream';
import type { CaseActor, CaseListItem } from '../../shared/cases';
import { createCasePolicy } from '../../server/cases/case-policy';
import { createCaseService, type CaseService } from '../../server/cases/case-service';
import { callOk, startServer, type TestServer } from './harness';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

const PUBLIC_URL = 'https://www.shop.example/help';
const agent: CaseActor = { kind: 'agent', id: 'agent-ann' };
const ann = { kind: 'agent' as const, id: 'agent-ann', name: 'Ann' };

let sink: SmtpSink;
let server: TestServer;
let cases: CaseService;
const log: string[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  const logStream = new Writable({ write: (chunk, _enc, done) => void (log.push(String(chunk)), done()) });
  server = await startServer(
    { SMTP_URL: sink.url, MAIL_FROM: 'Maple Support <help@shop.example>', PUBLIC_URL },
    { logStream, logLevel: 'info', mailBackoffMs: 50 },
  );
  // The case service on the app's own bus, as the composition root wires it: the mail listener hears its events.
  cases = createCaseService({ store: server.store, bus: server.app.bus, clock: Date.now, policy: createCasePolicy() });
});
afterAll(async () => {
  await server.close();
  await sink.close();
});
let release = () => undefined as void;
beforeEach(() => {
  sink.received.length = 0;
  sink.refuseNext(0);
});
afterEach(() => release());

const open = (over: Partial<Parameters<CaseService['open']>[0]> = {}) =>
  cases.open({
    siteId: 'demo',
    locale: 'en',
    source: 'form',
    text: 'My parcel arrived damaged <b>badly</b>',
    contactName: 'Dana',
    contactEmail: 'dana@example.com',
    actor: { kind: 'customer', id: null },
    ...over,
  });

/** Lets every listener and delivery started so far finish, so "no more mail" is a real observation. */
async function settle(): Promise<void> {
  await server.app.bus.idle();
  await new Promise((r) => setTimeout(r, 300));
}

it('mails the case number on creation, in English, with the link back to the chat', async () => {
  const c = await open();
  const [mail] = await sink.waitForCount(1);
  expect(mail!.to).toEqual(['dana@example.com']);
  expect(mail!.parsed.from?.text).toContain('help@shop.example');
  expect(mail!.subject).toBe(`We have your request: case #${c.number}`);
  expect(mail!.text).toContain(`case #${c.number}`);
  expect(mail!.text).toContain(`Back to the chat: ${PUBLIC_URL}`);
  expect(mail!.html).toContain(`href="${PUBLIC_URL}"`);
  // The subject is the shopper's text: escaped in the HTML, verbatim in the plain text.
  expect(mail!.html).toContain('&#60;b&#62;badly&#60;/b&#62;');
  expect(mail!.html).not.toContain('<b>badly');
  expect(mail!.text).toContain('<b>badly</b>');
});

it('mails in the case language (Chinese)', async () => {
  const c = await open({ locale: 'zh', text: '我的包裹坏了', contactEmail: 'wang@example.com' });
  const [mail] = await sink.waitForCount(1);
  expect(mail!.subject).toBe(`我们已收到您的请求：工单 #${c.number}`);
  expect(mail!.text).toContain('返回聊天：https://www.shop.example/help');
  expect(mail!.html).toContain('lang="zh-CN"');
});

it('mails every public reply and never an internal note', async () => {
  const c = await open();
  await sink.waitForCount(1);
  await cases.reply(c.id, ann, { text: 'Refund check: customer is a repeat returner', isInternal: true });
  await cases.reply(c.id, ann, { text: 'Sorry about that! <script>alert(1)</script> A new one ships today.' });
  await cases.reply(c.id, { kind: 'customer', name: 'Dana' }, { text: 'Thanks' });
  await cases.reply(c.id, ann, { text: 'Tracking: 1Z999' });
  await sink.waitForCount(3);
  await settle();
  expect(sink.received).toHaveLength(3);
  const [, first, second] = sink.received;
  expect(first!.subject).toBe(`Re: My parcel arrived damaged <b>badly</b> (case #${c.number})`);
  expect(first!.text).toContain(`Ann replied to your request, case #${c.number}:`);
  expect(first!.text).toContain('A new one ships today.');
  expect(first!.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  expect(first!.html).not.toContain('<script>');
  expect(second!.text).toContain('Tracking: 1Z999');
  for (const mail of sink.received) expect(mail.text + mail.html).not.toContain('repeat returner');
});

it('asks "Did this solve it?" when the case is solved, with when it closes on its own', async () => {
  const c = await open();
  await sink.waitForCount(1);
  await cases.setStatus(c.id, 'solved', agent);
  const [, mail] = await sink.waitForCount(2);
  expect(mail!.subject).toBe(`Did this solve it? (case #${c.number})`);
  expect(mail!.text).toContain('“No, still a problem”');
  expect(mail!.text).toContain('closes in 3 days');
  expect(mail!.text).toContain(PUBLIC_URL);
});

it('sends nothing for a case without a contact e-mail', async () => {
  const c = await open({ contactEmail: null });
  await cases.reply(c.id, ann, { text: 'Hello?' });
  await settle();
  expect(sink.received).toHaveLength(0);
});

it('retries a refused delivery with backoff and sends it once; the failure is logged', async () => {
  sink.refuseNext(2);
  const refusedBefore = sink.refused;
  const c = await open();
  const [mail] = await sink.waitForCount(1);
  await settle();
  expect(sink.refused - refusedBefore).toBe(2);
  expect(sink.received).toHaveLength(1);
  expect(mail!.subject).toContain(`#${c.number}`);
  const failures = log.filter((l) => l.includes('mail attempt failed')).map((l) => JSON.parse(l) as { mail: unknown; level: number; reason: string });
  expect(failures.slice(-2).map((f) => f.mail)).toEqual([
    { kind: 'case.created', case: c.number },
    { kind: 'case.created', case: c.number },
  ]);
  // The log says what failed, never who it was for.
  expect(failures.map((f) => JSON.stringify(f)).join('')).not.toContain('dana@example.com');
});

it('a slow mail server never holds up the case service', async () => {
  // The mail server answers nothing until released: a case service that waited for it would never resolve here.
  release = sink.hold();
  const c = await open();
  await cases.reply(c.id, ann, { text: 'On it.' });
  expect(sink.received).toHaveLength(0);
  release();
  await sink.waitForCount(2, 15_000);
});

it('gives up after the last attempt, logs it, and the server carries on', async () => {
  sink.refuseNext(100);
  const c = await open();
  await server.app.bus.idle();
  // 4 attempts with 50, 200, 800 ms between them (polled: a busy machine stretches them).
  const gaveUp = () => log.some((l) => l.includes('mail not delivered: giving up') && l.includes(`"case":${c.number}`));
  for (let waited = 0; !gaveUp() && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  expect(gaveUp()).toBe(true);
  sink.refuseNext(0);
  await open();
  await sink.waitForCount(1);
});

it('mails an agent\'s reply to the case the offline form opened, in the background, in the shopper\'s language', async () => {
  const shopper = await server.shopper({ locale: 'zh' });
  await callOk(shopper, 'session:resume', {});
  const { number } = await callOk<{ number: number }>(shopper, 'ticket:create', { name: '王芳', email: 'wf@example.com', message: '尺码不对' });
  // Mails are told apart by recipient: a retry left over from an earlier test may still arrive.
  const toShopper = async (n: number) => {
    for (let waited = 0; waited < 15_000; waited += 100) {
      const mails = sink.received.filter((m) => m.to.includes('wf@example.com'));
      if (mails.length >= n) return mails;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`fewer than ${n} mails to the shopper`);
  };
  const [created] = await toShopper(1);
  expect(created!.subject).toBe(`我们已收到您的请求：工单 #${number}`);
  const agent = await server.agent(await server.createAgent({ role: 'supervisor' }));
  const { cases } = await callOk<{ cases: CaseListItem[] }>(agent, 'case:list', {});
  const kase = cases.find((c) => c.case.number === number)!.case;
  // The agent's ack does not wait for the mail server, which answers nothing until released.
  release = sink.hold();
  await callOk(agent, 'case:reply', { caseId: kase.id, text: '我们会为您换货' });
  expect(sink.received.filter((m) => m.to.includes('wf@example.com'))).toHaveLength(1);
  release();
  const [, mail] = await toShopper(2);
  expect(mail!.subject).toBe(`回复：${kase.subject}（工单 #${number}）`);
  expect(mail!.text).toContain('我们会为您换货');
});
