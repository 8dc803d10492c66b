import type { Case } from '../../../shared/cases';
import { formatDateTime } from '../i18n/format-time';
import { useI18n } from '../i18n/i18n-context';
import { caseDue } from '../state/case-clock';
import { formatDuration } from '../state/format';

/** The case's next deadline as a live countdown, coloured by how much of its target is left. */
export function CaseCountdown({ c, now }: { c: Case; now: number }) {
  const { t, locale } = useI18n();
  const due = caseDue(c, now);
  if (due === null) return null;
  const time = formatDuration(Math.abs(due.remainingMs));
  const text = due.tone === 'red' ? t('cases.due.over', { time }) : due.tone === 'paused' ? t('cases.due.paused', { time }) : t('cases.due.left', { time });
  const title = t('cases.due.title', { target: t(`cases.due.${due.target}`), time: formatDateTime(due.dueAt, locale) });
  return (
    <span class={`due due-${due.tone}`} data-testid="case-due" data-tone={due.tone} title={title}>
      <span class="sr-only">{title}: </span>
      {text}
    </span>
  );
}
