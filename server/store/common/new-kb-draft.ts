/** A new KB draft as both adapters store it: one rule, two stores. */
import type { KbDraft } from '../../../shared/kb';
import type { NewKbDraft } from '../store';

export function newKbDraft(input: NewKbDraft, id: string): KbDraft {
  const isApproved = input.status === 'approved';
  return {
    id,
    kind: input.kind,
    intentId: input.intentId,
    category: input.category,
    intent: input.intent,
    base: input.base,
    source: input.source,
    note: input.note,
    status: input.status ?? 'pending',
    authorId: input.authorId,
    authorName: input.authorName,
    createdAt: input.createdAt,
    // A change recorded as approved at once (a rollback) was reviewed by its author.
    reviewerId: isApproved ? input.authorId : null,
    reviewerName: isApproved ? input.authorName : null,
    reviewedAt: isApproved ? input.createdAt : null,
    diff: input.diff,
    rollbackOf: input.rollbackOf ?? null,
  };
}
