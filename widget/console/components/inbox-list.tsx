import { useEffect, useRef } from 'preact/hooks';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import type { InboxRow } from '../state/inbox-rows';
import { formatDuration } from '../state/format';
import { PriorityBadge } from './priority-badge';

interface Props {
  rows: InboxRow[];
  selectedId: string | null;
  now: number;
  isLoading: boolean;
  emptyKey: MessageKey;
  typingIds: ReadonlySet<string>;
  /** Ids currently being taken, to disable their button against double clicks. */
  takingIds: ReadonlySet<string>;
  /** Conversations the server reported as past their SLA during this session. */
  breachedIds: ReadonlySet<string>;
  onOpen: (conversationId: string) => void;
  onTake: (conversationId: string) => void;
}

/** The inbox column: one button per conversation, waiting rows with a live wait time and a Take button. */
export function InboxList({ rows, selectedId, now, isLoading, emptyKey, typingIds, takingIds, breachedIds, onOpen, onTake }: Props) {
  const { t } = useI18n();
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (selectedId === null) return;
    const el = listRef.current?.querySelector(`[data-conversation-id="${CSS.escape(selectedId)}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  if (rows.length === 0) {
    return (
      <p class="empty" data-testid="inbox-empty">
        {isLoading ? t('inbox.loading') : t(emptyKey)}
      </p>
    );
  }
  return (
    <ul class="inbox" ref={listRef} data-testid="inbox-list">
      {rows.map((r) => {
        const isSelected = r.conversationId === selectedId;
        const isWaiting = r.status === 'waiting';
        const wait = r.waitingSince === null ? null : formatDuration(now - r.waitingSince);
        return (
          <li
            key={r.conversationId}
            class={`row ${isSelected ? 'row-on' : ''} ${r.unread > 0 ? 'row-unread' : ''} prio-edge-${r.priority}`}
            data-testid="inbox-item"
            data-conversation-id={r.conversationId}
          >
            <button
              type="button"
              class="row-main"
              aria-current={isSelected ? 'true' : undefined}
              onClick={() => onOpen(r.conversationId)}
            >
              <span class="row-top">
                {r.position !== null && <span class="pos">{t('inbox.position', { n: r.position })}</span>}
                <span class="row-name">{r.name ?? t('inbox.anonymous')}</span>
                <PriorityBadge priority={r.priority} isAlwaysShown={isWaiting} />
                {(r.slaBreached || breachedIds.has(r.conversationId)) && (
                  <span class="badge badge-sla" data-testid="sla-badge">
                    {t('inbox.sla')}
                  </span>
                )}
                {r.unread > 0 && (
                  <span class="count" data-testid="unread-count" aria-label={t('inbox.unread', { n: r.unread })}>
                    {r.unread}
                  </span>
                )}
              </span>
              <span class="row-preview">
                {typingIds.has(r.conversationId) ? <em class="typing-dots">{t('inbox.typing')}</em> : r.preview}
              </span>
              <span class="row-meta">
                <span class="chip">{r.department}</span>
                <span class="chip">{r.locale.toUpperCase()}</span>
                {r.tags.slice(0, 3).map((tag) => (
                  <span key={tag} class="chip chip-tag">
                    {tag}
                  </span>
                ))}
                {wait !== null && (
                  <span class="wait" data-testid="wait-time">
                    {t('inbox.waitingFor', { time: wait })}
                  </span>
                )}
                {r.status !== 'waiting' && r.status !== 'assigned' && <span class="muted">{t(`status.${r.status}`)}</span>}
              </span>
            </button>
            {isWaiting && (
              <button
                type="button"
                class="btn btn-primary btn-small row-take"
                disabled={takingIds.has(r.conversationId)}
                data-testid="take-button"
                onClick={() => onTake(r.conversationId)}
              >
                {t('inbox.take')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
