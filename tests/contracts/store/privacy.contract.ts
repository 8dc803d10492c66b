import type { CaseActor, CaseStatus } from '../../../shared/cases';
import { normaliseEmail } from '../../../server/privacy/data-subject';
import type { NewCase, Store } from '../../../server/store/store';
import { makeConversation, makeVisitor, newSite, uid, type GetStore } from './helpers';

const agent: CaseActor = { kind: 'agent', id: 'agent-a' };

const newCase = (over: Partial<NewCase> = {}): NewCase => ({
  siteId: newSite(), priority: 'C', department: 'general', category: 'general', subject: 'refund', locale: 'en', source: 'form',
  customerId: null, visitorId: uid(), conversationId: null, contactName: 'Pat', contactEmail: 'pat@example.com', assigneeId: null,
  firstResponseDueAt: null, resolutionDueAt: null, tierDueAt: null, createdAt: 100, actor: { kind: 'customer', id: null },
  ...over,
});

/** Moves a case to `status` at `at` the way the lifecycle would (closing sets closedAt, solving asks to confirm). */
async function moveTo(store: Store, caseId: string, status: CaseStatus, at: number): Promise<void> {
  const before = await store.cases.get(caseId);
  const patch =
    status === 'closed'
      ? { status, closedAt: at, resolution: 'confirmed' as const }
      : status === 'solved'
        ? { status, solvedAt: at, confirmation: { requestedAt: at, closesAt: at + 100, answer: null, answeredAt: null } }
        : { status };
  await store.cases.update(caseId, {}, { patch, changes: [{ type: 'status', from: before?.status ?? 'new', to: status, cause: 'agent' }], actor: agent, at });
}

/** Purges in batches until a batch comes back short, as the server's retention does. */
async function purgeCases(store: Store, before: number): Promise<number> {
  let total = 0;
  for (let n = 100; n === 100; total += n) n = await store.privacy.purgeCasesClosedBefore(before, 100);
  return total;
}

/** PrivacyStore rules: find by visitor or customer id, export everything, erase everything, purge by age (tickets with their cases). */
export function privacyContract(store: GetStore): void {
  describe('privacy', () => {
    it('finds, exports and erases a shopper by customer id', async () => {
      const customerId = `cust-${uid()}`;
      const v = await makeVisitor(store());
      await store().visitors.update(v.id, { identity: { externalId: customerId, name: 'Pat', email: null, verified: false, idVerified: true, tier: null } });
      const c = await makeConversation(store(), { siteId: v.siteId, visitorId: v.id });
      await store().messages.append({ conversationId: c.id, clientId: uid(), sender: 'shopper', text: 'private' });
      const kase = await store().cases.create({
        siteId: v.siteId, priority: 'C', department: 'general', category: 'general', subject: 'call me', locale: 'en', source: 'form',
        customerId, visitorId: v.id, conversationId: null, contactName: 'Pat', contactEmail: 'pat@example.com', assigneeId: null,
        firstResponseDueAt: null, resolutionDueAt: null, tierDueAt: null, createdAt: 1, actor: { kind: 'customer', id: null },
      });
      await store().cases.appendMessage({ caseId: kase.id, kind: 'shopper', authorId: null, authorName: 'Pat', text: 'call me on 555-0100', createdAt: 2 });
      await store().cases.appendMessage({ caseId: kase.id, kind: 'note', authorId: 'agent-a', authorName: 'Ann', text: 'Pat is upset', createdAt: 3 });
      await store().cases.markRead(kase.id, 1);
      const review = await store().qa.create({
        siteId: v.siteId, conversationId: c.id, agentId: 'agent-1', reviewerId: 'lead-1',
        scores: { greeting: 4, accuracy: 4, tone: 4, resolution: 4, notes: 4 }, comment: 'Pat said: my address is …', createdAt: 1000,
      });
      expect(await store().privacy.findVisitorIds({ customerId })).toEqual([v.id]);
      expect(await store().privacy.findVisitorIds({ visitorId: v.id })).toEqual([v.id]);
      expect(await store().privacy.findVisitorIds({ visitorId: `none-${uid()}` })).toEqual([]);
      const data = await store().privacy.export({ visitorIds: [v.id], emails: [], customerIds: [] });
      expect(data.visitors.map((x) => x.id)).toEqual([v.id]);
      expect(data.conversations.map((x) => x.id)).toEqual([c.id]);
      expect(data.messages.map((m) => m.text)).toEqual(['private']);
      expect(data.cases.map((x) => x.id)).toEqual([kase.id]);
      expect(data.caseMessages.map((m) => m.text)).toEqual(['call me on 555-0100', 'Pat is upset']);
      expect(await store().privacy.erase({ visitorIds: [v.id], emails: [], customerIds: [] })).toEqual({ visitors: 1, conversations: 1, messages: 1, tickets: 0, cases: 1 });
      expect(await store().cases.get(kase.id)).toBeNull();
      expect(await store().cases.listMessages(kase.id, { includeInternal: true })).toEqual([]);
      expect(await store().cases.listEvents(kase.id)).toEqual([]);
      expect(await store().visitors.get(v.id)).toBeNull();
      expect(await store().conversations.get(c.id)).toBeNull();
      // A reviewer may have quoted the shopper: the comment goes, the scores stay in the agent's QA figures.
      expect(await store().qa.list({ conversationId: c.id, limit: 5 })).toEqual([{ ...review, comment: null }]);
    });

    it('finds by customer id only visitors whose id the shop proved, never one who only claimed it', async () => {
      const customerId = `cust-${uid()}`;
      const proven = await makeVisitor(store());
      await store().visitors.update(proven.id, { identity: { externalId: customerId, name: 'Pat', email: null, verified: false, idVerified: true, tier: null } });
      const signed = await makeVisitor(store());
      await store().visitors.update(signed.id, { identity: { externalId: customerId, name: 'Pat', email: null, verified: true, idVerified: true, tier: null } });
      const claimer = await makeVisitor(store());
      await store().visitors.update(claimer.id, { identity: { externalId: customerId, name: 'Pat', email: null, verified: false, idVerified: false, tier: null } });
      expect((await store().privacy.findVisitorIds({ customerId })).sort()).toEqual([proven.id, signed.id].sort());
      // The claimer is still found as the visitor they are.
      expect(await store().privacy.findVisitorIds({ visitorId: claimer.id, customerId })).toContain(claimer.id);
    });

    it('matches an agent case\'s e-mail whatever its letter case beyond ASCII (ÉLODIE, élodie)', async () => {
      const email = normaliseEmail(`élodie-${uid()}@example.com`);
      const byAgent = { siteId: 'console', source: 'agent' as const, visitorId: null, actor: agent };
      const phoned = await store().cases.create(newCase({ ...byAgent, contactEmail: email.toUpperCase() }));
      expect(phoned.contactEmail).toContain('É');
      expect((await store().privacy.export({ visitorIds: [], emails: [email], customerIds: [] })).cases.map((c) => c.id)).toEqual([phoned.id]);
      expect(await store().privacy.erase({ visitorIds: [], emails: [email], customerIds: [] })).toMatchObject({ cases: 1 });
      expect(await store().cases.get(phoned.id)).toBeNull();
    });

    it('matches an agent case\'s e-mail typed with spaces around it, under one key (emailKey) on every adapter', async () => {
      const email = normaliseEmail(`li-${uid()}@example.com`);
      const byAgent = { siteId: 'console', source: 'agent' as const, visitorId: null, actor: agent };
      const phoned = await store().cases.create(newCase({ ...byAgent, contactEmail: `  ${email.toUpperCase()} ` }));
      expect(phoned.contactEmail).toMatch(/^ {2}LI-/);
      // A longer address that only starts with it is someone else's.
      const other = await store().cases.create(newCase({ ...byAgent, contactEmail: `x${email}` }));
      expect((await store().privacy.export({ visitorIds: [], emails: [email], customerIds: [] })).cases.map((c) => c.id)).toEqual([phoned.id]);
      expect(await store().privacy.erase({ visitorIds: [], emails: [email], customerIds: [] })).toMatchObject({ cases: 1 });
      expect(await store().cases.get(phoned.id)).toBeNull();
      expect(await store().cases.get(other.id)).not.toBeNull();
    });

    it('finds the cases agents opened for the subject\'s customer id, once each, and no visitor\'s case that only shares the id', async () => {
      const customerId = `cus-${uid()}`;
      const email = `kim-${uid()}@example.com`;
      const byAgent = { siteId: 'console', source: 'agent' as const, visitorId: null, actor: agent };
      const phoned = await store().cases.create(newCase({ ...byAgent, customerId, contactEmail: email }));
      const otherId = await store().cases.create(newCase({ ...byAgent, customerId: `${customerId}-x`, contactEmail: null }));
      // A case from a visitor goes with that visitor (erased by visitor id), never by the id alone.
      const visitorsCase = await store().cases.create(newCase({ customerId }));

      const subject = { visitorIds: [], emails: [email], customerIds: [customerId] };
      // Found by its e-mail and by its customer id: exported once.
      expect((await store().privacy.export(subject)).cases.map((c) => c.id)).toEqual([phoned.id]);
      expect(await store().privacy.erase(subject)).toMatchObject({ cases: 1 });
      expect(await store().cases.get(phoned.id)).toBeNull();
      expect(await store().cases.get(otherId.id)).not.toBeNull();
      expect(await store().cases.get(visitorsCase.id)).not.toBeNull();
    });

    it('finds the cases agents opened for the subject\'s e-mail (any letter case), and nobody else\'s', async () => {
      const email = `pat-${uid()}@example.com`;
      const v = await makeVisitor(store());
      const byAgent = { siteId: 'console', source: 'agent' as const, visitorId: null, actor: agent };
      const phoned = await store().cases.create(newCase({ ...byAgent, contactEmail: email.toUpperCase() }));
      await store().cases.appendMessage({ caseId: phoned.id, kind: 'note', authorId: 'agent-a', authorName: 'Ann', text: 'Pat phoned: card ends 4242', createdAt: 200 });
      const file = await store().attachments.create({
        id: uid().replace(/-/g, ''), siteId: 'console', name: 'letter.pdf', contentType: 'application/pdf', size: 10, hasThumbnail: false,
        visitorId: null, agentId: 'agent-a', createdAt: 150,
      });
      expect(await store().attachments.claim(file.id, { caseId: phoned.id })).not.toBeNull();
      // Someone else's phone call, and a form where another shopper typed Pat's address: neither is Pat's to erase.
      const otherCall = await store().cases.create(newCase({ ...byAgent, contactEmail: `other-${uid()}@example.com` }));
      const strangersForm = await store().cases.create(newCase({ contactEmail: email }));

      const subject = { visitorIds: [v.id], emails: [email], customerIds: [] };
      const data = await store().privacy.export(subject);
      expect(data.cases.map((c) => c.id)).toEqual([phoned.id]);
      expect(data.caseMessages.map((m) => m.text)).toEqual(['Pat phoned: card ends 4242']);
      expect((await store().attachments.list({ caseIds: [phoned.id] })).map((a) => a.id)).toEqual([file.id]);
      // Found by the e-mail alone too: someone who only ever phoned has no visitor.
      expect((await store().privacy.export({ visitorIds: [], emails: [email], customerIds: [] })).cases.map((c) => c.id)).toEqual([phoned.id]);

      expect(await store().privacy.erase(subject)).toEqual({ visitors: 1, conversations: 0, messages: 0, tickets: 0, cases: 1 });
      expect(await store().cases.get(phoned.id)).toBeNull();
      expect(await store().cases.listMessages(phoned.id, { includeInternal: true })).toEqual([]);
      expect((await store().attachments.listDangling({ limit: 10_000 })).map((a) => a.id)).toContain(file.id);
      expect(await store().cases.get(otherCall.id)).not.toBeNull();
      expect(await store().cases.get(strangersForm.id)).not.toBeNull();
      await store().attachments.delete([file.id]);
    });

    it('purges only conversations closed before the cut-off', async () => {
      const oldOne = await makeConversation(store());
      const recent = await makeConversation(store());
      const open = await makeConversation(store());
      await store().conversations.update(oldOne.id, { status: 'closed', closedAt: 1000 });
      await store().conversations.update(recent.id, { status: 'closed', closedAt: 5000 });
      expect(await store().privacy.purgeClosedBefore(2000)).toBeGreaterThanOrEqual(1);
      expect(await store().conversations.get(oldOne.id)).toBeNull();
      expect(await store().conversations.get(recent.id)).not.toBeNull();
      expect(await store().conversations.get(open.id)).not.toBeNull();
    });

    it('purges closed cases past the cut-off with their thread, history and files; keeps the rest however old', async () => {
      const v = await makeVisitor(store());
      const old = await store().cases.create(newCase({ siteId: v.siteId, visitorId: v.id }));
      await store().cases.appendMessage({ caseId: old.id, kind: 'shopper', authorId: null, authorName: 'Pat', text: 'card ends 4242', createdAt: 200 });
      await store().cases.appendMessage({ caseId: old.id, kind: 'reply', authorId: 'agent-a', authorName: 'Ann', text: 'refunded', createdAt: 300 });
      await store().cases.markRead(old.id, 2);
      const file = await store().attachments.create({
        id: uid().replace(/-/g, ''), siteId: v.siteId, name: 'receipt.pdf', contentType: 'application/pdf', size: 10, hasThumbnail: false,
        visitorId: v.id, agentId: null, createdAt: 150,
      });
      expect(await store().attachments.claim(file.id, { caseId: old.id })).not.toBeNull();
      await moveTo(store(), old.id, 'closed', 1000);
      // Pending and solved are not final (a solved case may still be reopened by the customer): kept at any age.
      const pending = await store().cases.create(newCase());
      await moveTo(store(), pending.id, 'pending', 500);
      const solved = await store().cases.create(newCase());
      await moveTo(store(), solved.id, 'solved', 600);
      const untouched = await store().cases.create(newCase());
      const recent = await store().cases.create(newCase());
      await moveTo(store(), recent.id, 'closed', 5000);

      expect(await store().privacy.purgeCasesClosedBefore(2000, 1)).toBe(1);
      await purgeCases(store(), 2000);
      expect(await store().cases.get(old.id)).toBeNull();
      expect(await store().cases.listMessages(old.id, { includeInternal: true })).toEqual([]);
      expect(await store().cases.listEvents(old.id)).toEqual([]);
      // The file now has no owner: the attachment purge deletes its blob, then its record.
      expect((await store().attachments.listDangling({ limit: 10_000 })).map((a) => a.id)).toContain(file.id);
      for (const kept of [pending, solved, untouched, recent]) expect(await store().cases.get(kept.id)).not.toBeNull();
      expect((await store().cases.listEvents(recent.id)).length).toBeGreaterThan(0);
      // The shopper is not erased by retention, only their old case.
      expect(await store().visitors.get(v.id)).not.toBeNull();
      await store().attachments.delete([file.id]);
    });

    it('purges an old ticket row once no case has its number (its copy was purged); keeps it while younger than the cut-off', async () => {
      // A ticket written through the port never got a case (cases take later numbers): like one whose copy retention deleted.
      const t = await store().tickets.create({
        siteId: newSite(), visitorId: uid(), conversationId: null, department: 'general', name: 'Li', email: 'li@example.com', message: 'call me',
      });
      const purgeAll = async (before: number) => {
        for (let n = 1000; n === 1000; ) n = await store().privacy.purgeTicketsOfPurgedCases(before, 1000);
      };
      // Older caseless rows (the tickets suite's) go; this one is not older than the cut-off.
      await purgeAll(t.createdAt);
      expect(await store().tickets.get(t.id)).not.toBeNull();
      // Batched: a limit of one deletes one.
      expect(await store().privacy.purgeTicketsOfPurgedCases(t.createdAt + 1, 1)).toBe(1);
      await purgeAll(t.createdAt + 1);
      expect(await store().tickets.get(t.id)).toBeNull();
    });

    it('keeps a merged duplicate while its primary is kept, and purges both once the primary is due', async () => {
      const primary = await store().cases.create(newCase());
      const dup = await store().cases.create(newCase({ siteId: primary.siteId, visitorId: primary.visitorId }));
      await store().cases.appendMessage({ caseId: dup.id, kind: 'shopper', authorId: null, authorName: null, text: 'photo attached', createdAt: 200 });
      await store().cases.merge(dup.id, primary.id, agent, 1000);
      expect((await store().cases.get(dup.id))?.closedAt).toBe(1000);

      await purgeCases(store(), 2000);
      expect(await store().cases.get(dup.id)).not.toBeNull();
      expect(await store().cases.listMessages(dup.id)).toHaveLength(1);

      await moveTo(store(), primary.id, 'closed', 1500);
      expect(await purgeCases(store(), 2000)).toBeGreaterThanOrEqual(2);
      expect(await store().cases.get(primary.id)).toBeNull();
      expect(await store().cases.get(dup.id)).toBeNull();
      expect(await store().cases.listMessages(dup.id)).toEqual([]);
    });
  });
}
