import type { Locale, QuickReply } from '../../shared/model';
import type { KbIntent } from './kb-schema';

/**
 * The chips under an answer: the intent's own quick replies, then its follow-up intents by title.
 * A follow-up whose title repeats a chip already shown (a "Size guide" link and the "Size guide" intent)
 * is left out: two identical chips read as a glitch.
 */
export function answerChips(intent: KbIntent, locale: Locale, byId: Map<string, KbIntent>): QuickReply[] {
  const chips: QuickReply[] = intent.quickReplies.map((q) =>
    q.url !== undefined ? { label: q.label[locale], url: q.url } : { label: q.label[locale], text: q.text?.[locale] ?? q.label[locale] },
  );
  const seen = new Set(chips.map((c) => c.label.trim().toLowerCase()));
  for (const id of intent.followups) {
    const title = byId.get(id)?.title[locale];
    if (title === undefined || seen.has(title.trim().toLowerCase())) continue;
    seen.add(title.trim().toLowerCase());
    chips.push({ label: title, text: title });
  }
  return chips;
}
