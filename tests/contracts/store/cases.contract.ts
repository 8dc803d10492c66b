import pino from 'pino';
import { isCaseResolved, type Case, type CaseActor, type CaseEvent } from '../../../shared/cases';
import { createBus, type Bus } from '../../../server/domain/bus';
import type { DomainEventName, DomainEvents } from '../../../server/domain/events';
import { parseSchedule } from '../../../server/domain/business-hours';
import { createCasePolicy } from '../../../server/cases/case-policy';
import { createCaseService, type CaseService } from '../../../server/cases/case-service';
import type { NewCase, Store } from '../../../server/store/store';
import { makeConversation, newSite, uid, type GetStore } from './helpers';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);
const customer: CaseActor = { kind: 'customer', id: null };
const agentA: CaseActor = { kind: 'agent', id: 'agent-a' };
const agentB: CaseActor = { kind: 'agent', id: 'agent-b' };

const newCase = (over: Partial<NewCase> = {}): NewCase => ({
  siteId: newSite(),
  priority: 'B',
  department: 'general',
  category: 'general',
  subject: 'Parcel never arrived',
  locale: 'en',
  source: 'form',
  customerId: null,
  visitorId: uid(),
  conversationId: null,
  contactName: 'Li Wei',
  contactEmail: 'li@example.com',
  assigneeId: null,
  firstResponseDueAt: 1_700_000_100_000,
  resolutionDueAt: 1_700_000_200_000,
  tierDueAt: 1_700_000_150_000,
  createdAt: 1_700_000_000_000,
  actor: customer,
  ...over,
});

/** A service over the store under test, with a fake clock and a record of the domain events it emitted. */
function harness(store: Store, start: number) {
  const clock = { now: start };
  const bus: Bus = createBus(pino({ level: 'silent' }));
  const emitted: { name: DomainEventName; payload: unknown }[] = [];
  const names: DomainEventName[] = ['case.created', 'case.updated', 'case.replied', 'case.escalated', 'case.breached', 'case.solved', 'case.closed', 'case.merged'];
  for (const name of names) bus.on(name, (payload) => void emitted.push({ name, payload }));
  const policy = createCasePolicy({
    hours: { general: parseSchedule('Mon-Fri 09:00-18:00 Europe/London'), orders: parseSchedule('Mon-Fri 09:00-18:00 Europe/London'), always: null },
    specialistDepartments: { order: 'orders' },
  });
  const service: CaseService = createCaseService({ store, bus, clock: () => clock.now, policy });
  const events = <K extends DomainEventName>(name: K): DomainEvents[K][] =>
    emitted.filter((e) => e.name === name).map((e) => e.payload as DomainEvents[K]);
  return { clock, bus, service, events };
}

const types = (events: CaseEvent[]) => events.map((e) => (e.type === 'status' ? `status:${e.to}` : e.type));

/** CaseStore rules, then the whole lifecycle driven through the case service with a fake clock. */
export function casesContract(store: GetStore): void {
  describe('cases', () => {
    it('creates new L1 cases with increasing numbers and a created event', async () => {
      const input = newCase();
      const c1 = await store().cases.create(input);
      const c2 = await store().cases.create(newCase());
      const { actor: _actor, ...fields } = input;
      expect(c1).toEqual({
        id: expect.any(String), number: expect.any(Number), ...fields, status: 'new', tier: 'L1', updatedAt: input.createdAt,
        firstResponseAt: null, firstResponseBreachedAt: null, resolutionBreachedAt: null, pausedAt: null, solvedAt: null,
        closedAt: null, resolution: null, confirmation: null, mergedInto: null, lastSeq: 0, version: 1,
      });
      expect(c2.number).toBeGreaterThan(c1.number);
      expect(await store().cases.get(c1.id)).toEqual(c1);
      expect(await store().cases.getByNumber(c1.number)).toEqual(c1);
      expect(await store().cases.get(uid())).toBeNull();
      expect(await store().cases.listEvents(c1.id)).toEqual([
        { id: expect.any(String), caseId: c1.id, at: input.createdAt, actor: customer, type: 'created', source: 'form' },
      ]);
    });

    it('gives 20 concurrent cases distinct numbers', async () => {
      const cases = await Promise.all(Array.from({ length: 20 }, () => store().cases.create(newCase())));
      expect(new Set(cases.map((c) => c.number)).size).toBe(20);
    });

    it('appends messages with gapless seqs, never overwriting, without bumping the version', async () => {
      const c = await store().cases.create(newCase());
      const attachments = [{ blobId: 'blob-1', name: 'box.jpg', contentType: 'image/jpeg', size: 1234 }];
      const first = await store().cases.appendMessage({ caseId: c.id, kind: 'shopper', authorId: null, authorName: 'Li', text: 'Where is it?', attachments, createdAt: c.createdAt + 1 });
      expect(first).toEqual({
        id: expect.any(String), caseId: c.id, seq: 1, kind: 'shopper', authorId: null, authorName: 'Li', text: 'Where is it?',
        attachments, createdAt: c.createdAt + 1, mergedFrom: null,
      });
      await store().cases.appendMessage({ caseId: c.id, kind: 'note', authorId: 'agent-a', authorName: 'Ann', text: 'checking the carrier', createdAt: c.createdAt + 2 });
      await store().cases.appendMessage({ caseId: c.id, kind: 'reply', authorId: 'agent-a', authorName: 'Ann', text: 'On its way.', createdAt: c.createdAt + 3 });
      await store().cases.appendMessage({ caseId: c.id, kind: 'reply', authorId: 'agent-a', authorName: 'Ann', text: 'On its way.', createdAt: c.createdAt + 4 });
      const all = await store().cases.listMessages(c.id, { includeInternal: true });
      expect(all.map((m) => [m.seq, m.kind, m.text])).toEqual([
        [1, 'shopper', 'Where is it?'], [2, 'note', 'checking the carrier'], [3, 'reply', 'On its way.'], [4, 'reply', 'On its way.'],
      ]);
      expect((await store().cases.listMessages(c.id)).map((m) => m.seq)).toEqual([1, 3, 4]);
      expect((await store().cases.listMessages(c.id, { sinceSeq: 3 })).map((m) => m.seq)).toEqual([4]);
      expect((await store().cases.listMessages(c.id, { limit: 1 })).map((m) => m.seq)).toEqual([1]);
      expect(await store().cases.get(c.id)).toMatchObject({ lastSeq: 4, version: 1, updatedAt: c.createdAt + 4 });
      expect(await store().cases.appendMessage({ caseId: uid(), kind: 'shopper', authorId: null, authorName: null, text: 'x', createdAt: 1 })).toBeNull();
    });

    it('keeps seqs gapless under 20 concurrent appends', async () => {
      const c = await store().cases.create(newCase());
      await Promise.all(Array.from({ length: 20 }, (_, i) => store().cases.appendMessage({ caseId: c.id, kind: 'shopper', authorId: null, authorName: null, text: `m${i}`, createdAt: c.createdAt + i })));
      const seqs = (await store().cases.listMessages(c.id)).map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('updates by compare-and-set: of two agents moving the same version, exactly one wins', async () => {
      const c = await store().cases.create(newCase());
      const move = (actor: CaseActor, to: 'pending' | 'solved') =>
        store().cases.update(c.id, { version: c.version, status: ['new'] }, { patch: { status: to }, changes: [{ type: 'status', from: 'new', to, cause: 'agent' }], actor, at: c.createdAt + 10 });
      const results = await Promise.all([move(agentA, 'pending'), move(agentB, 'solved')]);
      const winners = results.filter((r): r is Case => r !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ version: 2, updatedAt: c.createdAt + 10 });
      const events = await store().cases.listEvents(c.id);
      expect(types(events)).toEqual(['created', `status:${winners[0]?.status}`]);
      expect(events[1]?.actor).toEqual(winners[0]?.status === 'pending' ? agentA : agentB);
      // A stale version or a status condition that no longer holds changes nothing.
      const stale = await store().cases.update(c.id, { version: 1 }, { patch: { subject: 'x' }, changes: [], actor: agentA, at: 1 });
      expect(stale).toBeNull();
      expect(await store().cases.update(c.id, { status: ['closed'] }, { patch: { subject: 'x' }, changes: [], actor: agentA, at: 1 })).toBeNull();
      expect(await store().cases.update(uid(), {}, { patch: { subject: 'x' }, changes: [], actor: agentA, at: 1 })).toBeNull();
      expect(await store().cases.get(c.id)).toEqual(winners[0]);
    });

    it('stores every patchable field', async () => {
      const c = await store().cases.create(newCase());
      const patch = {
        status: 'solved', priority: 'A', tier: 'L2', department: 'orders', category: 'complaint', subject: 'Late', assigneeId: 'agent-7',
        customerId: 'cust-9', contactName: '王芳', contactEmail: 'wf@example.com', firstResponseDueAt: 11, resolutionDueAt: 12, tierDueAt: null,
        firstResponseAt: 13, firstResponseBreachedAt: 14, resolutionBreachedAt: 15, pausedAt: 16, solvedAt: 17, closedAt: 18,
        resolution: 'dismissed', confirmation: { requestedAt: 17, closesAt: 19, answer: 'no', answeredAt: 18 },
      } as const;
      const updated = await store().cases.update(c.id, {}, { patch, changes: [], actor: agentA, at: c.createdAt + 5 });
      expect(updated).toEqual({ ...c, ...patch, version: 2, updatedAt: c.createdAt + 5 });
      expect(await store().cases.get(c.id)).toEqual(updated);
    });

    it('assigns with an assigned event, and refuses a stale version', async () => {
      const c = await store().cases.create(newCase());
      const a = await store().cases.assign(c.id, { version: 1 }, 'agent-a', agentA, c.createdAt + 1);
      expect(a).toMatchObject({ assigneeId: 'agent-a', version: 2 });
      expect(await store().cases.assign(c.id, { version: 1 }, 'agent-b', agentB, c.createdAt + 2)).toBeNull();
      const b = await store().cases.assign(c.id, { version: 2 }, null, agentB, c.createdAt + 3);
      expect(b).toMatchObject({ assigneeId: null, version: 3 });
      const events = await store().cases.listEvents(c.id);
      expect(events.slice(1)).toEqual([
        { id: expect.any(String), caseId: c.id, at: c.createdAt + 1, actor: agentA, type: 'assigned', from: null, to: 'agent-a' },
        { id: expect.any(String), caseId: c.id, at: c.createdAt + 3, actor: agentB, type: 'assigned', from: 'agent-a', to: null },
      ]);
      expect(await store().cases.assign(uid(), {}, 'x', agentA, 1)).toBeNull();
    });

    it('lists with filters, newest number first', async () => {
      const siteId = newSite();
      const mk = (over: Partial<NewCase>) => store().cases.create(newCase({ siteId, ...over }));
      const a = await mk({ priority: 'A', department: 'orders', customerId: 'cust-1', firstResponseDueAt: 1000, resolutionDueAt: 5000, tierDueAt: 3000 });
      const b = await mk({ priority: 'C', assigneeId: 'agent-a', visitorId: 'visitor-b', firstResponseDueAt: 2000, resolutionDueAt: 9000, tierDueAt: null });
      const c = await mk({ priority: 'B', firstResponseDueAt: 8000, resolutionDueAt: 9000, tierDueAt: 8500 });
      const ids = (cs: Case[]) => cs.map((x) => x.id);
      expect(ids(await store().cases.list({ siteId }))).toEqual([c.id, b.id, a.id]);
      expect(ids(await store().cases.list({ siteId, limit: 2 }))).toEqual([c.id, b.id]);
      expect(ids(await store().cases.list({ siteId, priority: ['A', 'C'] }))).toEqual([b.id, a.id]);
      expect(ids(await store().cases.list({ siteId, assigneeId: 'agent-a' }))).toEqual([b.id]);
      expect(ids(await store().cases.list({ siteId, assigneeId: null }))).toEqual([c.id, a.id]);
      expect(ids(await store().cases.list({ siteId, department: 'orders' }))).toEqual([a.id]);
      expect(ids(await store().cases.list({ siteId, customerId: 'cust-1' }))).toEqual([a.id]);
      expect(ids(await store().cases.list({ siteId, visitorId: 'visitor-b' }))).toEqual([b.id]);
      expect(ids(await store().cases.list({ siteId, tier: 'L1' }))).toEqual([c.id, b.id, a.id]);
      expect(ids(await store().cases.list({ siteId, status: ['new'] }))).toEqual([c.id, b.id, a.id]);
      expect(ids(await store().cases.list({ siteId, status: [] }))).toEqual([]);
      // Due: any deadline still to act on strictly before the time.
      expect(ids(await store().cases.list({ siteId, dueBefore: 1000 }))).toEqual([]);
      expect(ids(await store().cases.list({ siteId, dueBefore: 1001 }))).toEqual([a.id]);
      expect(ids(await store().cases.list({ siteId, dueBefore: 2001 }))).toEqual([b.id, a.id]);
      // A given first response or a recorded breach no longer makes a case due; pending stops every clock.
      await store().cases.update(a.id, {}, { patch: { firstResponseAt: 900 }, changes: [], actor: agentA, at: 900 });
      await store().cases.update(b.id, {}, { patch: { firstResponseBreachedAt: 2000 }, changes: [], actor: agentA, at: 2000 });
      expect(ids(await store().cases.list({ siteId, dueBefore: 2001 }))).toEqual([]);
      expect(ids(await store().cases.list({ siteId, dueBefore: 3001 }))).toEqual([a.id]);
      await store().cases.update(a.id, {}, { patch: { status: 'pending', pausedAt: 950 }, changes: [], actor: agentA, at: 950 });
      expect(ids(await store().cases.list({ siteId, dueBefore: 8600 }))).toEqual([c.id]);
      // A solved case is due when its confirmation window closes.
      await store().cases.update(c.id, {}, { patch: { status: 'solved', confirmation: { requestedAt: 7000, closesAt: 7500, answer: null, answeredAt: null } }, changes: [], actor: agentA, at: 7000 });
      expect(ids(await store().cases.list({ siteId, dueBefore: 7500 }))).toEqual([]);
      expect(ids(await store().cases.list({ siteId, dueBefore: 7501 }))).toEqual([c.id]);
    });

    it('merges a duplicate: messages copied in order to the primary, duplicate closed as merged, both histories told', async () => {
      const primary = await store().cases.create(newCase());
      const dup = await store().cases.create(newCase({ siteId: primary.siteId, visitorId: primary.visitorId }));
      await store().cases.appendMessage({ caseId: primary.id, kind: 'shopper', authorId: null, authorName: null, text: 'first report', createdAt: 10 });
      const d1 = await store().cases.appendMessage({ caseId: dup.id, kind: 'shopper', authorId: null, authorName: null, text: 'again: where is it', createdAt: 20 });
      const d2 = await store().cases.appendMessage({ caseId: dup.id, kind: 'note', authorId: 'agent-b', authorName: 'Bo', text: 'same as the other', createdAt: 30 });
      const result = await store().cases.merge(dup.id, primary.id, agentA, 40);
      expect(result?.duplicate).toMatchObject({ id: dup.id, status: 'closed', resolution: 'merged', mergedInto: primary.id, closedAt: 40 });
      expect(result?.primary).toMatchObject({ id: primary.id, status: 'new', lastSeq: 3 });
      const thread = await store().cases.listMessages(primary.id, { includeInternal: true });
      expect(thread.map((m) => [m.seq, m.kind, m.text, m.createdAt, m.mergedFrom])).toEqual([
        [1, 'shopper', 'first report', 10, null],
        [2, 'shopper', 'again: where is it', 20, { caseId: dup.id, messageId: d1?.id }],
        [3, 'note', 'same as the other', 30, { caseId: dup.id, messageId: d2?.id }],
      ]);
      // The duplicate keeps its own thread.
      expect(await store().cases.listMessages(dup.id, { includeInternal: true })).toEqual([d1, d2]);
      expect((await store().cases.listEvents(primary.id)).at(-1)).toMatchObject({ type: 'merged', duplicateId: dup.id, duplicateNumber: dup.number, messages: 2, actor: agentA, at: 40 });
      expect(types(await store().cases.listEvents(dup.id))).toEqual(['created', 'status:closed', 'merged_into']);
      // Merging again is a no-op; the refused merges say why.
      await store().cases.merge(dup.id, primary.id, agentA, 50);
      expect(await store().cases.listMessages(primary.id, { includeInternal: true })).toHaveLength(3);
      expect(types(await store().cases.listEvents(primary.id)).filter((t) => t === 'merged')).toHaveLength(1);
      await expect(store().cases.merge(primary.id, primary.id, agentA, 60)).rejects.toMatchObject({ code: 'INVALID_STATE' });
      await expect(store().cases.merge(primary.id, dup.id, agentA, 60)).rejects.toMatchObject({ code: 'INVALID_STATE' });
      expect(await store().cases.merge(uid(), primary.id, agentA, 60)).toBeNull();
    });

    it('keeps the customer read mark apart from the case: monotonic, capped at lastSeq, counting agent replies after it', async () => {
      const c = await store().cases.create(newCase());
      const add = (kind: 'shopper' | 'reply' | 'note', text: string) =>
        store().cases.appendMessage({ caseId: c.id, kind, authorId: kind === 'shopper' ? null : 'agent-a', authorName: null, text, createdAt: 10 });
      await add('shopper', 'where is it');
      await add('reply', 'on its way');
      await add('note', 'carrier ticket 77');
      await add('reply', 'tracking: 1Z999');
      const other = await store().cases.create(newCase());
      expect(await store().cases.unread([c.id, other.id, uid()])).toEqual({
        [c.id]: { readSeq: 0, unread: 2 },
        [other.id]: { readSeq: 0, unread: 0 },
      });
      expect(await store().cases.markRead(c.id, 2)).toBe(2);
      expect(await store().cases.unread([c.id])).toEqual({ [c.id]: { readSeq: 2, unread: 1 } });
      // Another device behind this one never moves the mark back; a mark past the thread stops at its end.
      expect(await store().cases.markRead(c.id, 1)).toBe(2);
      expect(await store().cases.markRead(c.id, 99)).toBe(4);
      expect(await store().cases.unread([c.id])).toEqual({ [c.id]: { readSeq: 4, unread: 0 } });
      // Reading is not a change: no version bump, no history entry.
      expect(await store().cases.get(c.id)).toMatchObject({ version: c.version, lastSeq: 4 });
      expect(types(await store().cases.listEvents(c.id))).toEqual(['created']);
      expect(await store().cases.markRead(uid(), 1)).toBeNull();
      expect(await store().cases.unread([])).toEqual({});
    });

    describe('lifecycle through the case service, on a fake clock', () => {
      it('counts SLA and tier timers in business hours: overnight and week-end waits are not breaches', async () => {
        // Friday 17:30 in London (GMT): 30 business minutes are left that day.
        const h = harness(store(), at('2026-11-27T17:30:00Z'));
        const siteId = newSite();
        const c = await h.service.open({ siteId, locale: 'en', source: 'form', text: 'Wrong size delivered', category: 'order', priority: 'B', actor: customer });
        expect(c).toMatchObject({
          status: 'new', tier: 'L1', department: 'general', subject: 'Wrong size delivered',
          firstResponseDueAt: at('2026-11-27T18:00:00Z'), // B: 30 min
          tierDueAt: at('2026-11-30T09:30:00Z'), // L1: 1 h = 30 min Friday + 30 min Monday
          resolutionDueAt: at('2026-11-30T10:30:00Z'), // B: 2 h
        });
        const sweep = async (iso: string) => (await h.service.sweep(at(iso), { siteId })).map((a) => a.kind === 'breach' ? `breach:${a.target}` : a.kind);
        expect(await sweep('2026-11-27T17:59:59Z')).toEqual([]);
        expect(await sweep('2026-11-27T18:00:00Z')).toEqual(['breach:first_response']);
        expect(await sweep('2026-11-28T12:00:00Z')).toEqual([]);
        expect(await sweep('2026-11-30T09:29:00Z')).toEqual([]);
        expect(await sweep('2026-11-30T09:30:00Z')).toEqual(['escalate']);
        const escalated = await store().cases.get(c.id);
        // L2 goes to the category's specialist department, unassigned, with the L2 timer (4 business hours) running.
        expect(escalated).toMatchObject({ tier: 'L2', department: 'orders', assigneeId: null, tierDueAt: at('2026-11-30T13:30:00Z'), firstResponseBreachedAt: at('2026-11-27T18:00:00Z') });
        expect(h.events('case.escalated')).toEqual([expect.objectContaining({ fromTier: 'L1', toTier: 'L2', isAutomatic: true, actor: { kind: 'system', id: null } })]);
        expect(await sweep('2026-11-30T10:30:00Z')).toEqual(['breach:resolution']);
        expect(await sweep('2026-11-30T13:30:00Z')).toEqual(['escalate']);
        expect(await store().cases.get(c.id)).toMatchObject({ tier: 'L3', tierDueAt: null });
        expect(await sweep('2026-12-30T13:30:00Z')).toEqual([]);
        const history = await store().cases.listEvents(c.id);
        expect(types(history)).toEqual(['created', 'breached', 'escalated', 'breached', 'escalated']);
        expect(history[2]).toMatchObject({ fromTier: 'L1', toTier: 'L2', fromDepartment: 'general', toDepartment: 'orders', reason: 'tier_timer', isAutomatic: true, at: at('2026-11-30T09:30:00Z') });
        expect(h.events('case.breached').map((e) => e.target)).toEqual(['first_response', 'resolution']);
      });

      it('acknowledges complaints within one working hour whatever their priority', async () => {
        const h = harness(store(), at('2026-11-23T17:30:00Z'));
        const c = await h.service.open({ siteId: newSite(), locale: 'en', source: 'form', text: 'Rude courier', category: 'complaint', priority: 'C', actor: customer });
        expect(c.firstResponseDueAt).toBe(at('2026-11-24T09:30:00Z'));
      });

      it('pauses while pending, asks for confirmation when solved, reopens on "No", closes unanswered after 3 days', async () => {
        const t0 = at('2026-06-01T08:00:00Z');
        const h = harness(store(), t0);
        const siteId = newSite();
        const c = await h.service.open({ siteId, locale: 'en', source: 'form', text: 'Refund missing', department: 'always', priority: 'C', actor: customer });
        expect(c.resolutionDueAt).toBe(t0 + 24 * HOUR);
        h.clock.now = t0 + 10 * MIN;
        const replied = await h.service.reply(c.id, { kind: 'agent', id: 'agent-a', name: 'Ann' }, { text: 'Could you send the order number?' });
        expect(replied.case).toMatchObject({ status: 'open', firstResponseAt: t0 + 10 * MIN });
        h.clock.now = t0 + 20 * MIN;
        await h.service.setStatus(c.id, 'pending', agentA);
        // 30 hours waiting on the customer: no breach, the clock is stopped.
        expect(await h.service.sweep(t0 + 30 * HOUR, { siteId })).toEqual([]);
        h.clock.now = t0 + 30 * HOUR;
        const back = await h.service.reply(c.id, { kind: 'customer' }, { text: 'It is A-1001' });
        expect(back.case).toMatchObject({ status: 'open', pausedAt: null, resolutionDueAt: t0 + 30 * HOUR + (24 * HOUR - 20 * MIN) });

        h.clock.now = t0 + 31 * HOUR;
        const solved = await h.service.setStatus(c.id, 'solved', agentA);
        expect(solved.confirmation).toEqual({ requestedAt: t0 + 31 * HOUR, closesAt: t0 + 31 * HOUR + 3 * DAY, answer: null, answeredAt: null });
        expect(h.events('case.solved').map((e) => e.case.id)).toEqual([c.id]);
        expect(isCaseResolved(solved)).toBe(false);

        h.clock.now = t0 + 32 * HOUR;
        const reopened = await h.service.confirm(c.id, false, customer);
        expect(reopened).toMatchObject({ status: 'reopened', solvedAt: null, resolutionDueAt: t0 + 32 * HOUR + 24 * HOUR, confirmation: { answer: 'no', answeredAt: t0 + 32 * HOUR } });

        h.clock.now = t0 + 33 * HOUR;
        await h.service.reply(c.id, { kind: 'agent', id: 'agent-a', name: 'Ann' }, { text: 'Refund re-sent.' });
        const solvedAgain = await h.service.setStatus(c.id, 'solved', agentA);
        const closesAt = t0 + 33 * HOUR + 3 * DAY;
        expect(await h.service.sweep(closesAt - 1, { siteId })).toEqual([]);
        expect(await h.service.sweep(closesAt, { siteId })).toEqual([{ kind: 'auto_close', caseId: c.id, dueAt: closesAt }]);
        const closed = await store().cases.get(c.id);
        expect(closed).toMatchObject({ status: 'closed', resolution: 'auto_closed', closedAt: closesAt, version: solvedAgain.version + 1 });
        expect(isCaseResolved(closed!)).toBe(true);
        expect(types(await store().cases.listEvents(c.id))).toEqual([
          'created', 'status:open', 'status:pending', 'status:open', 'status:solved', 'status:reopened', 'status:open', 'status:solved', 'status:closed',
        ]);
        await expect(h.service.reply(c.id, { kind: 'customer' }, { text: 'one more thing' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
        const thread = await store().cases.listMessages(c.id);
        expect(thread.map((m) => m.kind)).toEqual(['shopper', 'reply', 'shopper', 'reply']);
      });

      it('closes as resolved when the customer confirms, and lets only one of two racing agents move a case', async () => {
        const h = harness(store(), at('2026-06-02T08:00:00Z'));
        const c = await h.service.open({ siteId: newSite(), locale: 'en', source: 'form', text: 'Coupon fails', department: 'always', actor: customer });
        const results = await Promise.allSettled([
          h.service.setStatus(c.id, 'pending', agentA, c.version),
          h.service.setStatus(c.id, 'solved', agentB, c.version),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
        const now = await store().cases.get(c.id);
        if (now?.status === 'pending') await h.service.setStatus(c.id, 'solved', agentA);
        const confirmed = await h.service.confirm(c.id, true, customer);
        expect(confirmed).toMatchObject({ status: 'closed', resolution: 'confirmed', confirmation: { answer: 'yes' } });
        expect(isCaseResolved(confirmed)).toBe(true);
        await expect(h.service.confirm(c.id, true, customer)).rejects.toMatchObject({ code: 'INVALID_STATE' });
      });

      it('converts a chat: its transcript becomes the first messages, in order, notes kept internal', async () => {
        const h = harness(store(), at('2026-11-24T10:00:00Z'));
        const chat = await makeConversation(store(), { department: 'orders' });
        await store().messages.append({ conversationId: chat.id, clientId: `client-${uid()}`, sender: 'shopper', text: 'The box arrived crushed' });
        await store().messages.append({ conversationId: chat.id, clientId: null, sender: 'bot', senderName: 'Parley', text: 'Passing you to our team' });
        await store().messages.append({ conversationId: chat.id, clientId: null, sender: 'agent', agentId: 'agent-a', senderName: 'Ann', text: 'photo please', internal: true });
        const c = await h.service.openFromChat({ conversationId: chat.id, actor: agentA });
        expect(c).toMatchObject({ source: 'chat', conversationId: chat.id, visitorId: chat.visitorId, department: 'orders', subject: 'The box arrived crushed', lastSeq: 3 });
        expect((await store().cases.listMessages(c.id, { includeInternal: true })).map((m) => [m.seq, m.kind, m.text])).toEqual([
          [1, 'shopper', 'The box arrived crushed'], [2, 'bot', 'Passing you to our team'], [3, 'note', 'photo please'],
        ]);
        await expect(h.service.openFromChat({ conversationId: uid(), actor: agentA })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('finds the cases opened from a chat: converted, or a message left from it (agents read the chat through them)', async () => {
        const h = harness(store(), at('2026-11-24T10:00:00Z'));
        const chat = await makeConversation(store(), { department: 'orders' });
        await store().messages.append({ conversationId: chat.id, clientId: `client-${uid()}`, sender: 'shopper', text: 'Where is my parcel?' });
        const converted = await h.service.openFromChat({ conversationId: chat.id, actor: agentA });
        const left = await h.service.open({ siteId: chat.siteId, locale: 'en', source: 'form', text: 'Please e-mail me', conversationId: chat.id, actor: customer });
        await h.service.open({ siteId: chat.siteId, locale: 'en', source: 'form', text: 'Unrelated', actor: customer });
        expect(left).toMatchObject({ conversationId: chat.id, source: 'form' });
        expect((await store().cases.list({ conversationId: chat.id })).map((c) => c.id)).toEqual([left.id, converted.id]);
        expect(await store().cases.list({ conversationId: uid() })).toEqual([]);
      });

      it('escalates by hand with a reason, to a named owner, and refuses going down', async () => {
        const h = harness(store(), at('2026-11-24T10:00:00Z'));
        const c = await h.service.open({ siteId: newSite(), locale: 'en', source: 'form', text: 'App crashes at checkout', actor: customer });
        const up = await h.service.escalate(c.id, { toTier: 'L3', reason: 'payment outage suspected', assigneeId: 'supervisor-1' }, agentA);
        expect(up).toMatchObject({ tier: 'L3', assigneeId: 'supervisor-1', tierDueAt: null });
        expect((await store().cases.listEvents(c.id)).slice(1)).toEqual([
          expect.objectContaining({ type: 'escalated', fromTier: 'L1', toTier: 'L3', reason: 'payment outage suspected', isAutomatic: false, actor: agentA }),
          expect.objectContaining({ type: 'assigned', from: null, to: 'supervisor-1' }),
        ]);
        await expect(h.service.escalate(c.id, { toTier: 'L2', reason: 'x' }, agentA)).rejects.toMatchObject({ code: 'INVALID_STATE' });
      });
    });
  });
}
