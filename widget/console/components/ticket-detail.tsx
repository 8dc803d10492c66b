import { useState } from 'preact/hooks';
import type { Ticket } from '../../../shared/model';
import { LIMITS } from '../../../shared/limits';
import { formatDateTime } from '../i18n/format-time';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  ticket: Ticket | undefined;
  onReply: (ticketId: string, text: string) => Promise<boolean>;
  onOpenConversation: (conversationId: string) => void;
  onBack: () => void;
}

/** One ticket: the customer's message and the reply form (or the reply already sent). */
export function TicketDetail({ ticket, onReply, onOpenConversation, onBack }: Props) {
  const { t, locale } = useI18n();
  const [text, setText] = useState('');
  const [isBusy, setBusy] = useState(false);
  if (ticket === undefined) return <p class="empty center">{t('tickets.pick')}</p>;

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const body = text.trim();
    if (body === '' || isBusy) return;
    setBusy(true);
    if (await onReply(ticket.id, body)) setText('');
    setBusy(false);
  };

  return (
    <section class="ticket" data-testid="ticket-detail" data-ticket-id={ticket.id}>
      <header class="conv-head">
        <button type="button" class="btn btn-ghost only-narrow" onClick={onBack}>
          ← {t('conversation.back')}
        </button>
        <div class="conv-title">
          <h2>
            {t('tickets.number', { n: ticket.number })} · {ticket.name}
          </h2>
          <div class="conv-sub">
            <span class={`badge ticket-${ticket.status}`}>{t(`tickets.status.${ticket.status}`)}</span>
            <span class="chip">{ticket.department}</span>
            <span class="muted small">{t('tickets.from', { name: ticket.name, email: ticket.email })}</span>
          </div>
        </div>
        {ticket.conversationId !== null && (
          <button type="button" class="btn" onClick={() => ticket.conversationId !== null && onOpenConversation(ticket.conversationId)}>
            {t('tickets.conversation')}
          </button>
        )}
      </header>
      <div class="ticket-body">
        <div class="bubble ticket-message">{ticket.message}</div>
        {ticket.reply !== null && (
          <div class="ticket-reply" data-testid="ticket-reply-sent">
            <h4>{t('tickets.yourReply')}</h4>
            <div class="bubble">{ticket.reply}</div>
            {ticket.repliedAt !== null && <p class="muted small">{t('tickets.repliedAt', { time: formatDateTime(ticket.repliedAt, locale) })}</p>}
          </div>
        )}
      </div>
      {ticket.status !== 'closed' && (
        <form class="composer" onSubmit={(e) => void submit(e)}>
          <label class="sr-only" for={`ticket-reply-${ticket.id}`}>
            {t('tickets.reply')}
          </label>
          <textarea
            id={`ticket-reply-${ticket.id}`}
            class="reply-input"
            rows={5}
            maxLength={LIMITS.messageChars}
            placeholder={t('tickets.replyPlaceholder')}
            value={text}
            data-testid="ticket-reply-input"
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <div class="composer-bar">
            <span class="composer-spacer" />
            <button type="submit" class="btn btn-primary" disabled={isBusy || text.trim() === ''} data-testid="ticket-reply-send">
              {t('tickets.send')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
