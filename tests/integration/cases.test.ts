/**
 * The case service on a real SQLite file with a fake clock: converting a chat, the thread both ways, merging,
 * business hours, and two server processes sweeping the same file without doing anything twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { CaseActor } from '../../shared/cases';
import { createCasePolicy, type CasePolicy } from '../../server/cases/case-policy';
import { createCaseService } from '../../server/cases/case-service';
import { createBus } from '../../server/domain/bus';
import type { DomainEventName, DomainEvents } from '../../server/domain/events';
import { parseSchedule } from '../../server/domain/business-hours';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store';
import type { Store } from '../../server/store/store';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const agentA: CaseActor = { kind: 'agent', id: 'agent-a' };
const customer: CaseActor = { kind: 'customer', id: null };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cases-'));
const stores: Store[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

let fileNo = 0;
function open(file = path.join(dir, `cases-${++fileNo}.db`)): { store: Store; file: string } {
  const store = openSqliteStore(file);
  stores.push(store);
  return { store, file };
}

const policy: CasePolicy = createCasePolicy({ defaultHours: parseSchedule('Mon-Fri 09:00-18:00 Europe/London') });

function service(store: Store, start: number) {
  const clock = { now: start };
  const bus = createBus(pino({ level: 'silent' }));
  const emitted: { name: DomainEventName; payload: unknown }[] = [];
  const names: DomainEventName[] = ['case.created', 'case.updated', 'case.replied', 'case.escalated', 'case.breached', 'case.solved', 'case.closed', 'case.merged'];
  for (const name of names) bus.on(name, (payload) => void emitted.push({ name, payload }));
  const cases = createCaseService({ store, bus, clock: () => clock.now, policy });
  const events = <K extends DomainEventName>(name: K): DomainEvents[K][] =>
    emitted.filter((e) => e.name === name).map((e) => e.payload as DomainEvents[K]);
  return { clock, cases, bus, events, names: () => emitted.map((e) => e.name) };
}

it('converts a chat: the transcript becomes the first messages, notes stay internal, the customer is known', async () => {
  const { store } = open();
  const start = at('2026-11-24T10:00:00Z');
  const s = service(store, start);
  const visitor = await store.visitors.create({ siteId: 'shop', tokenHash: 'a'.repeat(64), locale: 'zh' });
  await store.visitors.update(visitor.id, { identity: { externalId: 'cust-42', name: '王芳', email: 'wf@example.com', verified: true, idVerified: true, tier: null } });
  const chat = await store.conversations.create({ siteId: 'shop', visitorId: visitor.id, locale: 'zh', department: 'orders' });
  await store.conversations.update(chat.id, { priority: 'high' });
  await store.messages.append({ conversationId: chat.id, clientId: 'client-0001', sender: 'shopper', text: '我的包裹坏了\n盒子被压扁' });
  await store.messages.append({ conversationId: chat.id, clientId: null, sender: 'bot', senderName: 'Parley', text: '我帮您转人工' });
  await store.messages.append({ conversationId: chat.id, clientId: null, sender: 'system', text: '', event: { kind: 'queued', department: 'orders' } });
  await store.messages.append({ conversationId: chat.id, clientId: null, sender: 'agent', agentId: 'agent-a', senderName: 'Ann', text: '请发一张照片' });
  await store.messages.append({ conversationId: chat.id, clientId: null, sender: 'agent', agentId: 'agent-a', senderName: 'Ann', text: 'needs a refund check', internal: true });

  const c = await s.cases.openFromChat({ conversationId: chat.id, actor: agentA });
  expect(c).toMatchObject({
    status: 'new', source: 'chat', conversationId: chat.id, department: 'orders', priority: 'B', locale: 'zh', subject: '我的包裹坏了',
    customerId: 'cust-42', visitorId: visitor.id, contactName: '王芳', contactEmail: 'wf@example.com', lastSeq: 5,
    firstResponseDueAt: start + 30 * MIN,
  });
  const thread = await store.cases.listMessages(c.id, { includeInternal: true });
  expect(thread.map((m) => [m.kind, m.text])).toEqual([
    ['shopper', '我的包裹坏了\n盒子被压扁'], ['bot', '我帮您转人工'], ['system', 'queued'], ['reply', '请发一张照片'], ['note', 'needs a refund check'],
  ]);
  expect((await store.cases.listMessages(c.id)).map((m) => m.kind)).not.toContain('note');
  await s.bus.idle();
  expect(s.events('case.created')).toEqual([{ case: c, messages: thread, actor: agentA }]);
  // Identified shoppers find their cases by customer id, on any device; anonymous ones by visitor.
  expect((await store.cases.list({ customerId: 'cust-42' })).map((x) => x.id)).toEqual([c.id]);
  expect((await store.cases.list({ visitorId: visitor.id })).map((x) => x.id)).toEqual([c.id]);
});

it('keeps the thread both ways, tells listeners, and sends a reply on a merged duplicate to the primary', async () => {
  const { store } = open();
  const s = service(store, at('2026-11-24T10:00:00Z'));
  const primary = await s.cases.open({ siteId: 'shop', locale: 'en', source: 'form', text: 'Charged twice for A-1001', visitorId: 'v-1', contactEmail: 'li@example.com', actor: customer });
  s.clock.now += MIN;
  const dup = await s.cases.open({ siteId: 'shop', locale: 'en', source: 'form', text: 'Double charge!!', visitorId: 'v-1', actor: customer });
  s.clock.now += MIN;
  const note = await s.cases.reply(primary.id, { kind: 'agent', id: 'agent-a', name: 'Ann' }, { text: 'Ask billing', isInternal: true });
  expect(note.case).toMatchObject({ status: 'new', firstResponseAt: null });
  const reply = await s.cases.reply(primary.id, { kind: 'agent', id: 'agent-a', name: 'Ann' }, { text: 'Refund on its way.' });
  expect(reply.case).toMatchObject({ status: 'open', firstResponseAt: s.clock.now });

  const merged = await s.cases.merge(dup.id, primary.id, agentA);
  expect(merged.duplicate).toMatchObject({ status: 'closed', resolution: 'merged', mergedInto: primary.id });
  const late = await s.cases.reply(dup.id, { kind: 'customer' }, { text: 'any news?' });
  expect(late.case.id).toBe(primary.id);
  expect((await store.cases.listMessages(primary.id)).map((m) => [m.kind, m.text])).toEqual([
    ['shopper', 'Charged twice for A-1001'], ['reply', 'Refund on its way.'], ['shopper', 'Double charge!!'], ['shopper', 'any news?'],
  ]);
  await s.bus.idle();
  expect(s.events('case.replied').map((e) => e.message.kind)).toEqual(['note', 'reply', 'shopper']);
  expect(s.events('case.merged')).toEqual([{ primary: merged.primary, duplicate: merged.duplicate, actor: agentA }]);
  expect(s.events('case.closed').map((e) => e.case.id)).toEqual([dup.id]);
  await expect(s.cases.merge(primary.id, primary.id, agentA)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  await expect(s.cases.setStatus('nope', 'open', agentA)).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

it('counts nothing over the week-end, and two processes sweeping one file apply each action once', async () => {
  const { store: a, file } = open();
  const { store: b } = open(file);
  // Saturday: the first response (C: 4 h) is due Monday 13:00, the L1 timer Monday 10:00.
  const saturday = at('2026-11-28T11:00:00Z');
  const sa = service(a, saturday);
  const sb = service(b, saturday);
  const cases = await Promise.all(
    Array.from({ length: 6 }, (_, i) => sa.cases.open({ siteId: 'shop', locale: 'en', source: 'form', text: `case ${i}`, actor: customer })),
  );
  expect(cases.map((c) => [c.firstResponseDueAt, c.tierDueAt])).toEqual(cases.map(() => [at('2026-11-30T13:00:00Z'), at('2026-11-30T10:00:00Z')]));
  expect(await sa.cases.sweep(at('2026-11-29T23:59:00Z'))).toEqual([]);

  const monday = at('2026-11-30T13:00:00Z');
  const [fromA, fromB] = await Promise.all([sa.cases.sweep(monday), sb.cases.sweep(monday)]);
  const applied = [...fromA, ...fromB];
  expect(applied.filter((x) => x.kind === 'breach')).toHaveLength(6);
  expect(applied.filter((x) => x.kind === 'escalate')).toHaveLength(6);
  for (const c of cases) {
    const history = await a.cases.listEvents(c.id);
    expect(history.map((e) => e.type)).toEqual(['created', 'breached', 'escalated']);
    expect(await b.cases.get(c.id)).toMatchObject({ tier: 'L2', firstResponseBreachedAt: monday, version: 2 });
  }
  await Promise.all([sa.bus.idle(), sb.bus.idle()]);
  expect(sa.events('case.escalated').length + sb.events('case.escalated').length).toBe(6);
});
