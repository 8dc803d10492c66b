import { useI18n } from '../i18n/i18n-context';
import type { InboxView } from '../state/inbox-view';

interface Props {
  views: InboxView[];
  current: InboxView;
  counts: Partial<Record<InboxView, number>>;
  onSelect: (view: InboxView) => void;
}

/** Inbox view tabs with live counts (waiting chats, unread in Mine). */
export function InboxTabs({ views, current, counts, onSelect }: Props) {
  const { t } = useI18n();
  return (
    <nav
      class="tabs"
      role="tablist"
      aria-label={t('tab.label')}
      onKeyDown={(e) => {
        // Arrow keys move between tabs, as the ARIA tabs pattern promises screen-reader users.
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
        const at = views.indexOf(current);
        const next = views[(at + (e.key === 'ArrowRight' ? 1 : views.length - 1)) % views.length];
        if (next === undefined) return;
        e.preventDefault();
        onSelect(next);
        e.currentTarget.querySelector<HTMLElement>(`[data-testid="tab-${next}"]`)?.focus();
      }}
    >
      {views.map((v) => {
        const count = counts[v] ?? 0;
        return (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={v === current}
            tabIndex={v === current ? 0 : -1}
            class={`tab ${v === current ? 'tab-on' : ''}`}
            data-testid={`tab-${v}`}
            onClick={() => onSelect(v)}
          >
            {t(`tab.${v}`)}
            {count > 0 && (
              <span class={`count ${v === 'waiting' || v === 'cases' ? 'count-alert' : ''}`} data-testid={`tab-count-${v}`}>
                {count}
              </span>
            )}
          </button>
        );
      })}
    </nav>
  );
}
