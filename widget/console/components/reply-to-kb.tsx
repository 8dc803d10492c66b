import { useEffect, useMemo, useState } from 'preact/hooks';
import type { KbIntentSummary } from '../../../shared/kb';
import type { Message } from '../../../shared/model';
import { createKbApi } from '../api/kb-api';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  token: string;
  reply: Message;
  question: Message | undefined;
  onDone: (notice: { kind: 'info' | 'error'; text: string } | null) => void;
}

const isChinese = (text: string) => /\p{Script=Han}/u.test(text);

/**
 * An agent's reply becomes a KB answer draft: it replaces the chosen intent's answer in the reply's language,
 * and the shopper's question joins the intent's examples. An admin approves it before the bot uses it.
 */
export function ReplyToKb({ token, reply, question, onDone }: Props) {
  const { t } = useI18n();
  const api = useMemo(() => createKbApi(token), [token]);
  const [intents, setIntents] = useState<KbIntentSummary[]>([]);
  const [intentId, setIntentId] = useState('');
  const [withQuestion, setWithQuestion] = useState(question !== undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void api.intents('').then((r) => r.ok && setIntents(r.data.intents)), [api]);

  const save = async () => {
    const found = await api.intent(intentId.trim());
    if (!found.ok) return setError(found.error.message);
    const { intent } = found.data;
    const locale = isChinese(reply.text) ? 'zh' : 'en';
    const asked = withQuestion && question ? question.text.trim() : '';
    const qLocale = isChinese(asked) ? 'zh' : 'en';
    const utterances = { ...intent.utterances };
    if (asked !== '' && !utterances[qLocale].includes(asked)) utterances[qLocale] = [...utterances[qLocale], asked];
    const res = await api.propose({
      kind: 'update',
      intentId: intent.id,
      source: 'reply',
      intent: { ...intent, answer: { ...intent.answer, [locale]: reply.text }, utterances },
    });
    if (!res.ok) return setError(res.error.fields?.map((f) => `${f.field}: ${f.message}`).join('; ') ?? res.error.message);
    onDone({ kind: 'info', text: t('kb.drafted') });
  };

  return (
    <form class="kb-form kb-reply" data-testid="kb-reply-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>{t('kb.fromReply')}</h3>
      <blockquote class="muted">{reply.text}</blockquote>
      <label class="field">
        <span>{t('kb.intent')}</span>
        <input class="input" list="kb-reply-intents" value={intentId} data-testid="kb-reply-intent" onInput={(e) => setIntentId(e.currentTarget.value)} />
        <datalist id="kb-reply-intents">{intents.map((i) => <option key={i.id} value={i.id}>{i.title.en}</option>)}</datalist>
      </label>
      {question && (
        <label class="radio">
          <input type="checkbox" checked={withQuestion} onChange={(e) => setWithQuestion(e.currentTarget.checked)} />
          {t('kb.withQuestion', { text: question.text })}
        </label>
      )}
      {error && <p class="field-error" role="alert">{error}</p>}
      <div class="btn-row">
        <button type="submit" class="btn btn-primary" disabled={intentId.trim() === ''} data-testid="kb-reply-save">{t('kb.saveDraft')}</button>
        <button type="button" class="btn btn-ghost" onClick={() => onDone(null)}>{t('kb.cancel')}</button>
      </div>
    </form>
  );
}
