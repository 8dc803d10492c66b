import type { ConversationDetail } from '../../../shared/events';
import type { Rating } from '../../../shared/model';
import { formatDay } from '../i18n/format-time';
import { useI18n } from '../i18n/i18n-context';
import { safeHttpUrl } from '../state/format';
import { PrivacyActions } from './privacy-actions';
import { TagsEditor } from './tags-editor';

interface Props {
  detail: ConversationDetail;
  isReadOnly: boolean;
  onOpenConversation: (conversationId: string) => void;
  onSaveTags: (tags: string[]) => Promise<void>;
  /** Set for admins only: the privacy buttons (export, erase) need it. */
  privacy?: { token: string; onErased: () => void; onError: (text: string) => void; onDone: (text: string) => void };
}

function Stars({ rating }: { rating: Rating }) {
  return (
    <span class="stars" aria-label={`${rating.score}/5`}>
      {'★'.repeat(rating.score)}
      <span class="stars-off">{'★'.repeat(5 - rating.score)}</span>
    </span>
  );
}

/** Who the shopper is and what came before: identity, page, earlier chats with ratings, tickets, tags. */
export function CustomerPanel({ detail, isReadOnly, onOpenConversation, onSaveTags, privacy }: Props) {
  const { t, locale } = useI18n();
  const { visitor, conversation, previous, tickets } = detail;
  const id = visitor.identity;
  const pageHref = safeHttpUrl(conversation.pageUrl);
  const unknown = <span class="muted">{t('customer.unknown')}</span>;
  const earlier = previous.filter((p) => p.id !== conversation.id);

  return (
    <aside class="customer" data-testid="customer-panel" aria-label={t('customer.title')}>
      <section class="panel-section">
        <h4>{t('customer.title')}</h4>
        <div class="customer-name" data-testid="customer-name">
          {id.name ?? t('inbox.anonymous')}
          {id.verified ? (
            <span class="badge badge-ok" data-testid="customer-verified">
              ✓ {t('customer.verified')}
            </span>
          ) : (
            <span class="badge badge-muted">{t('customer.unverified')}</span>
          )}
          {id.tier !== null && <span class="badge badge-tier">{id.tier}</span>}
        </div>
        <dl class="kv kv-tight">
          <dt>{t('customer.email')}</dt>
          <dd class="wrap">{id.email ?? unknown}</dd>
          {id.externalId !== null && (
            <>
              <dt>{t('customer.externalId')}</dt>
              <dd class="wrap">{id.externalId}</dd>
            </>
          )}
          <dt>{t('customer.tier')}</dt>
          <dd>{id.tier ?? unknown}</dd>
          <dt>{t('customer.locale')}</dt>
          <dd>{t(`locale.${conversation.locale}`)}</dd>
          <dt>{t('customer.page')}</dt>
          <dd class="wrap" data-testid="customer-page">
            {pageHref !== null ? (
              <a href={pageHref} target="_blank" rel="noopener noreferrer">
                {conversation.pageUrl}
              </a>
            ) : (
              (conversation.pageUrl ?? unknown)
            )}
          </dd>
          <dt>{t('conversation.department')}</dt>
          <dd>{conversation.department}</dd>
          <dt>{t('customer.since')}</dt>
          <dd>{formatDay(visitor.createdAt, locale)}</dd>
          {conversation.rating !== null && (
            <>
              <dt>{t('conversation.rating')}</dt>
              <dd>
                <Stars rating={conversation.rating} />
                {conversation.rating.comment !== null && <div class="small">{conversation.rating.comment}</div>}
              </dd>
            </>
          )}
        </dl>
      </section>

      <TagsEditor tags={conversation.tags} isReadOnly={isReadOnly} onSave={onSaveTags} />

      <section class="panel-section" data-testid="previous-conversations">
        <h4>{t('customer.previous')}</h4>
        {earlier.length === 0 ? (
          <p class="muted small">{t('customer.noPrevious')}</p>
        ) : (
          <ul class="plain-list">
            {earlier.map((p) => (
              <li key={p.id}>
                <button type="button" class="link-btn" onClick={() => onOpenConversation(p.id)}>
                  {formatDay(p.createdAt, locale)} · {t(`status.${p.status}`)}
                  {p.resolution !== null && ` · ${t(`actions.${p.resolution}`)}`}
                </button>
                {p.rating !== null ? <Stars rating={p.rating} /> : <span class="muted small">{t('customer.noRating')}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="panel-section" data-testid="customer-tickets">
        <h4>{t('customer.tickets')}</h4>
        {tickets.length === 0 ? (
          <p class="muted small">{t('customer.noTickets')}</p>
        ) : (
          <ul class="plain-list">
            {tickets.map((tk) => (
              <li key={tk.id}>
                <strong>{t('customer.ticketNumber', { n: tk.number })}</strong>{' '}
                <span class={`badge ticket-${tk.status}`}>{t(`tickets.status.${tk.status}`)}</span>
                <div class="small clamp">{tk.message}</div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {privacy !== undefined && <PrivacyActions visitor={visitor} {...privacy} />}
    </aside>
  );
}
