import { useEffect, useMemo, useState } from 'preact/hooks';
import type { GapGroup, GapReport, KbDraft, KbFieldError, KbIntentSummary } from '../../../shared/kb';
import { createKbApi } from '../api/kb-api';
import { useI18n } from '../i18n/i18n-context';
import { IntentForm, type IntentFormValue } from './intent-form';

interface Props {
  token: string;
  onNotice: (kind: 'info' | 'error', text: string) => void;
}

type Tab = 'gaps' | 'intents' | 'drafts';

const isChinese = (text: string) => /\p{Script=Han}/u.test(text);
const REVIEWED = { approve: 'kb.notice.approved', reject: 'kb.notice.rejected', rollback: 'kb.notice.rolledBack' } as const;

/** The questions of a gap group, by language, for an intent's utterances. */
function split(questions: readonly string[]): { en: string[]; zh: string[] } {
  return { en: questions.filter((q) => !isChinese(q)), zh: questions.filter(isChinese) };
}

/**
 * Knowledge: the gap report (what the bot missed, grouped, and the weakest answers), the KB's intents
 * to search and edit, and the drafts waiting for approval with their history. Every change is a draft.
 */
export function KnowledgeView({ token, onNotice }: Props) {
  const { t } = useI18n();
  const api = useMemo(() => createKbApi(token), [token]);
  const [tab, setTab] = useState<Tab>('gaps');
  const [report, setReport] = useState<GapReport | null>(null);
  const [intents, setIntents] = useState<KbIntentSummary[]>([]);
  const [categories, setCategories] = useState<string[]>([]);
  const [canApprove, setCanApprove] = useState(false);
  const [query, setQuery] = useState('');
  const [drafts, setDrafts] = useState<KbDraft[]>([]);
  const [form, setForm] = useState<IntentFormValue | null>(null);
  const [errors, setErrors] = useState<KbFieldError[]>([]);

  const loadIntents = async (q: string) => {
    const res = await api.intents(q);
    if (!res.ok) return;
    setIntents(res.data.intents);
    setCategories(res.data.categories.map((c) => c.category));
    setCanApprove(res.data.canApprove);
  };
  const loadGaps = async () => {
    const res = await api.gaps();
    if (res.ok) setReport(res.data);
  };
  const loadDrafts = async () => {
    const res = await api.drafts();
    if (res.ok) setDrafts(res.data.drafts);
  };
  useEffect(() => {
    void loadIntents('');
    void loadGaps();
    void loadDrafts();
  }, [api]);

  const submit = async (value: IntentFormValue) => {
    const { kind, intentId, category, intent, source } = value;
    const res = await api.propose({ kind, intentId, category, intent, source });
    if (!res.ok) {
      setErrors(res.error.fields ?? [{ field: 'intent', message: res.error.message }]);
      return;
    }
    setErrors([]);
    setForm(null);
    onNotice('info', t('kb.drafted'));
    await loadDrafts();
    setTab('drafts');
  };

  /** Adds a group's questions to an existing intent's utterances, as a draft. */
  const addToIntent = async (group: GapGroup, intentId: string) => {
    const found = await api.intent(intentId);
    if (!found.ok) return onNotice('error', found.error.message);
    const { intent, category } = found.data;
    const add = split(group.questions.map((q) => q.text));
    const utterances = {
      en: [...intent.utterances.en, ...add.en.filter((q) => !intent.utterances.en.includes(q))],
      zh: [...intent.utterances.zh, ...add.zh.filter((q) => !intent.utterances.zh.includes(q))],
    };
    await submit({ kind: 'update', intentId, category, intent: { ...intent, utterances }, source: 'gap' });
  };

  const review = async (draft: KbDraft, action: 'approve' | 'reject' | 'rollback') => {
    const res = await api.review(draft.id, action);
    if (!res.ok) return onNotice('error', res.error.message);
    onNotice('info', t(REVIEWED[action]));
    await Promise.all([loadDrafts(), loadIntents(query)]);
  };

  if (form) {
    return (
      <IntentForm
        value={form}
        categories={categories}
        errors={errors}
        onSubmit={(v) => void submit(v)}
        onCancel={() => {
          setForm(null);
          setErrors([]);
        }}
      />
    );
  }

  return (
    <section class="knowledge" aria-label={t('kb.title')} data-testid="knowledge">
      <nav class="tabs" role="tablist">
        {(['gaps', 'intents', 'drafts'] as const).map((v) => (
          <button key={v} type="button" role="tab" aria-selected={tab === v} class={`tab ${tab === v ? 'tab-on' : ''}`} data-testid={`kb-tab-${v}`} onClick={() => setTab(v)}>
            {t(`kb.tab.${v}`)}
            {v === 'drafts' && drafts.some((d) => d.status === 'pending') && <span class="count">{drafts.filter((d) => d.status === 'pending').length}</span>}
          </button>
        ))}
      </nav>
      {tab === 'gaps' && <Gaps report={report} intents={intents} onAdd={addToIntent} onCreate={(g) => {
        setErrors([]);
        setForm({ kind: 'create', intentId: '', category: categories[0] ?? '', source: 'gap', intent: { id: '', title: { en: '', zh: '' }, answer: { en: '', zh: '' }, utterances: split(g.questions.map((q) => q.text)) } });
      }} />}
      {tab === 'intents' && (
        <div class="kb-pane">
          <div class="btn-row">
            <input class="input" type="search" value={query} placeholder={t('kb.search')} aria-label={t('kb.search')} data-testid="kb-search"
              onInput={(e) => {
                setQuery(e.currentTarget.value);
                void loadIntents(e.currentTarget.value);
              }} />
            <button type="button" class="btn" data-testid="kb-new" onClick={() => {
              setErrors([]);
              setForm({ kind: 'create', intentId: '', category: categories[0] ?? '', source: 'editor', intent: { id: '', title: { en: '', zh: '' }, answer: { en: '', zh: '' }, utterances: { en: [], zh: [] } } });
            }}>{t('kb.newIntent')}</button>
          </div>
          <ul class="kb-list">
            {intents.map((i) => (
              <li key={i.id}>
                <button type="button" class="row-main" data-testid={`kb-intent-${i.id}`} onClick={() => void api.intent(i.id).then((r) => {
                  if (!r.ok) return;
                  setErrors([]);
                  setForm({ kind: 'update', intentId: i.id, category: r.data.category, intent: r.data.intent, source: 'editor' });
                })}>
                  <strong>{i.id}</strong> · {i.title.en} · {i.title.zh} <span class="muted small">{t('kb.utterances', { n: i.utterances })}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {tab === 'drafts' && (
        <ul class="kb-list" data-testid="kb-drafts">
          {drafts.length === 0 && <li class="muted">{t('kb.noDrafts')}</li>}
          {drafts.map((d) => (
            <li key={d.id} class="kb-draft" data-testid={`kb-draft-${d.intentId}`}>
              <div>
                <strong>{d.intentId}</strong> · {t(`kb.kind.${d.kind}`)} · {t(`kb.status.${d.status}`)} ·{' '}
                <span class="muted small">{t('kb.by', { name: d.authorName, at: new Date(d.createdAt).toLocaleString() })}</span>
                {d.reviewerName && <span class="muted small"> · {t('kb.reviewedBy', { name: d.reviewerName })}</span>}
              </div>
              <pre class="kb-diff">{d.diff}</pre>
              {canApprove && d.status === 'pending' && (
                <div class="btn-row">
                  <button type="button" class="btn btn-primary" data-testid="kb-approve" onClick={() => void review(d, 'approve')}>{t('kb.approve')}</button>
                  <button type="button" class="btn" onClick={() => void review(d, 'reject')}>{t('kb.reject')}</button>
                </div>
              )}
              {canApprove && d.status === 'approved' && (
                <button type="button" class="btn btn-ghost" data-testid="kb-rollback" onClick={() => void review(d, 'rollback')}>{t('kb.rollback')}</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Gaps({ report, intents, onAdd, onCreate }: { report: GapReport | null; intents: KbIntentSummary[]; onAdd: (g: GapGroup, intentId: string) => void; onCreate: (g: GapGroup) => void }) {
  const { t } = useI18n();
  if (report === null) return <p class="muted">{t('conversation.loading')}</p>;
  return (
    <div class="kb-pane">
      <h3>{t('kb.gaps')}</h3>
      {report.groups.length === 0 && <p class="muted">{t('kb.noGaps')}</p>}
      <ul class="kb-list" data-testid="kb-gaps">
        {report.groups.map((g, i) => (
          <GapRow key={i} group={g} intents={intents} onAdd={onAdd} onCreate={onCreate} />
        ))}
      </ul>
      <h3>{t('kb.deflection')}</h3>
      <table class="kb-table">
        <thead>
          <tr><th>{t('kb.intent')}</th><th>{t('kb.answered')}</th><th>{t('kb.missed')}</th><th>{t('kb.rate')}</th></tr>
        </thead>
        <tbody>
          {report.intents.map((d) => (
            <tr key={d.intent}><td>{d.intent}</td><td>{d.answered}</td><td>{d.missed}</td><td>{Math.round(d.deflectionRate * 100)} %</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GapRow({ group, intents, onAdd, onCreate }: { group: GapGroup; intents: KbIntentSummary[]; onAdd: (g: GapGroup, intentId: string) => void; onCreate: (g: GapGroup) => void }) {
  const { t } = useI18n();
  const [target, setTarget] = useState(group.suggestedIntent ?? '');
  return (
    <li class="kb-gap" data-testid="kb-gap">
      <div>
        <strong>{t('kb.shoppers', { n: group.shoppers })}</strong> · {t('kb.misses', { n: group.count })}
        {group.suggestedIntent && <span class="muted small"> · {t('kb.suggested', { intent: group.suggestedIntent })}</span>}
      </div>
      <ul class="kb-questions">
        {group.questions.slice(0, 8).map((q) => (
          <li key={q.text}>“{q.text}”{q.count > 1 ? ` ×${q.count}` : ''}</li>
        ))}
      </ul>
      <div class="btn-row">
        <input class="input" list="kb-intent-ids" value={target} aria-label={t('kb.addTo')} onInput={(e) => setTarget(e.currentTarget.value)} />
        <datalist id="kb-intent-ids">{intents.map((i) => <option key={i.id} value={i.id} />)}</datalist>
        <button type="button" class="btn" disabled={target === ''} data-testid="kb-gap-add" onClick={() => onAdd(group, target)}>{t('kb.addTo')}</button>
        <button type="button" class="btn btn-primary" data-testid="kb-gap-new" onClick={() => onCreate(group)}>{t('kb.newIntent')}</button>
      </div>
    </li>
  );
}
