import type { KbDraft } from '../../../shared/kb';
import { newKbDraft } from '../common/new-kb-draft';
import { newId } from '../ids';
import type { KbDraftStore } from '../store';
import type { KbDraftDoc, Models } from './models';

const DEFAULT_LIMIT = 100;

function toDraft(d: KbDraftDoc): KbDraft {
  return {
    id: d._id,
    kind: d.kind,
    intentId: d.intentId,
    category: d.category,
    intent: d.intent ?? null,
    base: d.base ?? null,
    source: d.source,
    note: d.note ?? null,
    status: d.status,
    authorId: d.authorId,
    authorName: d.authorName,
    createdAt: d.createdAt,
    reviewerId: d.reviewerId ?? null,
    reviewerName: d.reviewerName ?? null,
    reviewedAt: d.reviewedAt ?? null,
    diff: d.diff ?? '',
    rollbackOf: d.rollbackOf ?? null,
  };
}

/** KB drafts in MongoDB; the review is one conditional findOneAndUpdate, so two approvers cannot both win. */
export function createKbDraftsStore(models: () => Promise<Models>): KbDraftStore {
  return {
    async create(input) {
      const { kbDrafts } = await models();
      const { id, ...rest } = newKbDraft(input, newId());
      await kbDrafts.create({ _id: id, ...rest });
      return { id, ...rest };
    },
    async get(id) {
      const { kbDrafts } = await models();
      const doc = await kbDrafts.findById(id).lean<KbDraftDoc>();
      return doc ? toDraft(doc) : null;
    },
    async list(query) {
      const { kbDrafts } = await models();
      const filter: Record<string, unknown> = {};
      if (query.status && query.status.length > 0) filter.status = { $in: query.status };
      if (query.intentId !== undefined) filter.intentId = query.intentId;
      const docs = await kbDrafts
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .limit(Math.max(0, Math.trunc(query.limit ?? DEFAULT_LIMIT)))
        .lean<KbDraftDoc[]>();
      return docs.map(toDraft);
    },
    async review(id, from, review) {
      if (from.length === 0) return null;
      const { kbDrafts } = await models();
      const doc = await kbDrafts
        .findOneAndUpdate({ _id: id, status: { $in: from } }, { $set: review }, { returnDocument: 'after' })
        .lean<KbDraftDoc>();
      return doc ? toDraft(doc) : null;
    },
  };
}
