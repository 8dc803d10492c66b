/**
 * zod schemas for every payload that crosses an edge. Handlers parse with these first;
 * the types in events.ts are inferred from them, so the contract cannot drift from validation.
 */
import { z } from 'zod';
import { attachmentRefSchema } from './cases';
import { LIMITS } from './limits';
import { LOCALES, PRIORITIES } from './model';

const id = z.string().min(1).max(64);
const clientId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);
const text = z.string().trim().min(1).max(LIMITS.messageChars);
export const localeSchema = z.enum(LOCALES);
export const resolutionSchema = z.enum(['resolved', 'not_resolved', 'spam']);

// ---- /shopper handshake and commands ----

export const shopperAuthSchema = z.object({
  siteId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/),
  visitorToken: z.string().min(16).max(128).optional(),
  locale: localeSchema.optional(),
});

export const sessionResumeSchema = z.object({
  /** Highest seq the widget already has; the server returns only later messages. */
  sinceSeq: z.number().int().min(0).default(0),
  /** The conversation sinceSeq refers to (null: none yet); for another one, that one's newest page is returned. */
  conversationId: z.string().min(1).max(64).nullish(),
  pageUrl: z.string().max(2048).optional(),
});

/** Files uploaded first (POST /api/attachments), then sent by reference; the server checks each is the sender's. */
const attachments = z.array(attachmentRefSchema).max(LIMITS.attachmentsPerMessage).default([]);
/** With files the text may be empty (a photo on its own); without, it may not. */
const textOrFiles = (v: { text: string; attachments: unknown[] }) => v.text.length > 0 || v.attachments.length > 0;
const optionalText = z.string().trim().max(LIMITS.messageChars).default('');

export const shopperSendSchema = z
  .object({ clientId, text: optionalText, attachments })
  .refine(textOrFiles, { message: 'text or attachments are required', path: ['text'] });
export const shopperTypingSchema = z.object({
  isTyping: z.boolean(),
  /** Live preview of what the shopper is typing, shown to the agent only. */
  draft: z.string().max(LIMITS.messageChars).optional(),
});
export const readSchema = z.object({ upToSeq: z.number().int().min(0) });
export const rateSchema = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(LIMITS.commentChars).optional(),
  /** The NPS answer, when the widget asks both at once (else `nps:submit` after the stars). */
  nps: z.number().int().min(0).max(10).optional(),
});
/** Thumbs on a bot answer: helpful or not (the KB-gap loop). */
export const answerRateSchema = z.object({ messageId: id, isHelpful: z.boolean() });
export const ticketCreateSchema = z.object({
  name: z.string().trim().min(1).max(120),
  email: z.email().max(254),
  message: z.string().trim().min(1).max(LIMITS.messageChars),
});
export const identifySchema = z
  .object({
    id: z.string().min(1).max(128).optional(),
    name: z.string().max(120).optional(),
    email: z.email().max(254).optional(),
    /** Older, id-only proof: lowercase hex HMAC-SHA256(id, IDENTITY_SECRET). Proves the id, nothing else. */
    hash: z.string().max(128).optional(),
    tier: z.string().max(32).optional(),
    /** The retailer-signed identity (compact JWT, HS256, with exp): id, name, email, tier, all trusted. */
    token: z.string().min(1).max(4096).optional(),
  })
  .refine((v) => v.id !== undefined || v.token !== undefined, { message: 'id or token is required', path: ['id'] });
/** Commands without parameters take `{}`. */
export const emptySchema = z.object({}).strict();
export const handoffRequestSchema = emptySchema;
export const localeSetSchema = z.object({ locale: localeSchema });

// ---- /agent handshake and commands ----

export const agentAuthSchema = z.object({ token: z.string().min(1).max(1024) });
export const conversationRefSchema = z.object({ conversationId: id });
/** The transcript page that ends just before `beforeSeq` (the `fromSeq` of the page the console holds). */
export const transcriptPageSchema = z.object({ conversationId: id, beforeSeq: z.number().int().min(1) });
export const kbSearchSchema = z.object({ query: z.string().trim().min(1).max(200), locale: z.enum(LOCALES) });
export const assistUseSchema = z.object({ conversationId: id, intent: z.string().min(1).max(120) });
export const agentSendSchema = z
  .object({
    conversationId: id,
    clientId,
    text: optionalText,
    internal: z.boolean().default(false),
    attachments,
  })
  .refine(textOrFiles, { message: 'text or attachments are required', path: ['text'] });
export const agentTypingSchema = z.object({ conversationId: id, isTyping: z.boolean() });
export const agentReadSchema = z.object({ conversationId: id, upToSeq: z.number().int().min(0) });
export const closeSchema = z.object({ conversationId: id, resolution: resolutionSchema.default('resolved') });
export const transferSchema = z
  .object({
    conversationId: id,
    toAgentId: id.optional(),
    toDepartment: z.string().min(1).max(64).optional(),
    note: z.string().trim().max(LIMITS.messageChars).optional(),
  })
  .refine((v) => v.toAgentId !== undefined || v.toDepartment !== undefined, {
    message: 'toAgentId or toDepartment is required',
  });
export const presenceSetSchema = z.object({ status: z.enum(['online', 'away']) });
export const tagsSetSchema = z.object({
  conversationId: id,
  tags: z.array(z.string().trim().min(1).max(32)).max(20),
});
export const listViewSchema = z.object({
  view: z.enum(['waiting', 'mine', 'open', 'closed']),
  query: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

// ---- HTTP bodies ----

export const loginSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(256),
});
export const createAgentSchema = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(120),
  password: z.string().min(8).max(256),
  role: z.enum(['agent', 'supervisor', 'admin']).default('agent'),
  departments: z.array(z.string().min(1).max(64)).min(1).default(['general']),
  maxChats: z.number().int().min(1).max(50).default(5),
});

export const prioritySchema = z.enum(PRIORITIES);
