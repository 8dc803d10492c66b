import type { CaseEvent } from '../../../shared/cases';
import type { AgentPresence } from '../../../shared/model';
import { formatDateTime } from '../i18n/format-time';
import { useI18n } from '../i18n/i18n-context';
import type { Translate } from '../i18n/translate';

/** One history entry in words. */
function describe(e: CaseEvent, t: Translate, nameOf: (id: string | null) => string): string {
  switch (e.type) {
    case 'created':
      return t('caseEvent.created', { source: t(`cases.source.${e.source}`) });
    case 'status':
      return t('caseEvent.status', { from: t(`cases.status.${e.from}`), to: t(`cases.status.${e.to}`) });
    case 'assigned':
      return e.to === null ? t('caseEvent.unassigned') : t('caseEvent.assigned', { to: nameOf(e.to) });
    case 'escalated':
      return e.isAutomatic
        ? t('caseEvent.escalatedAuto', { from: e.fromTier, to: e.toTier, department: e.toDepartment })
        : t('caseEvent.escalated', { from: e.fromTier, to: e.toTier, department: e.toDepartment, reason: e.reason });
    case 'priority':
      return t('caseEvent.priority', { from: e.from, to: e.to });
    case 'department':
      return t('caseEvent.department', { from: e.from, to: e.to });
    case 'category':
      return t('caseEvent.category', { from: e.from, to: e.to });
    case 'breached':
      return t('caseEvent.breached', { target: t(`cases.target.${e.target}`) });
    case 'merged':
      return t('caseEvent.merged', { n: e.duplicateNumber, count: e.messages });
    case 'merged_into':
      return t('caseEvent.merged_into', { n: e.primaryNumber });
  }
}

/** Every change to the case, oldest first, with who made it and when. Collapsed until asked for. */
export function CaseHistory({ events, presence }: { events: CaseEvent[]; presence: AgentPresence[] }) {
  const { t, locale } = useI18n();
  const nameOf = (id: string | null): string => presence.find((p) => p.agentId === id)?.name ?? id ?? '—';
  const author = (e: CaseEvent): string =>
    e.actor.kind === 'agent' ? nameOf(e.actor.id) : e.actor.kind === 'customer' ? t('cases.actor.customer') : t('cases.actor.system');
  return (
    <details class="case-history" data-testid="case-history">
      <summary>{t('cases.history', { n: events.length })}</summary>
      <ol>
        {events.map((e) => (
          <li key={e.id} data-testid="case-event" data-type={e.type}>
            <time dateTime={new Date(e.at).toISOString()} class="muted small">
              {formatDateTime(e.at, locale)}
            </time>
            <span class="case-event-who">{author(e)}</span>
            <span class="wrap">{describe(e, t, nameOf)}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
