/**
 * The shopper's cases as the widget holds them ("My requests"): pure updates from the server's facts, so
 * the unread badge stays right whichever of case:updated and case:replied arrives first.
 */
import type { CaseMessage, ShopperCaseView } from '../../shared/cases';
import type { Message } from '../../shared/model';

export interface CasesState {
  cases: readonly ShopperCaseView[];
  /** True once the list has been fetched since the page loaded. */
  isLoaded: boolean;
  /** The case open in My requests, and its public thread (empty until fetched). */
  viewing: string | null;
  thread: readonly CaseMessage[];
}

/** Replaces (or adds, newest first) a case with the server's view of it. */
export function upsertCase(cases: readonly ShopperCaseView[], view: ShopperCaseView): ShopperCaseView[] {
  const rest = cases.filter((c) => c.id !== view.id);
  return cases.length === rest.length ? [view, ...rest] : cases.map((c) => (c.id === view.id ? view : c));
}

/**
 * A public message on a case: the case moves on to its seq; a reply from the team counts as unread unless
 * the shopper is looking at that case. A message the view already counted (its seq ≤ lastSeq) changes nothing.
 */
export function applyCaseReply(cases: readonly ShopperCaseView[], message: CaseMessage, viewingId: string | null): readonly ShopperCaseView[] {
  const c = cases.find((x) => x.id === message.caseId);
  if (!c || message.seq <= c.lastSeq) return cases;
  const isUnread = message.kind !== 'shopper' && message.kind !== 'note' && viewingId !== c.id;
  return upsertCase(cases, { ...c, lastSeq: message.seq, updatedAt: message.createdAt, unread: c.unread + (isUnread ? 1 : 0) });
}

/** Replies from the team the shopper has not read, over all their cases (the badge). */
export function countCaseUnread(cases: readonly ShopperCaseView[]): number {
  return cases.reduce((n, c) => n + c.unread, 0);
}

/**
 * What the shopper already wrote, to prefill the leave-a-message form: their messages since the bot last
 * answered (a fallback, clarify or handoff reply is no answer), or else their last message.
 */
export function draftFromTranscript(messages: readonly Message[]): string {
  const mine = messages.filter((m) => m.sender === 'shopper');
  const answered = messages.findLastIndex((m) => m.sender === 'agent' || m.bot?.decision === 'answer');
  const since = mine.filter((m) => messages.indexOf(m) > answered);
  return (since.length > 0 ? since : mine.slice(-1)).map((m) => m.text).join('\n');
}
