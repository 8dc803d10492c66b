import type { CaseMessage } from '../../../shared/cases';
import { formatDateTime } from '../i18n/format-time';
import { authorKind } from '../state/case-values';
import { useI18n } from '../i18n/i18n-context';

/** The case's messages both ways; internal notes are marked and styled apart from public replies. */
export function CaseThread({ messages, customerName }: { messages: CaseMessage[]; customerName: string | null }) {
  const { t, locale } = useI18n();
  if (messages.length === 0) return <p class="empty">{t('cases.noMessages')}</p>;
  return (
    <ol class="msgs" aria-label={t('cases.thread')}>
      {messages.map((m) => {
        const isOut = m.kind === 'reply' || m.kind === 'note';
        const who = m.kind === 'shopper' ? (customerName ?? t('cases.kind.shopper')) : (m.authorName ?? t(`cases.kind.${authorKind(m)}`));
        return (
          <li key={m.id} class={`msg ${isOut ? 'msg-out' : 'msg-in'} case-msg-${m.kind} ${m.kind === 'reply' ? 'msg-agent' : m.kind === 'note' ? 'msg-note' : m.kind === 'bot' ? 'msg-bot' : ''}`} data-testid="case-message" data-kind={m.kind}>
            <div class="msg-head">
              <span class="msg-who">{who}</span>
              {m.kind === 'note' && <span class="badge badge-note">{t('cases.kind.note')}</span>}
              <time dateTime={new Date(m.createdAt).toISOString()}>{formatDateTime(m.createdAt, locale)}</time>
            </div>
            <div class="bubble">{m.text}</div>
          </li>
        );
      })}
    </ol>
  );
}
