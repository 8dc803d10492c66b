import type { AttachmentRecord, AttachmentStore } from '../store';
import type { AttachmentDoc, Models } from './models';

const toRecord = ({ _id, ...rest }: AttachmentDoc): AttachmentRecord => ({ id: _id, ...rest });

/** Attachment metadata in MongoDB. A claim is one conditional findOneAndUpdate, so racing claims bind it once. */
export function createAttachmentsStore(models: () => Promise<Models>): AttachmentStore {
  return {
    async create(input) {
      const { attachments } = await models();
      const { id, ...rest } = { ...input, conversationId: null, caseId: null };
      await attachments.create({ _id: id, ...rest });
      return { id, ...rest };
    },
    async get(id) {
      const doc = await (await models()).attachments.findById(id).lean<AttachmentDoc>();
      return doc ? toRecord(doc) : null;
    },
    async claim(id, owner) {
      const { attachments } = await models();
      const [field, other, value] =
        'conversationId' in owner ? (['conversationId', 'caseId', owner.conversationId] as const) : (['caseId', 'conversationId', owner.caseId] as const);
      const doc = await attachments
        .findOneAndUpdate(
          { _id: id, [other]: null, [field]: { $in: [null, value] } },
          { $set: { [field]: value } },
          { returnDocument: 'after' },
        )
        .lean<AttachmentDoc>();
      return doc ? toRecord(doc) : null;
    },
    async list(ref) {
      const or: Record<string, unknown>[] = [];
      if (ref.visitorIds?.length) or.push({ visitorId: { $in: ref.visitorIds } });
      if (ref.conversationIds?.length) or.push({ conversationId: { $in: ref.conversationIds } });
      if (ref.caseIds?.length) or.push({ caseId: { $in: ref.caseIds } });
      if (or.length === 0) return [];
      const docs = await (await models()).attachments.find({ $or: or }).sort({ createdAt: 1 }).lean<AttachmentDoc[]>();
      return docs.map(toRecord);
    },
    async listDangling(opts) {
      const m = await models();
      const limit = opts.limit ?? 500;
      const found = new Map<string, AttachmentRecord>();
      // No joins without an aggregation per owner kind: check each referenced owner's existence in batches.
      const candidates = await m.attachments.find({}).sort({ createdAt: 1 }).limit(5000).lean<AttachmentDoc[]>();
      const idsOf = (pick: (d: AttachmentDoc) => string | null) => [...new Set(candidates.flatMap((d) => pick(d) ?? []))];
      const present = (docs: { _id: string }[]) => new Set(docs.map((d) => d._id));
      const conversations = present(await m.conversations.find({ _id: { $in: idsOf((d) => d.conversationId) } }, { _id: 1 }).lean<{ _id: string }[]>());
      const cases = present(await m.cases.find({ _id: { $in: idsOf((d) => d.caseId) } }, { _id: 1 }).lean<{ _id: string }[]>());
      const visitors = present(await m.visitors.find({ _id: { $in: idsOf((d) => d.visitorId) } }, { _id: 1 }).lean<{ _id: string }[]>());
      for (const d of candidates) {
        const unclaimed = d.conversationId === null && d.caseId === null;
        const gone =
          (d.conversationId !== null && !conversations.has(d.conversationId)) ||
          (d.caseId !== null && !cases.has(d.caseId)) ||
          (unclaimed && d.visitorId !== null && !visitors.has(d.visitorId)) ||
          (unclaimed && opts.unclaimedBefore !== undefined && d.createdAt < opts.unclaimedBefore);
        if (gone) found.set(d._id, toRecord(d));
        if (found.size >= limit) break;
      }
      return [...found.values()];
    },
    async delete(ids) {
      if (ids.length === 0) return 0;
      return (await (await models()).attachments.deleteMany({ _id: { $in: ids } })).deletedCount;
    },
  };
}
