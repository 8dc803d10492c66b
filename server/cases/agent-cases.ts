/**
 * What an agent does with cases from the console: list, open, reply, set status and priority, assign (one or
 * many), escalate, merge, and convert a chat into a case. Authorisation lives here (case-access.ts), so
 * every edge gets the same rules; the case service does the change.
 */
import type {
  AttachmentRef,
  Case,
  CaseDetail,
  CaseListItem,
  CaseMessage,
  CasePriority,
  CaseStatus,
  CaseTier,
} from '../../shared/cases';
import { AppError } from '../../shared/errors';
import type { Agent } from '../../shared/model';
import type { AttachmentService } from '../attachments/attachment-service';
import { assertCanRead, isSupervisor, loadConversation, servesDepartment } from '../conversations/agent-access';
import type { CloseIntoCase } from '../conversations/close-into-case';
import type { CaseQuery, Store } from '../store/store';
import { assertCanSeeCase, canSeeCase, CONSOLE_SITE } from './case-access';
import type { CaseService } from './case-service';
import type { CaseViews } from './case-views';

const DEFAULT_LIMIT = 100;

export interface AgentCaseListQuery {
  status?: CaseStatus[];
  priority?: CasePriority[];
  dueBefore?: number;
  assigneeId?: string | null;
  department?: string;
  tier?: CaseTier;
  limit?: number;
  mine?: boolean;
}

export function createAgentCases(deps: {
  store: Store;
  cases: CaseService;
  views: CaseViews;
  /** Binds the files a case message carries to its case: who may read them, and when they are deleted. */
  attachments: Pick<AttachmentService, 'check' | 'claim'>;
  closeIntoCase: CloseIntoCase;
  /** The configured department names: cases go only to these. */
  departments: readonly string[];
}) {
  const { store, cases, views, attachments, closeIntoCase, departments } = deps;
  const actorOf = (agent: Agent) => ({ kind: 'agent' as const, id: agent.id });

  const visible = async (agent: Agent, caseId: string): Promise<Case> => {
    const c = await store.cases.get(caseId);
    if (!c) throw new AppError('NOT_FOUND', { message: 'No such request.' });
    assertCanSeeCase(agent, c);
    return c;
  };

  const assertDepartment = (department: string | undefined) => {
    if (department !== undefined && !departments.includes(department)) {
      throw new AppError('INVALID_PAYLOAD', { message: `There is no department "${department}".` });
    }
  };

  /** An assignee must be an active agent who may work the case. */
  const assertAssignee = async (c: Pick<Case, 'department' | 'assigneeId'>, assigneeId: string | null | undefined) => {
    if (assigneeId === null || assigneeId === undefined) return;
    const assignee = await store.agents.get(assigneeId);
    if (!assignee || !assignee.isActive) throw new AppError('NOT_FOUND', { message: 'No such agent.' });
    if (!canSeeCase(assignee, { ...c, assigneeId: null })) {
      throw new AppError('INVALID_STATE', { message: `${assignee.name} does not work the ${c.department} department.` });
    }
  };

  /** The stored queries that together cover what the agent may see, narrowed by the filter. */
  const scopes = (agent: Agent, filter: CaseQuery): CaseQuery[] => {
    if (isSupervisor(agent) || agent.departments.includes('*')) return [filter];
    const own: CaseQuery[] = [...agent.departments.map((department) => ({ department })), { assigneeId: agent.id }];
    return own
      .filter((s) => !(s.department !== undefined && filter.department !== undefined && s.department !== filter.department))
      .filter((s) => !(s.assigneeId !== undefined && filter.assigneeId !== undefined && s.assigneeId !== filter.assigneeId))
      .map((s) => ({ ...filter, ...s }));
  };

  const assign = async (agent: Agent, caseId: string, assigneeId: string | null, version?: number): Promise<Case> => {
    const c = await visible(agent, caseId);
    await assertAssignee(c, assigneeId);
    return cases.assign(c.id, assigneeId, actorOf(agent), version);
  };

  return {
    async list(agent: Agent, p: AgentCaseListQuery): Promise<{ cases: CaseListItem[] }> {
      const limit = p.limit ?? DEFAULT_LIMIT;
      const filter: CaseQuery = {
        status: p.status,
        priority: p.priority,
        dueBefore: p.dueBefore,
        tier: p.tier,
        department: p.department,
        assigneeId: p.mine ? agent.id : p.assigneeId,
        limit,
      };
      if (p.mine && p.assigneeId !== undefined && p.assigneeId !== agent.id) return { cases: [] };
      const found = new Map<string, Case>();
      for (const q of scopes(agent, filter)) for (const c of await store.cases.list(q)) found.set(c.id, c);
      const listed = [...found.values()]
        .filter((c) => canSeeCase(agent, c))
        .sort((a, b) => b.number - a.number)
        .slice(0, limit);
      return { cases: await views.listItems(listed) };
    },

    async get(agent: Agent, caseId: string): Promise<CaseDetail> {
      return views.detail(await visible(agent, caseId));
    },

    /**
     * A case the agent opens for a customer who called or wrote; the text is the agent's note of it. A customer id
     * the agent gives is trusted as the shop's (staff checked who called): the case is then that customer's.
     */
    async open(
      agent: Agent,
      p: {
        text: string;
        subject?: string;
        category?: string;
        department?: string;
        priority?: CasePriority;
        name?: string;
        email?: string;
        customerId?: string;
        attachments?: AttachmentRef[];
      },
    ): Promise<{ case: Case }> {
      assertDepartment(p.department);
      const department = p.department ?? agent.departments.find((d) => d !== '*') ?? 'general';
      if (!isSupervisor(agent) && !servesDepartment(agent, department)) {
        throw new AppError('FORBIDDEN', { message: `You do not work the ${department} department.` });
      }
      const party = { kind: 'agent' as const, agent };
      const files = p.attachments?.length ? await attachments.check(party, p.attachments) : undefined;
      const c = await cases.open({
        siteId: CONSOLE_SITE,
        locale: 'en',
        source: 'agent',
        text: p.text,
        subject: p.subject,
        category: p.category,
        department,
        priority: p.priority,
        contactName: p.name ?? null,
        contactEmail: p.email ?? null,
        customerId: p.customerId ?? null,
        attachments: files,
        actor: actorOf(agent),
      });
      if (files) await attachments.claim(party, files, { caseId: c.id });
      return { case: c };
    },

    async reply(
      agent: Agent,
      p: { caseId: string; text: string; isInternal: boolean; attachments?: AttachmentRef[] },
    ): Promise<{ case: Case; message: CaseMessage }> {
      const c = await visible(agent, p.caseId);
      // A reply to a merged duplicate lands in its primary (the case service), so its files belong there too.
      const files = p.attachments?.length ? await attachments.claim({ kind: 'agent', agent }, p.attachments, { caseId: c.mergedInto ?? c.id }) : undefined;
      return cases.reply(c.id, { kind: 'agent', id: agent.id, name: agent.name }, { text: p.text, isInternal: p.isInternal, attachments: files });
    },

    async setStatus(agent: Agent, p: { caseId: string; status: 'open' | 'pending' | 'solved'; version?: number }): Promise<{ case: Case }> {
      const c = await visible(agent, p.caseId);
      return { case: await cases.setStatus(c.id, p.status, actorOf(agent), p.version) };
    },

    async setPriority(agent: Agent, p: { caseId: string; priority: CasePriority; version?: number }): Promise<{ case: Case }> {
      const c = await visible(agent, p.caseId);
      return { case: await cases.setPriority(c.id, p.priority, actorOf(agent), p.version) };
    },

    async assign(agent: Agent, p: { caseId: string; assigneeId: string | null; version?: number }): Promise<{ case: Case }> {
      return { case: await assign(agent, p.caseId, p.assigneeId, p.version) };
    },

    /** Each case on its own: one that fails (not visible, closed, changed) does not stop the others. */
    async assignMany(agent: Agent, p: { caseIds: string[]; assigneeId: string | null }): Promise<{ cases: Case[]; failed: { caseId: string; code: string }[] }> {
      const done: Case[] = [];
      const failed: { caseId: string; code: string }[] = [];
      for (const caseId of [...new Set(p.caseIds)]) {
        try {
          done.push(await assign(agent, caseId, p.assigneeId));
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          failed.push({ caseId, code: err.code });
        }
      }
      return { cases: done, failed };
    },

    async escalate(
      agent: Agent,
      p: { caseId: string; tier: 'L2' | 'L3'; reason: string; department?: string; assigneeId?: string | null; version?: number },
    ): Promise<{ case: Case }> {
      const c = await visible(agent, p.caseId);
      assertDepartment(p.department);
      await assertAssignee({ department: p.department ?? c.department, assigneeId: null }, p.assigneeId);
      const updated = await cases.escalate(
        c.id,
        { toTier: p.tier, reason: p.reason, department: p.department, assigneeId: p.assigneeId },
        actorOf(agent),
        p.version,
      );
      return { case: updated };
    },

    async merge(agent: Agent, p: { duplicateId: string; primaryId: string }): Promise<{ primary: Case; duplicate: Case }> {
      const duplicate = await visible(agent, p.duplicateId);
      const primary = await visible(agent, p.primaryId);
      return cases.merge(duplicate.id, primary.id, actorOf(agent));
    },

    /**
     * A chat becomes a case: its transcript is the case's first messages, and the chat closes (it used to stay
     * waiting for ever once turned into a ticket). Whoever may read the chat may convert it: its owner, a
     * supervisor, or an agent of the department it waits in.
     */
    async convert(
      agent: Agent,
      p: { conversationId: string; subject?: string; category?: string; department?: string; priority?: CasePriority },
    ): Promise<{ case: Case }> {
      const conversation = await loadConversation(store, p.conversationId);
      assertCanRead(agent, conversation);
      assertDepartment(p.department);
      const c = await cases.openFromChat({ ...p, actor: actorOf(agent) });
      // Lost a race (the shopper or another agent moved the chat): the case stands, the chat stays as they left it.
      if (conversation.status !== 'closed') await closeIntoCase(conversation, [conversation.status], agent.name);
      return { case: c };
    },
  };
}

export type AgentCases = ReturnType<typeof createAgentCases>;
