import { useState } from 'preact/hooks';
import type { HandoffSummary } from '../../../shared/model';
import { useI18n } from '../i18n/i18n-context';
import { formatPercent } from '../state/format';

/** What the bot understood before handing off, pinned above the transcript so the agent starts informed. */
export function HandoffCard({ summary }: { summary: HandoffSummary }) {
  const { t } = useI18n();
  const [isOpen, setOpen] = useState(true);
  const none = <span class="muted">{t('handoff.none')}</span>;
  return (
    <section class="handoff" data-testid="handoff-summary" aria-label={t('handoff.title')}>
      <h3 class="handoff-title">
        <button type="button" class="handoff-toggle" aria-expanded={isOpen} onClick={() => setOpen((v) => !v)}>
          <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span> {t('handoff.title')}
        </button>
        <span class="badge badge-reason" data-testid="handoff-reason">
          {t(`handoff.reason.${summary.reason}`)}
        </span>
        {!isOpen && summary.intent !== null && <code class="muted">{summary.intent}</code>}
      </h3>
      {isOpen && <dl class="kv">
        <dt>{t('handoff.intent')}</dt>
        <dd>{summary.intent !== null ? <code>{summary.intent}</code> : none}</dd>
        {summary.topic && (
          <>
            <dt>{t('handoff.topic')}</dt>
            <dd data-testid="handoff-topic"><code>{summary.topic}</code></dd>
          </>
        )}
        {summary.action && (
          <>
            <dt>{t('handoff.action')}</dt>
            <dd data-testid="handoff-action">
              <code>{summary.action.name}</code> {Object.entries(summary.action.slots).map(([k, v]) => `${k}: ${v}`).join(' · ')}
              {summary.action.outcome !== null && <span class="pill">{summary.action.outcome}</span>}
            </dd>
          </>
        )}
        <dt>{t('handoff.topIntents')}</dt>
        <dd>
          {summary.topIntents.length === 0
            ? none
            : summary.topIntents.map((i) => (
                <span key={i.intent} class="intent-pill">
                  <code>{i.intent}</code>
                  <span class="conf">
                    <span class="conf-bar" style={{ width: formatPercent(i.confidence) }} />
                  </span>
                  <span class="muted">{formatPercent(i.confidence)}</span>
                </span>
              ))}
        </dd>
        {summary.orderNumbers.length > 0 && (
          <>
            <dt>{t('handoff.orders')}</dt>
            <dd>
              {summary.orderNumbers.map((o) => (
                <code key={o} class="pill">
                  {o}
                </code>
              ))}
            </dd>
          </>
        )}
        {summary.emails.length > 0 && (
          <>
            <dt>{t('handoff.emails')}</dt>
            <dd>
              {summary.emails.map((e) => (
                <span key={e} class="pill">
                  {e}
                </span>
              ))}
            </dd>
          </>
        )}
        {summary.sentiment !== null && (
          <>
            <dt>{t('handoff.sentiment')}</dt>
            <dd class={summary.sentiment < 0 ? 'neg' : ''}>{summary.sentiment.toFixed(2)}</dd>
          </>
        )}
        {summary.note !== null && summary.note !== '' && (
          <>
            <dt>{t('handoff.note')}</dt>
            <dd class="note-text">{summary.note}</dd>
          </>
        )}
      </dl>}
    </section>
  );
}
