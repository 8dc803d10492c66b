/**
 * The case use cases: open (from a form or by converting a chat), reply, set status, assign, escalate,
 * confirm, merge, and sweep the clocks. Depends only on the store port, the domain bus and a clock, so the
 * same service runs under sockets, HTTP or a test with a fake clock. Changes are optimistic: read, plan with
 * the pure core, compare-and-set on the version read; a caller that passes the version it showed the agent
 * gets CONFLICT when someone else moved the case first.
 */
import type { Case, CaseActor, CaseChange, CaseMessage, CaseMessageKind, CasePriority, CaseSource, CaseTier, AttachmentRef } from '../../shared/cases';
import { AppError } from '../../shared/errors';
import type { Locale, Message } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { CasePatch, Store } from '../store/store';
import { provenCustomerId } from './case-access';
import { planEscalation } from './case-escalation';
import { planTransition } from './case-lifecycle';
import type { CasePolicy } from './case-policy';
import { casePriorityFromChat } from './case-priority';
import { initialDeadlines, reprioritisedDeadlines } from './sla-clock';
import { sweepCases, type SweepAction } from './sweep-cases';

/** Attempts of one optimistic change before giving up with CONFLICT (only when no version was given). */
const MAX_ATTEMPTS = 5;
/** Cases read per sweep page. */
const SWEEP_PAGE = 200;
const SUBJECT_CHARS = 80;
const DEFAULT_DEPARTMENT = 'general';
const DEFAULT_CATEGORY = 'general';

export interface CaseServiceDeps {
  store: Store;
  bus: Bus;
  /** Now, in epoch ms: Date.now in production, a fake clock in tests. */
  clock: () => number;
  policy: CasePolicy;
}

export interface OpenCaseInput {
  siteId: string;
  locale: Locale;
  source: Exclude<CaseSource, 'chat'>;
  /** The first message: the shopper's when the actor is the customer, else the team's internal note. */
  text: string;
  subject?: string;
  category?: string;
  department?: string;
  priority?: CasePriority;
  customerId?: string | null;
  visitorId?: string | null;
  contactName?: string | null;
  contactEmail?: string | null;
  attachments?: AttachmentRef[];
  /** The chat the customer left this message from (the offline form): agents open it from the case. */
  conversationId?: string | null;
  actor: CaseActor;
}

export interface ConvertChatInput {
  conversationId: string;
  subject?: string;
  category?: string;
  department?: string;
  priority?: CasePriority;
  actor: CaseActor;
}

/** Who writes: an agent (public reply or internal note) or the customer. */
export type CaseAuthor = { kind: 'agent'; id: string; name: string } | { kind: 'customer'; name?: string | null };

export interface EscalateInput {
  toTier: Exclude<CaseTier, 'L1'>;
  reason: string;
  department?: string;
  assigneeId?: string | null;
}

export interface CaseService {
  open(input: OpenCaseInput): Promise<Case>;
  /** Converts a chat: its transcript (notes included, as notes) becomes the case's first messages. */
  openFromChat(input: ConvertChatInput): Promise<Case>;
  /** A reply on a merged duplicate goes to its primary. */
  reply(
    caseId: string,
    author: CaseAuthor,
    body: { text: string; isInternal?: boolean; attachments?: AttachmentRef[] },
  ): Promise<{ case: Case; message: CaseMessage }>;
  setStatus(caseId: string, status: 'open' | 'pending' | 'solved', actor: CaseActor, version?: number): Promise<Case>;
  setPriority(caseId: string, priority: CasePriority, actor: CaseActor, version?: number): Promise<Case>;
  /** Closes without resolving (spam, withdrawn): resolution 'dismissed'. */
  dismiss(caseId: string, actor: CaseActor, version?: number): Promise<Case>;
  assign(caseId: string, assigneeId: string | null, actor: CaseActor, version?: number): Promise<Case>;
  escalate(caseId: string, input: EscalateInput, actor: CaseActor, version?: number): Promise<Case>;
  /** The customer's answer to "Did this solve it?": yes closes (resolved), no reopens. */
  confirm(caseId: string, isSolved: boolean, actor: CaseActor): Promise<Case>;
  merge(duplicateId: string, primaryId: string, actor: CaseActor): Promise<{ primary: Case; duplicate: Case }>;
  /**
   * Applies what the clock demands (breaches, tier escalations, auto-closes) and returns what it applied.
   * Every instance may sweep: each action is a compare-and-set re-planned on a fresh read, so none repeats.
   */
  sweep(now?: number, scope?: { siteId?: string }): Promise<SweepAction[]>;
}

const SYSTEM: CaseActor = { kind: 'system', id: null };
const AUTO_ESCALATION_REASON = 'tier_timer';

function subjectOf(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > SUBJECT_CHARS ? `${line.slice(0, SUBJECT_CHARS - 1)}…` : line;
}

function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', { message: `case ${id} not found`, userMessage: 'This request was not found.' });
}

function conflict(c: Case): AppError {
  return new AppError('CONFLICT', {
    message: `case ${c.number} was changed by someone else (now version ${c.version})`,
    userMessage: 'Someone else changed this request just now. Reload it and try again.',
  });
}

function transcriptKind(m: Message): CaseMessageKind {
  if (m.sender === 'agent') return m.internal ? 'note' : 'reply';
  return m.sender;
}

type Plan = { patch: CasePatch; changes: CaseChange[] } | null;

export function createCaseService(deps: CaseServiceDeps): CaseService {
  const { store, bus, clock, policy } = deps;

  const load = async (id: string): Promise<Case> => {
    const c = await store.cases.get(id);
    if (!c) throw notFound(id);
    return c;
  };

  /**
   * Read, plan, compare-and-set. A null plan means nothing to do (the case is returned unchanged). With an
   * expected version, any change made since fails with CONFLICT instead of being re-planned.
   */
  const mutate = async (
    id: string,
    actor: CaseActor,
    plan: (c: Case, now: number) => Plan,
    version?: number,
    at?: number,
  ): Promise<{ previous: Case; case: Case; changes: CaseChange[] }> => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await load(id);
      if (version !== undefined && current.version !== version) throw conflict(current);
      const now = at ?? clock();
      const planned = plan(current, now);
      if (!planned) return { previous: current, case: current, changes: [] };
      const updated = await store.cases.update(id, { version: current.version }, { ...planned, actor, at: now });
      if (updated) {
        bus.emit('case.updated', { case: updated, previous: current, changes: planned.changes, actor });
        if (updated.status === 'solved' && current.status !== 'solved') bus.emit('case.solved', { case: updated });
        if (updated.status === 'closed' && current.status !== 'closed') bus.emit('case.closed', { case: updated });
        return { previous: current, case: updated, changes: planned.changes };
      }
      if (version !== undefined) throw conflict(await load(id));
    }
    throw conflict(await load(id));
  };

  const transition = (to: Case['status'], cause: Parameters<typeof planTransition>[2]) => (c: Case, now: number): Plan => {
    const { patch, change } = planTransition(c, to, cause, now, policy);
    return { patch, changes: [change] };
  };

  const create = async (
    fields: Omit<OpenCaseInput, 'text' | 'attachments' | 'source'> & { source: CaseSource; conversationId: string | null; subject: string },
    thread: { kind: CaseMessageKind; authorId: string | null; authorName: string | null; text: string; attachments?: AttachmentRef[]; createdAt: number }[],
  ): Promise<Case> => {
    const now = clock();
    const base = {
      priority: fields.priority ?? 'C',
      category: fields.category ?? DEFAULT_CATEGORY,
      department: fields.department ?? DEFAULT_DEPARTMENT,
      tier: 'L1' as const,
    };
    const created = await store.cases.create({
      siteId: fields.siteId,
      ...base,
      subject: fields.subject,
      locale: fields.locale,
      source: fields.source,
      customerId: fields.customerId ?? null,
      visitorId: fields.visitorId ?? null,
      conversationId: fields.conversationId,
      contactName: fields.contactName ?? null,
      contactEmail: fields.contactEmail ?? null,
      assigneeId: null,
      ...initialDeadlines(base, now, policy),
      createdAt: now,
      actor: fields.actor,
    });
    const messages: CaseMessage[] = [];
    for (const m of thread) {
      const appended = await store.cases.appendMessage({ caseId: created.id, ...m });
      if (appended) messages.push(appended);
    }
    const opened = (await store.cases.get(created.id)) ?? created;
    bus.emit('case.created', { case: opened, messages, actor: fields.actor });
    return opened;
  };

  return {
    async open(input) {
      const subject = input.subject?.trim() || subjectOf(input.text);
      // Only a customer's own text is theirs. The team's (an agent's record of a call, or the system's reason for
      // a follow-up) is an internal note: recorded as the shopper's, it showed in their thread as if they wrote it.
      const isCustomer = input.actor.kind === 'customer';
      return create(
        { ...input, subject, conversationId: input.conversationId ?? null },
        [
          {
            kind: isCustomer ? 'shopper' : 'note',
            authorId: isCustomer ? null : input.actor.id,
            authorName: isCustomer ? (input.contactName ?? null) : null,
            text: input.text,
            ...(input.attachments ? { attachments: input.attachments } : {}),
            createdAt: clock(),
          },
        ],
      );
    },

    async openFromChat(input) {
      const conversation = await store.conversations.get(input.conversationId);
      if (!conversation) throw new AppError('NOT_FOUND', { message: `conversation ${input.conversationId} not found` });
      const visitor = await store.visitors.get(conversation.visitorId);
      const transcript = await store.messages.listSince(conversation.id, 0, { includeInternal: true });
      const firstShopperText = transcript.find((m) => m.sender === 'shopper')?.text ?? '';
      return create(
        {
          siteId: conversation.siteId,
          locale: conversation.locale,
          source: 'chat',
          conversationId: conversation.id,
          subject: input.subject?.trim() || subjectOf(firstShopperText),
          category: input.category,
          department: input.department ?? conversation.department,
          priority: input.priority ?? casePriorityFromChat(conversation.priority),
          // Only a proven id: a claimed one would show this chat's case to whoever really has that id.
          customerId: visitor ? provenCustomerId(visitor) : null,
          visitorId: conversation.visitorId,
          contactName: visitor?.identity.name ?? null,
          contactEmail: visitor?.identity.email ?? null,
          actor: input.actor,
        },
        transcript
          .filter((m) => m.text.trim() !== '' || m.event !== null)
          .map((m) => ({
            kind: transcriptKind(m),
            authorId: m.agentId,
            authorName: m.senderName,
            // A system notice carries its meaning in `event`; its kind is kept as text for the thread.
            text: m.text.trim() !== '' ? m.text : (m.event?.kind ?? ''),
            createdAt: m.createdAt,
          })),
      );
    },

    async reply(caseId, author, body) {
      let target = await load(caseId);
      if (target.mergedInto) target = await load(target.mergedInto);
      if (target.status === 'closed') {
        throw new AppError('INVALID_STATE', {
          message: `case ${target.number} is closed`,
          userMessage: 'This request is closed. Please open a new one.',
        });
      }
      const isAgent = author.kind === 'agent';
      const kind: CaseMessageKind = isAgent ? (body.isInternal ? 'note' : 'reply') : 'shopper';
      const message = await store.cases.appendMessage({
        caseId: target.id,
        kind,
        authorId: isAgent ? author.id : null,
        authorName: isAgent ? author.name : (author.name ?? null),
        text: body.text,
        ...(body.attachments ? { attachments: body.attachments } : {}),
        createdAt: clock(),
      });
      if (!message) throw notFound(target.id);
      const actor: CaseActor = isAgent ? { kind: 'agent', id: author.id } : { kind: 'customer', id: null };
      const { case: updated } = await mutate(target.id, actor, (c, now) => {
        if (kind === 'reply') {
          const patch: CasePatch = c.firstResponseAt === null ? { firstResponseAt: now } : {};
          if (c.status === 'new' || c.status === 'reopened') {
            const t = planTransition(c, 'open', 'first_reply', now, policy);
            return { patch: { ...patch, ...t.patch }, changes: [t.change] };
          }
          return Object.keys(patch).length ? { patch, changes: [] } : null;
        }
        if (kind === 'shopper' && (c.status === 'pending' || c.status === 'solved')) {
          const t = planTransition(c, c.status === 'pending' ? 'open' : 'reopened', 'customer_reply', now, policy);
          return { patch: t.patch, changes: [t.change] };
        }
        return null;
      });
      bus.emit('case.replied', { case: updated, message });
      return { case: updated, message };
    },

    async setStatus(caseId, status, actor, version) {
      return (await mutate(caseId, actor, transition(status, 'agent'), version)).case;
    },

    async setPriority(caseId, priority, actor, version) {
      return (
        await mutate(
          caseId,
          actor,
          (c) => (c.priority === priority ? null : { patch: reprioritisedDeadlines(c, priority, policy), changes: [{ type: 'priority', from: c.priority, to: priority }] }),
          version,
        )
      ).case;
    },

    async dismiss(caseId, actor, version) {
      return (await mutate(caseId, actor, transition('closed', 'dismissed'), version)).case;
    },

    async assign(caseId, assigneeId, actor, version) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const current = await load(caseId);
        if (version !== undefined && current.version !== version) throw conflict(current);
        if (current.status === 'closed') throw new AppError('INVALID_STATE', { message: `case ${current.number} is closed` });
        if (current.assigneeId === assigneeId) return current;
        const updated = await store.cases.assign(caseId, { version: current.version }, assigneeId, actor, clock());
        if (updated) {
          bus.emit('case.updated', { case: updated, previous: current, changes: [{ type: 'assigned', from: current.assigneeId, to: assigneeId }], actor });
          return updated;
        }
        if (version !== undefined) throw conflict(await load(caseId));
      }
      throw conflict(await load(caseId));
    },

    async escalate(caseId, input, actor, version) {
      const { previous, case: updated } = await mutate(
        caseId,
        actor,
        (c, now) => planEscalation(c, { ...input, isAutomatic: false }, now, policy),
        version,
      );
      bus.emit('case.escalated', { case: updated, fromTier: previous.tier, toTier: updated.tier, reason: input.reason, isAutomatic: false, actor });
      return updated;
    },

    async confirm(caseId, isSolved, actor) {
      return (await mutate(caseId, actor, isSolved ? transition('closed', 'confirmed') : transition('reopened', 'not_fixed'))).case;
    },

    async merge(duplicateId, primaryId, actor) {
      const result = await store.cases.merge(duplicateId, primaryId, actor, clock());
      if (!result) throw new AppError('NOT_FOUND', { message: `case ${duplicateId} or ${primaryId} not found` });
      bus.emit('case.merged', { ...result, actor });
      bus.emit('case.closed', { case: result.duplicate });
      return result;
    },

    async sweep(now = clock(), scope = {}) {
      const applied: SweepAction[] = [];
      const seen = new Set<string>();
      for (let page = 0; page < 50; page++) {
        const due = (await store.cases.list({ ...scope, dueBefore: now + 1, limit: SWEEP_PAGE })).filter((c) => !seen.has(c.id));
        if (due.length === 0) break;
        for (const c of due) {
          seen.add(c.id);
          applied.push(...(await applyDue(c.id, now)));
        }
      }
      return applied;
    },
  };

  /** Applies the due actions of one case, re-planned against a fresh read so a concurrent sweep cannot repeat them. */
  async function applyDue(caseId: string, now: number): Promise<SweepAction[]> {
    const applied: SweepAction[] = [];
    let escalation: SweepAction | null = null;
    const { previous, case: updated } = await mutate(caseId, SYSTEM, (c) => {
      const actions = sweepCases([c], now, policy);
      applied.length = 0;
      escalation = null;
      if (actions.length === 0) return null;
      let patch: CasePatch = {};
      const changes: CaseChange[] = [];
      for (const a of actions) {
        applied.push(a);
        if (a.kind === 'breach') {
          patch = { ...patch, ...(a.target === 'first_response' ? { firstResponseBreachedAt: now } : { resolutionBreachedAt: now }) };
          changes.push({ type: 'breached', target: a.target, dueAt: a.dueAt });
        } else if (a.kind === 'escalate') {
          escalation = a;
          const e = planEscalation({ ...c, ...patch }, { toTier: a.to, reason: AUTO_ESCALATION_REASON, isAutomatic: true }, now, policy);
          patch = { ...patch, ...e.patch };
          changes.push(...e.changes);
        } else {
          const t = planTransition(c, 'closed', 'auto_close', now, policy);
          patch = { ...patch, ...t.patch };
          changes.push(t.change);
        }
      }
      return { patch, changes };
    }, undefined, now);
    for (const a of applied) {
      if (a.kind === 'breach') bus.emit('case.breached', { case: updated, target: a.target, dueAt: a.dueAt });
    }
    const e = escalation as SweepAction | null;
    if (e && e.kind === 'escalate') {
      bus.emit('case.escalated', { case: updated, fromTier: previous.tier, toTier: e.to, reason: AUTO_ESCALATION_REASON, isAutomatic: true, actor: SYSTEM });
    }
    return applied;
  }
}
