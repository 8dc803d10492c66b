import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { KbChangeKind, KbFieldError, KbIntentDoc } from '../../../shared/kb';
import { useI18n } from '../i18n/i18n-context';

export interface IntentFormValue {
  kind: KbChangeKind;
  intentId: string;
  category: string;
  intent: KbIntentDoc;
  source: 'editor' | 'gap' | 'reply';
}

interface Props {
  value: IntentFormValue;
  categories: string[];
  /** The server's validation errors, shown beside their fields. */
  errors: KbFieldError[];
  onSubmit: (value: IntentFormValue) => void;
  onCancel: () => void;
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/** Creates or edits an intent (id, category, title, example questions and answer in en and zh) as a draft. */
export function IntentForm({ value, categories, errors, onSubmit, onCancel }: Props) {
  const { t } = useI18n();
  const isNew = value.kind === 'create';
  const [id, setId] = useState(value.intentId);
  const [category, setCategory] = useState(value.category);
  const [title, setTitle] = useState(value.intent.title);
  const [answer, setAnswer] = useState(value.intent.answer);
  const [utterances, setUtterances] = useState({ en: value.intent.utterances.en.join('\n'), zh: value.intent.utterances.zh.join('\n') });
  const errorOf = (field: string) => errors.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message;
  const shown = new Set(['id', 'category', 'title.en', 'title.zh', 'utterances.en', 'utterances.zh', 'answer.en', 'answer.zh']);
  const other = errors.filter((e) => ![...shown].some((f) => e.field === f || e.field.startsWith(`${f}.`)));

  const field = (name: string, label: string, input: ComponentChildren) => (
    <label class="field">
      <span>{label}</span>
      {input}
      {errorOf(name) && <span class="field-error" role="alert" data-testid={`kb-error-${name}`}>{errorOf(name)}</span>}
    </label>
  );

  return (
    <form
      class="kb-form"
      data-testid="kb-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({
          ...value,
          intentId: id.trim(),
          category,
          intent: { ...value.intent, id: id.trim(), title, answer, utterances: { en: lines(utterances.en), zh: lines(utterances.zh) } },
        });
      }}
    >
      <h3>{isNew ? t('kb.newIntent') : t('kb.editIntent', { id: value.intentId })}</h3>
      {isNew && field('id', t('kb.field.id'), <input class="input" value={id} data-testid="kb-field-id" onInput={(e) => setId(e.currentTarget.value)} />)}
      {isNew &&
        field('category', t('kb.field.category'), (
          <select class="input" value={category} data-testid="kb-field-category" onChange={(e) => setCategory(e.currentTarget.value)}>
            {categories.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        ))}
      {(['en', 'zh'] as const).map((l) => (
        <fieldset key={l} class="kb-locale">
          <legend>{t(`kb.locale.${l}`)}</legend>
          {field(`title.${l}`, t('kb.field.title'), <input class="input" value={title[l]} data-testid={`kb-field-title-${l}`} onInput={(e) => setTitle({ ...title, [l]: e.currentTarget.value })} />)}
          {field(`utterances.${l}`, t('kb.field.utterances'), <textarea class="input" rows={5} value={utterances[l]} data-testid={`kb-field-utterances-${l}`} onInput={(e) => setUtterances({ ...utterances, [l]: e.currentTarget.value })} />)}
          {field(`answer.${l}`, t('kb.field.answer'), <textarea class="input" rows={4} value={answer[l]} data-testid={`kb-field-answer-${l}`} onInput={(e) => setAnswer({ ...answer, [l]: e.currentTarget.value })} />)}
        </fieldset>
      ))}
      {other.map((e) => <p key={e.field} class="field-error" role="alert">{e.field}: {e.message}</p>)}
      <div class="btn-row">
        <button type="submit" class="btn btn-primary" data-testid="kb-submit">{t('kb.saveDraft')}</button>
        {!isNew && (
          <button type="button" class="btn" data-testid="kb-delete" onClick={() => onSubmit({ ...value, kind: 'delete' })}>{t('kb.delete')}</button>
        )}
        <button type="button" class="btn btn-ghost" onClick={onCancel}>{t('kb.cancel')}</button>
      </div>
    </form>
  );
}
