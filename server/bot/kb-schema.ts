/**
 * The KB's YAML shape as zod schemas, and the types the engine works with.
 * One category file per YAML; `settings.yaml` is optional and every field has a default.
 */
import { z } from 'zod';
import { PRIORITIES } from '../../shared/model';

const localized = z.object({ en: z.string().min(1), zh: z.string().min(1) });
const localizedList = z.object({ en: z.array(z.string().min(1)).min(1), zh: z.array(z.string().min(1)).min(1) });

const SAFE_URL = /^(https?:\/\/|mailto:|\/)/;
/** Links in answers and quick replies must be web or mail links, never `javascript:` and friends. */
const safeUrl = z.string().regex(SAFE_URL, 'must start with https://, http://, mailto: or /');

/** Answers are a markdown subset (bold, links, lists); their links get the same rule as buttons. */
const markdown = z
  .string()
  .min(1)
  .refine((md) => [...md.matchAll(/\]\(([^)\s]*)\)/g)].every((m) => SAFE_URL.test(m[1] ?? '')), {
    message: 'links must start with https://, http://, mailto: or /',
  });

/** A button under an answer: opens `url` or sends `text` as the shopper's message. */
export const kbQuickReplySchema = z
  .object({ label: localized, url: safeUrl.optional(), text: localized.optional() })
  .refine((q) => (q.url === undefined) !== (q.text === undefined), { message: 'needs exactly one of url or text' });

/** What an intent may do in the retailer's systems (server/integrations) instead of only answering. */
export const INTENT_ACTIONS = ['order.lookup', 'order.cancel', 'return.request', 'case.status'] as const;
export type IntentAction = (typeof INTENT_ACTIONS)[number];

/** What an action asks the shopper for; `email` is skipped when the shopper's identity is verified; `photo` is optional. */
export const SLOT_NAMES = ['orderNumber', 'email', 'items', 'reason', 'photo'] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

/** One intent of a category file. */
export const kbIntentSchema = z.object({
  id: z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'must match [a-z_]+(.[a-z_]+)*'),
  title: localized,
  priority: z.enum(PRIORITIES).default('normal'),
  handoff: z.boolean().default(false),
  utterances: localizedList,
  answer: z.object({ en: markdown, zh: markdown }),
  quickReplies: z.array(kbQuickReplySchema).default([]),
  followups: z.array(z.string()).default([]),
  /** Runs this action (asking for its slots) instead of answering. */
  action: z.enum(INTENT_ACTIONS).optional(),
  /** The slots the action asks for, in order; omitted: the action's defaults (action-slots.ts). */
  slots: z.array(z.enum(SLOT_NAMES)).min(1).optional(),
  /** `run` (default): start the action at once; `offer`: answer, with a button that starts it. */
  actionMode: z.enum(['run', 'offer']).optional(),
  /** With `handoff`: before handing off, the bot asks for a photo (texts.askPhoto) and offers the attach button. */
  askPhoto: z.boolean().optional(),
});

/** A category file's head; its intents are validated one by one so errors can name the intent. */
export const kbCategoryFileSchema = z.object({
  category: z.string().regex(/^[a-z_]+$/, 'must match [a-z_]+'),
  department: z.string().min(1),
  intents: z.array(z.unknown()),
});

const phrase = (en: string, zh: string) => localized.default({ en, zh });

/** `settings.yaml`: every field optional, defaults as documented in the KB format. */
export const kbSettingsSchema = z
  .object({
    botName: phrase('Parley Bot', '小帮手'),
    /** Unset: the threshold the calibration chose for the target precision (0.55 without calibration). */
    answerThreshold: z.number().min(0).max(1).optional(),
    clarifyThreshold: z.number().min(0).max(1).default(0.3),
    maxFallbacks: z.number().int().min(1).default(2),
    sentimentThreshold: z.number().min(-1).max(1).default(-0.5),
    texts: z
      .object({
        greeting: phrase('Hi! I can help with orders, shipping, returns and more. What can I do for you?', '您好！我可以帮您查询订单、物流、退换货等问题，请问有什么可以帮您？'),
        clarify: phrase('Did you mean one of these?', '您是想问以下哪个问题？'),
        fallback: phrase("Sorry, I didn't catch that. Could you rephrase it?", '抱歉，我没有理解您的意思，可以换个说法吗？'),
        handoff: phrase("I'm connecting you with a member of our team…", '正在为您转接人工客服，请稍候…'),
        /** Outside support hours: say the hours. */
        offline: phrase('Our team is offline right now. Leave a message and we will reply here and by email.', '客服暂时不在线，请留言，我们会在这里并通过邮件回复您。'),
        /** Inside support hours, but nobody who could take the chat is signed in. */
        unavailable: phrase('No one is available right now. Leave a message and we will reply here and by email.', '目前没有客服有空，请留言，我们会在这里并通过邮件回复您。'),
        askPhoto: phrase(
          "I'm sorry about that. Could you attach a photo of the damage? It helps our team sort it out faster.",
          '非常抱歉。可以上传一张破损处的照片吗？这样我们的客服能更快为您处理。',
        ),
        skipPhoto: phrase('Continue without a photo', '不上传照片，继续'),
        photoReceived: phrase(
          "Thanks, I've got your file. Tell me what it is about, or ask for a person.",
          '收到您的文件了。请告诉我是关于什么问题，或者输入“转人工”联系客服。',
        ),
      })
      .prefault({}),
    synonyms: z
      .object({ en: z.record(z.string(), z.string()).default({}), zh: z.record(z.string(), z.string()).default({}) })
      .prefault({}),
    stopwords: z
      .object({ en: z.array(z.string()).default([]), zh: z.array(z.string()).default([]) })
      .prefault({}),
  })
  .strict();

/**
 * `lexicon.yaml`: concepts (id → sense and the phrases shoppers use for it, per language). A phrase
 * in a text adds its concept as one more feature on both sides (KB utterances and messages).
 */
export const kbLexiconConceptSchema = z
  .object({
    sense: z.string().min(1),
    en: z.array(z.string().min(1)).default([]),
    zh: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const kbLexiconFileSchema = z.object({ concepts: z.record(z.string(), z.unknown()) }).strict();

/** Concept ids become feature names, so they stay plain. */
export const LEXICON_CONCEPT_ID = /^[a-z][a-z0-9_]*$/;

export interface LexiconConcept {
  id: string;
  sense: string;
  en: string[];
  zh: string[];
}

export type KbQuickReply = z.output<typeof kbQuickReplySchema>;
export type KbSettings = z.output<typeof kbSettingsSchema>;

/** An intent as the engine sees it: the YAML intent plus the category and department of its file. */
export type KbIntent = z.output<typeof kbIntentSchema> & { category: string; department: string };

export interface KnowledgeBase {
  name: string;
  dir: string;
  /** Settings with defaults applied. */
  settings: KbSettings;
  intents: KbIntent[];
  /** Concepts the engine adds as features (from the KB's own lexicon.yaml or the shipped kb/lexicon.yaml); none when absent. */
  lexicon?: LexiconConcept[];
}
