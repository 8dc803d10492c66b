import type { Priority } from '../../../shared/model';
import { useI18n } from '../i18n/i18n-context';

/** Priority as a coloured badge; normal priority is left unmarked to keep the list quiet. */
export function PriorityBadge({ priority, isAlwaysShown = false }: { priority: Priority; isAlwaysShown?: boolean }) {
  const { t } = useI18n();
  if (priority === 'normal' && !isAlwaysShown) return null;
  return (
    <span class={`badge prio-${priority}`} data-testid="priority-badge">
      {t(`priority.${priority}`)}
    </span>
  );
}
