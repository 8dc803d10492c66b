/**
 * Knowledge-base editing and the KB-gap loop, as the console and the server both see them: drafts of
 * intent changes (approved by an admin before they reach the YAML files), the gap report, and the
 * payload schemas of the /api/kb routes. The intent's own shape is validated on the server with the KB
 * loader's schema (server/bot/kb-schema.ts), so a draft is checked by exactly the rules a file is.
 */
import { z } from 'zod';
import type { Locale } from './model';

export type KbChangeKind = 'create' | 'update' | 'delete';
/** pending → approved | rejected; approved → rolled_back (a later change put the intent back). */
export type KbDraftStatus = 'pending' | 'approved' | 'rejected' | 'rolled_back';
/** Where a draft came from: the KB editor, a gap group, or an agent's reply in a chat. */
export type KbDraftSource = 'editor' | 'gap' | 'reply' | 'rollback';

/** An intent as written in a category file (the loader's defaults applied; no category or department). */
export interface KbIntentDoc {
  id: string;
  title: Record<Locale, string>;
  utterances: Record<Locale, string[]>;
  answer: Record<Locale, string>;
  [field: string]: unknown;
}

export interface KbDraft {
  id: string;
  kind: KbChangeKind;
  intentId: string;
  /** The category file the intent lives in (or goes to, for a new one). */
  category: string;
  /** The proposed intent; null when deleting. */
  intent: KbIntentDoc | null;
  /** The intent as it was when the draft was written; null for a new one. Approval refuses a stale base. */
  base: KbIntentDoc | null;
  source: KbDraftSource;
  note: string | null;
  status: KbDraftStatus;
  authorId: string;
  authorName: string;
  createdAt: number;
  reviewerId: string | null;
  reviewerName: string | null;
  reviewedAt: number | null;
  /** Unified diff of the intent's YAML, base → proposed. */
  diff: string;
  /** The approved draft this change undid. */
  rollbackOf: string | null;
}

/** One intent in the editor's list. */
export interface KbIntentSummary {
  id: string;
  category: string;
  title: Record<Locale, string>;
  utterances: number;
}

/** Why a shopper's message counts as a miss of the bot. */
export type MissReason = 'fallback' | 'clarify_unpicked' | 'unhelpful' | 'handoff_after_answer' | 'handoff_trigger';

/** Similar missed questions, grouped by the intent engine's vectors. */
export interface GapGroup {
  /** Distinct questions, most asked first (at most a few dozen). */
  questions: { text: string; count: number }[];
  /** Misses in the group. */
  count: number;
  /** Distinct shoppers who asked: the ranking. */
  shoppers: number;
  reasons: Partial<Record<MissReason, number>>;
  /** The intent the engine leans to for these questions (its top candidate), if any. */
  suggestedIntent: string | null;
  lastAt: number;
}

/** How often an intent's answers helped: answered and not followed by a handoff or a "not helpful". */
export interface IntentDeflection {
  intent: string;
  answered: number;
  /** Answers followed by a handoff within two minutes or marked not helpful. */
  missed: number;
  helpful: number;
  unhelpful: number;
  /** (answered − missed) / answered. */
  deflectionRate: number;
}

export interface GapReport {
  from: number;
  to: number;
  groups: GapGroup[];
  /** Weakest first. */
  intents: IntentDeflection[];
}

const CATEGORY = /^[a-z_]+$/;
const INTENT_ID = /^[a-z_]+(\.[a-z_]+)*$/;

/** POST /api/kb/drafts. The intent itself is validated with the KB schema on the server. */
export const kbDraftCreateSchema = z
  .object({
    kind: z.enum(['create', 'update', 'delete']),
    intentId: z.string().regex(INTENT_ID, 'must match [a-z_]+(.[a-z_]+)*').max(120),
    category: z.string().regex(CATEGORY, 'must match [a-z_]+').max(60).optional(),
    intent: z.record(z.string(), z.unknown()).optional(),
    source: z.enum(['editor', 'gap', 'reply']).default('editor'),
    note: z.string().trim().max(500).optional(),
  })
  .refine((d) => d.kind === 'delete' || d.intent !== undefined, { message: 'needed unless deleting', path: ['intent'] });

export type KbDraftCreate = z.input<typeof kbDraftCreateSchema>;

/** GET /api/kb/drafts?status=… */
export const kbDraftListSchema = z.object({
  status: z.enum(['pending', 'approved', 'rejected', 'rolled_back']).optional(),
});

/** A validation error of a draft's intent, by field path (`answer.zh`), shown beside the field in the form. */
export interface KbFieldError {
  field: string;
  message: string;
}
