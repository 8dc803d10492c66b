import type { Case, CaseDetail, CaseListItem, CaseMessage } from '../../../shared/cases';
import { isPublic } from './case-values';

/** How much of the last public message a list row keeps. */
const PREVIEW_CHARS = 140;

/**
 * A case fact applied to the list: a listed case is replaced (keeping its preview), a case that now belongs
 * to the filter is added, one that no longer does is removed. An older version never replaces a newer one.
 */
export function applyCaseToList(
  items: readonly CaseListItem[],
  c: Case,
  belongs: boolean,
  assigneeName: string | null,
): CaseListItem[] {
  const at = items.findIndex((i) => i.case.id === c.id);
  const current = at === -1 ? undefined : items[at];
  if (current !== undefined && current.case.version > c.version) return [...items];
  if (!belongs) return items.filter((i) => i.case.id !== c.id);
  const next: CaseListItem = { case: c, lastMessage: current?.lastMessage ?? null, assigneeName };
  return current === undefined ? [next, ...items] : items.map((i, n) => (n === at ? next : i));
}

/** A new message's preview on its case's row (internal notes never become the preview). */
export function applyMessageToList(items: readonly CaseListItem[], caseId: string, message: CaseMessage): CaseListItem[] {
  if (!isPublic(message)) return [...items];
  return items.map((i) => (i.case.id === caseId ? { ...i, lastMessage: message.text.slice(0, PREVIEW_CHARS) } : i));
}

/** A message added to the open case's thread once, in seq order (the ack and the fact both bring it). */
export function applyMessageToDetail(detail: CaseDetail, message: CaseMessage): CaseDetail {
  if (detail.messages.some((m) => m.id === message.id)) return detail;
  return { ...detail, messages: [...detail.messages, message].sort((a, b) => a.seq - b.seq) };
}
