/**
 * What a shopper does with their cases ("My requests"): list, read one, open one (the offline form), reply,
 * answer "Did this solve it?", mark read. A case that is not theirs answers exactly like one that does not
 * exist, so numbers and ids cannot be probed.
 */
import type { AttachmentRef, Case, CaseMessage, ShopperCaseView } from '../../shared/cases';
import type { AttachmentService } from '../attachments/attachment-service';
import { AppError } from '../../shared/errors';
import type { Conversation, Visitor } from '../../shared/model';
import type { CloseIntoCase } from '../conversations/close-into-case';
import type { Bus } from '../domain/bus';
import type { Store } from '../store/store';
import { CONSOLE_SITE, isShoppersCase, provenCustomerId } from './case-access';
import { shopperCasePriority } from './case-priority';
import type { CaseService } from './case-service';
import type { CaseViews } from './case-views';

/** The shopper's list is short: the newest this many. */
const LIST_LIMIT = 50;

/** The socket's shopper; `visitor` is replaced when identify() or setLocale() change it. */
export interface ShopperCaseContext {
  visitor: Visitor;
}

export interface ShopperCaseOpen {
  text: string;
  subject?: string;
  category?: string;
  department?: string;
  name?: string;
  email?: string;
  attachments?: AttachmentRef[];
}

export function createShopperCases(deps: {
  store: Store;
  bus: Bus;
  cases: CaseService;
  views: CaseViews;
  /** Binds the files a case message carries to its case: who may read them, and when they are deleted. */
  attachments: Pick<AttachmentService, 'check' | 'claim'>;
  closeIntoCase: CloseIntoCase;
  /** Can someone take a chat of this department now (signed in, within its hours)? */
  canServe: (department: string) => Promise<boolean>;
  /** The configured department names: a shopper may pick one of these, nothing else. */
  departments: readonly string[];
}) {
  const { store, bus, cases, views, attachments, closeIntoCase } = deps;

  const notFound = () => new AppError('NOT_FOUND', { message: 'case not found or not this shopper\'s', userMessage: 'This request was not found.' });

  const own = async (ctx: ShopperCaseContext, caseId: string): Promise<Case> => {
    const c = await store.cases.get(caseId);
    if (!c || !isShoppersCase(ctx.visitor, c)) throw notFound();
    return c;
  };

  const view = (c: Case): Promise<ShopperCaseView> => views.shopperView(c);

  /**
   * The chat this message was left instead of: one waiting for a person nobody can send (signed out, or outside
   * the hours). A chat with a place in line keeps it, and one an agent has joined stays theirs.
   */
  const chatLeftFor = async (visitorId: string): Promise<Conversation | null> => {
    const open = await store.conversations.findOpenByVisitor(visitorId);
    return open?.status === 'waiting' && !(await deps.canServe(open.department)) ? open : null;
  };

  const open = async (ctx: ShopperCaseContext, p: ShopperCaseOpen): Promise<Case> => {
    const { visitor } = ctx;
    const latest = await store.conversations.findLatestByVisitor(visitor.id);
    const leftFor = await chatLeftFor(visitor.id);
    const department =
      p.department !== undefined && deps.departments.includes(p.department) ? p.department : (latest?.department ?? 'general');
    const name = p.name ?? visitor.identity.name;
    const email = p.email ?? visitor.identity.email;
    // Remembered for the next chat's handoff, as the ticket form always did. A signed identity is left as the shop
    // signed it, even where it had no e-mail: `verified` vouches for every field, and a typed address under it
    // would pass for the shop's (the follow-up's mail, privacy matching).
    if (!visitor.identity.verified && ((!visitor.identity.name && name) || (!visitor.identity.email && email))) {
      const updated = await store.visitors.update(visitor.id, {
        identity: { ...visitor.identity, name: visitor.identity.name ?? name ?? null, email: visitor.identity.email ?? email ?? null },
      });
      if (updated) ctx.visitor = updated;
    }
    const party = { kind: 'visitor' as const, visitor };
    const files = p.attachments?.length ? await attachments.check(party, p.attachments) : undefined;
    // The priority is the team's call, never the shopper's: a form cannot mark itself urgent.
    const opened = await cases.open({
      priority: shopperCasePriority(visitor.identity, leftFor),
      siteId: visitor.siteId,
      locale: visitor.locale,
      source: 'form',
      text: p.text,
      subject: p.subject,
      category: p.category,
      department,
      customerId: provenCustomerId(visitor),
      visitorId: visitor.id,
      contactName: name ?? null,
      contactEmail: email ?? null,
      attachments: files,
      conversationId: leftFor?.id ?? null,
      actor: { kind: 'customer', id: provenCustomerId(visitor) },
    });
    if (files) await attachments.claim(party, files, { caseId: opened.id });
    // The request lives on in the case now (which links the chat: its agents read it from there): the chat
    // leaves the queue, or it would wait, breach its SLA and be routed to the next agent to sign in, who would
    // answer it a second time. If an agent took it meanwhile, it stays theirs.
    if (leftFor) await closeIntoCase(leftFor, ['waiting']);
    return opened;
  };

  return {
    async list(ctx: ShopperCaseContext): Promise<{ cases: ShopperCaseView[] }> {
      const { visitor } = ctx;
      const customerId = provenCustomerId(visitor);
      const found = new Map<string, Case>();
      for (const c of await store.cases.list({ visitorId: visitor.id, limit: LIST_LIMIT })) found.set(c.id, c);
      if (customerId) {
        // Their site's cases and the ones agents opened for their id by hand (no site: case-access.ts).
        for (const siteId of [visitor.siteId, CONSOLE_SITE]) {
          for (const c of await store.cases.list({ siteId, customerId, limit: LIST_LIMIT })) found.set(c.id, c);
        }
      }
      // A merged duplicate lives on in its primary: the list shows the primary only.
      const listed = [...found.values()].filter((c) => c.mergedInto === null).sort((a, b) => b.number - a.number).slice(0, LIST_LIMIT);
      return { cases: await views.forShopper(listed) };
    },

    async get(ctx: ShopperCaseContext, caseId: string): Promise<{ case: ShopperCaseView; messages: CaseMessage[] }> {
      const c = await own(ctx, caseId);
      return { case: await view(c), messages: await views.shopperThread(c.id) };
    },

    async open(ctx: ShopperCaseContext, p: ShopperCaseOpen): Promise<{ case: ShopperCaseView }> {
      return { case: await view(await open(ctx, p)) };
    },

    /** The offline form (`ticket:create`): a case with the form's text, name and e-mail; answers its number. */
    async openFromForm(ctx: ShopperCaseContext, p: { name: string; email: string; message: string }): Promise<{ number: number }> {
      const c = await open(ctx, { text: p.message, name: p.name, email: p.email });
      return { number: c.number };
    },

    async reply(ctx: ShopperCaseContext, p: { caseId: string; text: string; attachments?: AttachmentRef[] }): Promise<{ message: CaseMessage }> {
      const c = await own(ctx, p.caseId);
      // A reply to a merged duplicate lands in its primary (the case service), so its files belong there too.
      const files = p.attachments?.length
        ? await attachments.claim({ kind: 'visitor', visitor: ctx.visitor }, p.attachments, { caseId: c.mergedInto ?? c.id })
        : undefined;
      const { message } = await cases.reply(c.id, { kind: 'customer', name: ctx.visitor.identity.name }, { text: p.text, attachments: files });
      return { message };
    },

    async confirm(ctx: ShopperCaseContext, p: { caseId: string; isSolved: boolean }): Promise<{ case: ShopperCaseView }> {
      const c = await own(ctx, p.caseId);
      if (c.status !== 'solved') {
        throw new AppError('INVALID_STATE', {
          message: `case ${c.number} is ${c.status}, not waiting for a confirmation`,
          userMessage: 'This request is not waiting for your answer.',
        });
      }
      return { case: await view(await cases.confirm(c.id, p.isSolved, { kind: 'customer', id: provenCustomerId(ctx.visitor) })) };
    },

    /** The read mark, shared by the customer's devices: the others' badges update too. */
    async read(ctx: ShopperCaseContext, p: { caseId: string; upToSeq: number }): Promise<null> {
      const c = await own(ctx, p.caseId);
      const before = (await store.cases.unread([c.id]))[c.id]?.readSeq ?? 0;
      const mark = await store.cases.markRead(c.id, p.upToSeq);
      if (mark !== null && mark > before) bus.emit('case.read', { case: c, readSeq: mark });
      return null;
    },
  };
}

export type ShopperCases = ReturnType<typeof createShopperCases>;
