/** Row shapes of the case tables and their mapping to shared/cases.ts: JSON columns parsed, absent values null. */
import type {
  AttachmentRef,
  Case,
  CaseActorKind,
  CaseChange,
  CaseConfirmation,
  CaseEvent,
  CaseMessage,
  CaseMessageKind,
  CasePriority,
  CaseResolution,
  CaseSource,
  CaseStatus,
  CaseTier,
} from '../../../shared/cases';
import type { Locale } from '../../../shared/model';

export interface CaseRow {
  id: string;
  number: number;
  site_id: string;
  status: string;
  priority: string;
  tier: string;
  department: string;
  category: string;
  subject: string;
  locale: string;
  source: string;
  assignee_id: string | null;
  customer_id: string | null;
  visitor_id: string | null;
  conversation_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  created_at: number;
  updated_at: number;
  first_response_due_at: number | null;
  resolution_due_at: number | null;
  tier_due_at: number | null;
  first_response_at: number | null;
  first_response_breached_at: number | null;
  resolution_breached_at: number | null;
  paused_at: number | null;
  solved_at: number | null;
  closed_at: number | null;
  resolution: string | null;
  confirmation: string | null;
  merged_into: string | null;
  last_seq: number;
  version: number;
}

export interface CaseMessageRow {
  id: string;
  case_id: string;
  seq: number;
  kind: string;
  author_id: string | null;
  author_name: string | null;
  text: string;
  attachments: string;
  created_at: number;
  merged_from: string | null;
}

export interface CaseEventRow {
  id: string;
  case_id: string;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  at: number;
  data: string;
}

// Each JSON column was written by this adapter from a value of type T, so the parse is typed by construction.
function parse<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function toCase(r: CaseRow): Case {
  return {
    id: r.id,
    number: r.number,
    siteId: r.site_id,
    status: r.status as CaseStatus,
    priority: r.priority as CasePriority,
    tier: r.tier as CaseTier,
    department: r.department,
    category: r.category,
    subject: r.subject,
    locale: r.locale as Locale,
    source: r.source as CaseSource,
    assigneeId: r.assignee_id,
    customerId: r.customer_id,
    visitorId: r.visitor_id,
    conversationId: r.conversation_id,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    firstResponseDueAt: r.first_response_due_at,
    resolutionDueAt: r.resolution_due_at,
    tierDueAt: r.tier_due_at,
    firstResponseAt: r.first_response_at,
    firstResponseBreachedAt: r.first_response_breached_at,
    resolutionBreachedAt: r.resolution_breached_at,
    pausedAt: r.paused_at,
    solvedAt: r.solved_at,
    closedAt: r.closed_at,
    resolution: r.resolution as CaseResolution | null,
    confirmation: parse<CaseConfirmation>(r.confirmation),
    mergedInto: r.merged_into,
    lastSeq: r.last_seq,
    version: r.version,
  };
}

export function toCaseMessage(r: CaseMessageRow): CaseMessage {
  return {
    id: r.id,
    caseId: r.case_id,
    seq: r.seq,
    kind: r.kind as CaseMessageKind,
    authorId: r.author_id,
    authorName: r.author_name,
    text: r.text,
    attachments: parse<AttachmentRef[]>(r.attachments) ?? [],
    createdAt: r.created_at,
    mergedFrom: parse<CaseMessage['mergedFrom']>(r.merged_from),
  };
}

export function toCaseEvent(r: CaseEventRow): CaseEvent {
  const data = parse<Omit<CaseChange, 'type'>>(r.data) ?? {};
  return {
    id: r.id,
    caseId: r.case_id,
    at: r.at,
    actor: { kind: r.actor_kind as CaseActorKind, id: r.actor_id },
    ...({ ...data, type: r.type } as CaseChange),
  };
}
