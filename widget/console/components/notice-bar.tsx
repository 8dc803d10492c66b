import { useI18n } from '../i18n/i18n-context';
import type { Notice } from '../hooks/use-notices';

/** Toasts in the corner; errors are announced assertively, the rest politely. */
export function NoticeBar({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  const { t } = useI18n();
  return (
    <div class="notices" aria-live="polite" data-testid="notices">
      {notices.map((n) => (
        <div key={n.id} class={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span class="notice-text">{n.text}</span>
          {n.action !== undefined && (
            <button
              type="button"
              class="btn btn-small"
              onClick={() => {
                n.action?.run();
                onDismiss(n.id);
              }}
            >
              {n.action.label}
            </button>
          )}
          <button type="button" class="icon-btn" aria-label={t('notice.dismiss')} onClick={() => onDismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
