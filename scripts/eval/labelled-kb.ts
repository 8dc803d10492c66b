/** A throw-away KB made from labelled texts, so eval measures the same engine the server runs. */
import type { KbIntent, KnowledgeBase } from '../../server/bot/kb-schema';
import { kbSettingsSchema } from '../../server/bot/kb-schema';
import type { LabelledText } from '../../server/bot/train-intent-classifier';

/** One intent per label; every text becomes an English utterance (or Chinese, when `locale` says so). */
export function labelledKb(examples: readonly LabelledText[], name = 'eval'): KnowledgeBase {
  const byLabel = new Map<string, string[]>();
  for (const e of examples) {
    const list = byLabel.get(e.label) ?? [];
    list.push(e.text);
    byLabel.set(e.label, list);
  }
  const intents: KbIntent[] = [...byLabel].map(([label, texts]) => ({
    id: label,
    category: 'eval',
    department: 'general',
    // The label is not a shopper's phrase, so it must not become a training example: titles are empty.
    title: { en: '', zh: '' },
    priority: 'normal',
    handoff: false,
    utterances: { en: texts, zh: [] },
    answer: { en: label, zh: label },
    quickReplies: [],
    followups: [],
  }));
  return { name, dir: '', settings: kbSettingsSchema.parse({}), intents };
}
