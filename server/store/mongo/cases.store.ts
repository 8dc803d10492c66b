import type { QueryFilter } from 'mongoose';
import type { Case, CaseChange, CaseMessage, CaseStatus } from '../../../shared/cases';
import { assertMergeable } from '../common/assert-mergeable';
import { REQUEST_COUNTER } from '../common/request-counter';
import { newId } from '../ids';
import type { CaseCondition, CasePatch, CaseStore, CaseUpdate, NewCaseMessage } from '../store';
import { eventDocs, toCase, toCaseEvent, toCaseMessage } from './case-docs';
import type { CaseDoc, CaseMessageDoc, CaseReadDoc } from './case-models';
import type { Models } from './models';
import { nextCounter } from './next-counter';
import { pickDefined } from './pick-defined';

const DEFAULT_LIMIT = 50;
const WITHOUT_EVENTS = { events: 0 } as const;
const RUNNING: CaseStatus[] = ['new', 'open', 'reopened'];

const PATCH_KEYS: readonly (keyof CasePatch)[] = [
  'status',
  'priority',
  'tier',
  'department',
  'category',
  'subject',
  'assigneeId',
  'customerId',
  'contactName',
  'contactEmail',
  'firstResponseDueAt',
  'resolutionDueAt',
  'tierDueAt',
  'firstResponseAt',
  'firstResponseBreachedAt',
  'resolutionBreachedAt',
  'pausedAt',
  'solvedAt',
  'closedAt',
  'resolution',
  'confirmation',
];

function conditionFilter(id: string, condition: CaseCondition): QueryFilter<CaseDoc> {
  return {
    _id: id,
    ...(condition.version !== undefined ? { version: condition.version } : {}),
    ...(condition.status !== undefined ? { status: { $in: condition.status } } : {}),
  };
}

/**
 * Cases in MongoDB, safe across server instances without transactions: every change is one conditional
 * findOneAndUpdate that also pushes its history entries into the case document; numbers and message seqs
 * come from atomic `$inc`s. A merge is several steps, ordered so that a crash can be finished by running
 * the same merge again: the duplicate is closed first (the claim), then its messages are copied (a unique
 * index on mergedFrom refuses a second copy), then the primary's 'merged' entry is pushed once.
 */
export function createCasesStore(models: () => Promise<Models>): CaseStore {
  const get = async (m: Models, id: string): Promise<Case | null> => {
    const doc = await m.cases.findById(id, WITHOUT_EVENTS).lean<CaseDoc>();
    return doc ? toCase(doc) : null;
  };

  const update = async (m: Models, filter: QueryFilter<CaseDoc>, change: CaseUpdate): Promise<Case | null> => {
    const set = pickDefined(change.patch, PATCH_KEYS);
    const doc = await m.cases
      .findOneAndUpdate(
        filter,
        {
          // An empty $set is an error before MongoDB 5.0; a change may patch nothing (an entry in the history only).
          ...(Object.keys(set).length ? { $set: set } : {}),
          $inc: { version: 1 },
          $max: { updatedAt: change.at },
          $push: { events: { $each: eventDocs(change.changes, change.actor, change.at) } },
        },
        { returnDocument: 'after', projection: WITHOUT_EVENTS },
      )
      .lean<CaseDoc>();
    return doc ? toCase(doc) : null;
  };

  const append = async (
    m: Models,
    input: NewCaseMessage & { mergedFrom?: CaseMessage['mergedFrom'] },
  ): Promise<CaseMessage | null> => {
    const { id, ...fields }: CaseMessage = {
      id: newId(),
      caseId: input.caseId,
      seq: 1,
      kind: input.kind,
      authorId: input.authorId,
      authorName: input.authorName,
      text: input.text,
      attachments: input.attachments ?? [],
      createdAt: input.createdAt,
      mergedFrom: input.mergedFrom ?? null,
    };
    // Validated before a seq is taken, so bad input never burns one.
    const draft = new m.caseMessages({ _id: id, ...fields });
    await draft.validate();
    const bumped = await m.cases
      .findOneAndUpdate(
        { _id: input.caseId },
        { $inc: { lastSeq: 1 }, $max: { updatedAt: input.createdAt } },
        { returnDocument: 'after', projection: { lastSeq: 1 } },
      )
      .lean<Pick<CaseDoc, '_id' | 'lastSeq'>>();
    if (!bumped) return null;
    draft.seq = bumped.lastSeq;
    await draft.save({ validateBeforeSave: false });
    return { id, ...fields, seq: bumped.lastSeq };
  };

  return {
    async create(input) {
      const m = await models();
      const { actor, ...fields } = input;
      const id = newId();
      const doc: CaseDoc = {
        _id: id,
        number: await nextCounter(m, REQUEST_COUNTER),
        ...fields,
        status: 'new',
        tier: 'L1',
        updatedAt: input.createdAt,
        firstResponseAt: null,
        firstResponseBreachedAt: null,
        resolutionBreachedAt: null,
        pausedAt: null,
        solvedAt: null,
        closedAt: null,
        resolution: null,
        confirmation: null,
        mergedInto: null,
        lastSeq: 0,
        version: 1,
        events: eventDocs([{ type: 'created', source: input.source }], actor, input.createdAt),
      };
      await m.cases.create(doc);
      const { events: _events, ...rest } = doc;
      return toCase(rest);
    },
    async get(id) {
      return get(await models(), id);
    },
    async getByNumber(number) {
      const { cases } = await models();
      const doc = await cases.findOne({ number }, WITHOUT_EVENTS).lean<CaseDoc>();
      return doc ? toCase(doc) : null;
    },
    async list(query) {
      const limit = Math.max(0, Math.trunc(query.limit ?? DEFAULT_LIMIT));
      if (limit === 0) return [];
      const { cases } = await models();
      const filter: QueryFilter<CaseDoc> = {
        ...(query.status !== undefined ? { status: { $in: query.status } } : {}),
        ...(query.priority !== undefined ? { priority: { $in: query.priority } } : {}),
        ...pickDefined(query, ['siteId', 'tier', 'department', 'customerId', 'visitorId', 'conversationId']),
        ...(query.assigneeId !== undefined ? { assigneeId: query.assigneeId } : {}),
      };
      if (query.dueBefore !== undefined) {
        const before = { $lt: query.dueBefore };
        const running = { $in: RUNNING };
        filter.$and = [
          {
            $or: [
              { status: running, firstResponseAt: null, firstResponseBreachedAt: null, firstResponseDueAt: before },
              { status: running, resolutionBreachedAt: null, resolutionDueAt: before },
              { status: running, tierDueAt: before },
              { status: 'solved', 'confirmation.closesAt': before },
            ],
          },
        ];
      }
      return (await cases.find(filter, WITHOUT_EVENTS).sort({ number: -1 }).limit(limit).lean<CaseDoc[]>()).map(toCase);
    },
    async appendMessage(input) {
      return append(await models(), input);
    },
    async listMessages(caseId, opts) {
      const { caseMessages } = await models();
      const limit = opts?.limit === undefined ? 0 : Math.max(0, Math.trunc(opts.limit));
      if (opts?.limit !== undefined && limit === 0) return [];
      const docs = await caseMessages
        .find({ caseId, seq: { $gt: opts?.sinceSeq ?? 0 }, ...(opts?.includeInternal ? {} : { kind: { $ne: 'note' } }) })
        .sort({ seq: 1 })
        .limit(limit)
        .lean<CaseMessageDoc[]>();
      return docs.map(toCaseMessage);
    },
    async update(id, condition, change) {
      return update(await models(), conditionFilter(id, condition), change);
    },
    async assign(id, condition, assigneeId, actor, at) {
      const m = await models();
      const current = await get(m, id);
      if (!current) return null;
      const changes: CaseChange[] = current.assigneeId === assigneeId ? [] : [{ type: 'assigned', from: current.assigneeId, to: assigneeId }];
      // The assignee read is part of the condition, so the recorded "from" is the one actually replaced.
      return update(m, { ...conditionFilter(id, condition), assigneeId: current.assigneeId }, { patch: { assigneeId }, changes, actor, at });
    },
    async merge(duplicateId, primaryId, actor, at) {
      const m = await models();
      const [dup, primary] = await Promise.all([get(m, duplicateId), get(m, primaryId)]);
      if (!dup || !primary) return null;
      let closed = dup;
      if (dup.mergedInto !== primary.id) {
        assertMergeable(dup, primary);
        const claimed = await update(
          m,
          { _id: dup.id, version: dup.version },
          {
            patch: { status: 'closed', closedAt: at, resolution: 'merged', pausedAt: null },
            changes: [
              { type: 'status', from: dup.status, to: 'closed', cause: 'merged' },
              { type: 'merged_into', primaryId: primary.id, primaryNumber: primary.number },
            ],
            actor,
            at,
          },
        );
        if (!claimed) return null;
        await m.cases.updateOne({ _id: dup.id }, { $set: { mergedInto: primary.id } });
        closed = { ...claimed, mergedInto: primary.id };
      }
      const copiedIds = new Set(
        (await m.caseMessages.find({ caseId: primary.id, 'mergedFrom.caseId': dup.id }, { mergedFrom: 1 }).lean<CaseMessageDoc[]>()).map(
          (d) => d.mergedFrom?.messageId,
        ),
      );
      const toCopy = (await m.caseMessages.find({ caseId: dup.id }).sort({ seq: 1 }).lean<CaseMessageDoc[]>()).map(toCaseMessage);
      for (const msg of toCopy) {
        if (copiedIds.has(msg.id)) continue;
        await append(m, { ...msg, caseId: primary.id, mergedFrom: { caseId: dup.id, messageId: msg.id } });
      }
      const merged: CaseChange = { type: 'merged', duplicateId: dup.id, duplicateNumber: dup.number, messages: toCopy.length };
      await m.cases.updateOne(
        { _id: primary.id, events: { $not: { $elemMatch: { 'change.type': 'merged', 'change.duplicateId': dup.id } } } },
        { $push: { events: { $each: eventDocs([merged], actor, at) } }, $max: { updatedAt: at } },
      );
      const after = await get(m, primary.id);
      return after ? { primary: after, duplicate: closed } : null;
    },
    async listEvents(caseId) {
      const { cases } = await models();
      const doc = await cases.findById(caseId, { events: 1 }).lean<Pick<CaseDoc, '_id' | 'events'>>();
      return (doc?.events ?? []).map((e) => toCaseEvent(e, caseId));
    },
    async markRead(caseId, upToSeq) {
      const m = await models();
      const c = await m.cases.findById(caseId, { lastSeq: 1 }).lean<Pick<CaseDoc, '_id' | 'lastSeq'>>();
      if (!c) return null;
      // $max keeps the mark monotonic when two devices mark at once.
      const mark = await m.caseReads
        .findOneAndUpdate(
          { _id: caseId },
          { $max: { readSeq: Math.min(Math.max(upToSeq, 0), c.lastSeq) } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<CaseReadDoc>();
      return mark?.readSeq ?? 0;
    },
    async unread(caseIds) {
      if (caseIds.length === 0) return {};
      const m = await models();
      const existing = await m.cases.find({ _id: { $in: [...caseIds] } }, { _id: 1 }).lean<Pick<CaseDoc, '_id'>[]>();
      const marks = await m.caseReads.find({ _id: { $in: existing.map((c) => c._id) } }).lean<CaseReadDoc[]>();
      const readSeq = new Map(marks.map((r) => [r._id, r.readSeq]));
      const out: Record<string, { readSeq: number; unread: number }> = {};
      for (const { _id: id } of existing) {
        const seq = readSeq.get(id) ?? 0;
        out[id] = { readSeq: seq, unread: await m.caseMessages.countDocuments({ caseId: id, kind: 'reply', seq: { $gt: seq } }) };
      }
      return out;
    },
  };
}
