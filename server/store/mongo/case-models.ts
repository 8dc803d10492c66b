/**
 * The case collections. A case's history is embedded in its document (`events`), so a change and its
 * history entry are one atomic update without multi-document transactions; reads project it away. Messages
 * have their own collection (a thread can grow long), numbered by an atomic `$inc` of the case's lastSeq.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import {
  CASE_MESSAGE_KINDS,
  CASE_PRIORITIES,
  CASE_RESOLUTIONS,
  CASE_SOURCES,
  CASE_STATUSES,
  CASE_TIERS,
  type Case,
  type CaseActor,
  type CaseChange,
  type CaseMessage,
} from '../../../shared/cases';

/** One history entry as stored inside the case document. */
export interface CaseEventDoc {
  _id: string;
  at: number;
  actor: CaseActor;
  change: CaseChange;
}

export interface CaseDoc extends Omit<Case, 'id'> {
  _id: string;
  events: CaseEventDoc[];
}

export interface CaseMessageDoc extends Omit<CaseMessage, 'id'> {
  _id: string;
}

/** The customer's read mark of a case (`_id` is the case id): apart from the case, so reading bumps no version. */
export interface CaseReadDoc {
  _id: string;
  readSeq: number;
}

export interface CaseModels {
  cases: Model<CaseDoc>;
  caseMessages: Model<CaseMessageDoc>;
  caseReads: Model<CaseReadDoc>;
}

const options = (collection: string) => ({ collection, versionKey: false as const, minimize: false, strict: true });
const nullableString = { type: String, default: null };
const nullableNumber = { type: Number, default: null };
const requiredString = { type: String, required: true };
const requiredNumber = { type: Number, required: true };

const caseSchema = new Schema<CaseDoc>(
  {
    _id: requiredString,
    number: requiredNumber,
    siteId: requiredString,
    status: { type: String, required: true, enum: CASE_STATUSES },
    priority: { type: String, required: true, enum: CASE_PRIORITIES },
    tier: { type: String, required: true, enum: CASE_TIERS },
    department: requiredString,
    category: requiredString,
    // Not `required`: mongoose refuses an empty required string, and a case may have no subject.
    subject: { type: String, default: '' },
    locale: { type: String, required: true, enum: ['en', 'zh'] },
    source: { type: String, required: true, enum: CASE_SOURCES },
    assigneeId: nullableString,
    customerId: nullableString,
    visitorId: nullableString,
    conversationId: nullableString,
    contactName: nullableString,
    contactEmail: nullableString,
    createdAt: requiredNumber,
    updatedAt: requiredNumber,
    firstResponseDueAt: nullableNumber,
    resolutionDueAt: nullableNumber,
    tierDueAt: nullableNumber,
    firstResponseAt: nullableNumber,
    firstResponseBreachedAt: nullableNumber,
    resolutionBreachedAt: nullableNumber,
    pausedAt: nullableNumber,
    solvedAt: nullableNumber,
    closedAt: nullableNumber,
    resolution: { type: String, default: null, enum: [...CASE_RESOLUTIONS, null] },
    confirmation: { type: Schema.Types.Mixed, default: null },
    mergedInto: nullableString,
    lastSeq: requiredNumber,
    version: requiredNumber,
    events: { type: Schema.Types.Mixed, default: [] },
  },
  options('cases'),
);
caseSchema.index({ number: 1 }, { unique: true });
caseSchema.index({ status: 1, number: -1 });
caseSchema.index({ assigneeId: 1, status: 1 });
caseSchema.index({ department: 1, status: 1 });
caseSchema.index({ customerId: 1, number: -1 });
caseSchema.index({ visitorId: 1, number: -1 });
caseSchema.index({ siteId: 1, number: -1 });
caseSchema.index({ firstResponseDueAt: 1 });
caseSchema.index({ resolutionDueAt: 1 });
caseSchema.index({ tierDueAt: 1 });
caseSchema.index({ 'confirmation.closesAt': 1 });

const caseMessageSchema = new Schema<CaseMessageDoc>(
  {
    _id: requiredString,
    caseId: requiredString,
    seq: { type: Number, required: true, min: 1 },
    kind: { type: String, required: true, enum: CASE_MESSAGE_KINDS },
    authorId: nullableString,
    authorName: nullableString,
    text: { type: String, default: '' },
    attachments: { type: Schema.Types.Mixed, default: [] },
    createdAt: requiredNumber,
    mergedFrom: { type: Schema.Types.Mixed, default: null },
  },
  options('case_messages'),
);
caseMessageSchema.index({ caseId: 1, seq: 1 }, { unique: true });
// A resumed merge must not copy a message twice.
caseMessageSchema.index(
  { caseId: 1, 'mergedFrom.messageId': 1 },
  { unique: true, partialFilterExpression: { 'mergedFrom.messageId': { $type: 'string' } } },
);

const caseReadSchema = new Schema<CaseReadDoc>({ _id: requiredString, readSeq: { type: Number, required: true, min: 0 } }, options('case_reads'));

/** Registers the case models on `conn`. */
export function registerCaseModels(conn: Connection): CaseModels {
  return {
    cases: conn.model<CaseDoc>('Case', caseSchema),
    caseMessages: conn.model<CaseMessageDoc>('CaseMessage', caseMessageSchema),
    caseReads: conn.model<CaseReadDoc>('CaseRead', caseReadSchema),
  };
}
