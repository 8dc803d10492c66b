/**
 * An intent as the editor handles it: the loader's schema (server/bot/kb-schema.ts) with its defaults,
 * without the category and department the loader adds from the file. Validation errors name the field.
 */
import type { KbFieldError, KbIntentDoc } from '../../shared/kb';
import type { KbIntent } from '../bot/kb-schema';
import { kbIntentSchema } from '../bot/kb-schema';

/** The intent as written in its file, from the live KB's view of it. */
export function toIntentDoc(intent: KbIntent): KbIntentDoc {
  const { category: _category, department: _department, ...doc } = intent;
  return doc as KbIntentDoc;
}

/** Validates a proposed intent with the KB schema; every issue, by field path. */
export function validateIntent(raw: unknown): { intent: KbIntentDoc; errors: null } | { intent: null; errors: KbFieldError[] } {
  const parsed = kbIntentSchema.safeParse(raw);
  if (parsed.success) return { intent: parsed.data as KbIntentDoc, errors: null };
  const errors = parsed.error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return { field: issue.path.map(String).join('.') || 'intent', message: missing ? 'Required' : issue.message };
  });
  return { intent: null, errors };
}

/** Fields the loader fills in when absent: left out of a new intent's YAML, so files stay short. */
export const DEFAULTS: Record<string, unknown> = { priority: 'normal', handoff: false, quickReplies: [], followups: [] };

/** Whether two intent docs say the same (key order aside). */
export function isSameIntent(a: KbIntentDoc | null, b: KbIntentDoc | null): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
