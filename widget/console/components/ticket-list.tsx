import type { TicketStatus } from '../../../shared/model';
import { formatDateTime } from '../i18n/format-time';
import { useI18n } from '../i18n/i18n-context';
import type { TicketsState } from '../hooks/use-tickets';

const FILTERS: (TicketStatus | 'all')[] = ['open', 'answered', 'closed', 'all'];

/** Left column in the Tickets view: a status filter and the tickets, newest first. */
export function TicketList({ state }: { state: TicketsState }) {
  const { t, locale } = useI18n();
  return (
    <div class="ticket-col" data-testid="tickets-list">
      <div class="seg-group" role="group" aria-label={t('tickets.filter')}>
        {FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            class={`seg ${state.filter === f ? 'seg-on' : ''}`}
            aria-pressed={state.filter === f}
            data-testid={`tickets-filter-${f}`}
            onClick={() => state.setFilter(f)}
          >
            {f === 'all' ? t('tickets.all') : t(`tickets.status.${f}`)}
          </button>
        ))}
      </div>
      {state.tickets.length === 0 ? (
        <p class="empty">{state.isLoading ? t('inbox.loading') : t('tickets.empty')}</p>
      ) : (
        <ul class="inbox">
          {state.tickets.map((tk) => (
            <li key={tk.id} class={`row ${tk.id === state.selectedId ? 'row-on' : ''}`} data-testid="ticket-item" data-ticket-id={tk.id}>
              <button type="button" class="row-main" aria-current={tk.id === state.selectedId ? 'true' : undefined} onClick={() => state.select(tk.id)}>
                <span class="row-top">
                  <span class="pos">{t('tickets.number', { n: tk.number })}</span>
                  <span class="row-name">{tk.name}</span>
                  <span class={`badge ticket-${tk.status}`}>{t(`tickets.status.${tk.status}`)}</span>
                </span>
                <span class="row-preview">{tk.message}</span>
                <span class="row-meta">
                  <span class="chip">{tk.department}</span>
                  <span class="muted small">{formatDateTime(tk.createdAt, locale)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
