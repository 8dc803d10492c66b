/**
 * What each side reads of a case: the shopper's view (no assignee, tier, internal deadlines or notes; the
 * reply target in minutes so the widget can say "usually within 2 hours"), the agent's list rows and detail.
 */
import { isPublicCaseMessage, type Case, type CaseDetail, type CaseListItem, type CaseMessage, type ShopperCaseView } from '../../shared/cases';
import type { Store } from '../store/store';
import { firstResponseTargetMs, targetsFor, type CasePolicy } from './case-policy';

const PREVIEW_CHARS = 140;
const MINUTE = 60_000;

/** The shopper's view of `c` with `unread` agent replies after their read mark. */
export function toShopperCaseView(c: Case, policy: CasePolicy, unread: number): ShopperCaseView {
  return {
    id: c.id,
    number: c.number,
    status: c.status,
    subject: c.subject,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    replyTargetMinutes: Math.round(firstResponseTargetMs(targetsFor(policy, c.department), c) / MINUTE),
    expectedReplyBy: c.firstResponseAt === null && c.status !== 'closed' ? c.firstResponseDueAt : null,
    confirmation: c.status === 'solved' ? c.confirmation : null,
    unread,
    lastSeq: c.lastSeq,
  };
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat;
}

export function createCaseViews(deps: { store: Store; policy: CasePolicy }) {
  const { store, policy } = deps;
  return {
    /** Shopper views, in the order given, with their unread counts. */
    async forShopper(cases: readonly Case[]): Promise<ShopperCaseView[]> {
      const unread = await store.cases.unread(cases.map((c) => c.id));
      return cases.map((c) => toShopperCaseView(c, policy, unread[c.id]?.unread ?? 0));
    },

    /** One case's shopper view. */
    async shopperView(c: Case): Promise<ShopperCaseView> {
      const unread = await store.cases.unread([c.id]);
      return toShopperCaseView(c, policy, unread[c.id]?.unread ?? 0);
    },

    /** The public thread (never internal notes). */
    async shopperThread(caseId: string): Promise<CaseMessage[]> {
      return (await store.cases.listMessages(caseId)).filter(isPublicCaseMessage);
    },

    /** Agent list rows: the last public message and the assignee's name. */
    async listItems(cases: readonly Case[]): Promise<CaseListItem[]> {
      const names = new Map<string, string | null>();
      for (const id of new Set(cases.map((c) => c.assigneeId).filter((x): x is string => x !== null))) {
        names.set(id, (await store.agents.get(id))?.name ?? null);
      }
      const items: CaseListItem[] = [];
      for (const c of cases) {
        // The thread's tail is enough: the last public message is among the last few.
        let tail = c.lastSeq > 0 ? await store.cases.listMessages(c.id, { sinceSeq: Math.max(0, c.lastSeq - 5) }) : [];
        if (tail.length === 0 && c.lastSeq > 5) tail = await store.cases.listMessages(c.id);
        const last = tail.at(-1);
        items.push({ case: c, lastMessage: last ? preview(last.text) : null, assigneeName: c.assigneeId ? (names.get(c.assigneeId) ?? null) : null });
      }
      return items;
    },

    /** Everything the console shows of one case: thread with notes, and history. */
    async detail(c: Case): Promise<CaseDetail> {
      const [messages, events] = await Promise.all([store.cases.listMessages(c.id, { includeInternal: true }), store.cases.listEvents(c.id)]);
      return { case: c, messages, events };
    },
  };
}

export type CaseViews = ReturnType<typeof createCaseViews>;
