import type { Message, SystemEvent } from '../../../shared/model';
import type { Translate } from '../i18n/translate';
import { MessageBubble } from '../../ui/message-bubble';
import { AttachmentsView } from '../../ui/attachments-view';
import { consoleFiles } from '../api/file-endpoint';
import { formatClock } from '../i18n/format-time';
import { useI18n } from '../i18n/i18n-context';
import { formatPercent } from '../state/format';

/** A system event as one line of text (queued, joined, transferred, …). */
export function eventText(event: SystemEvent, t: Translate): string {
  const name = event.agentName ?? t('event.someone');
  switch (event.kind) {
    case 'queued':
      return event.position !== undefined ? t('event.queuedAt', { n: event.position }) : t('event.queued');
    case 'assigned':
      return t('event.assigned', { name });
    case 'transferred':
      return t('event.transferred', { target: event.agentName ?? event.department ?? t('event.someone') });
    case 'agent_left':
      return t('event.agent_left', { name });
    default:
      return t(`event.${event.kind}`);
  }
}

interface Props {
  message: Message;
  myAgentId: string | null;
  isSeen: boolean;
  /** Turns one of my replies into a KB answer draft. */
  onToKb?: (message: Message) => void;
}

/** One transcript line. Text is always a Preact text node: shopper input is never parsed as HTML. */
export function MessageRow({ message: m, myAgentId, isSeen, onToKb }: Props) {
  const { t, locale } = useI18n();
  if (m.event !== null) {
    return (
      <li class="msg-event" data-testid="message-event">
        <span>{eventText(m.event, t)}</span>
        <time>{formatClock(m.createdAt, locale)}</time>
      </li>
    );
  }
  const isMe = m.sender === 'agent' && m.agentId === myAgentId;
  const who =
    m.sender === 'shopper'
      ? t('transcript.shopper')
      : m.sender === 'bot'
        ? (m.senderName ?? t('transcript.bot'))
        : isMe
          ? t('transcript.you')
          : (m.senderName ?? t('transcript.agent'));
  const side = m.sender === 'shopper' ? 'in' : 'out';
  const kind = m.internal ? 'note' : m.sender;
  const isMarkdown = !m.internal && (m.sender === 'bot' || m.sender === 'agent');
  return (
    <li class={`msg msg-${side} msg-${kind}`} data-testid={`message-${kind}`} data-seq={m.seq}>
      <div class="msg-head">
        {m.sender === 'bot' && <span class="badge badge-bot">{t('transcript.bot')}</span>}
        {m.internal && <span class="badge badge-note">{t('transcript.internal')}</span>}
        <span class="msg-who">{who}</span>
        <time>{formatClock(m.createdAt, locale)}</time>
      </div>
      {/* Bot and agent replies are written in the widget's safe markdown subset; show them as the shopper sees them. */}
      {m.text !== '' && <MessageBubble class={m.bot?.card ? 'bubble bubble-card' : 'bubble'} text={m.text} isMarkdown={isMarkdown} />}
      <AttachmentsView files={m.attachments ?? []} endpoint={consoleFiles} t={t} />
      {m.bot?.action && (
        <div class="msg-intent muted" data-testid="message-action">
          {t('transcript.action', { action: m.bot.action.name, state: m.bot.action.outcome ?? m.bot.action.awaiting ?? m.bot.action.phase })}
        </div>
      )}
      {m.bot !== null && m.bot.intent !== null && (
        <div class="msg-intent muted">
          {t('transcript.intent', { intent: m.bot.intent, confidence: formatPercent(m.bot.confidence) })}
        </div>
      )}
      {isSeen && <div class="seen muted">{t('transcript.seen')}</div>}
      {isMe && !m.internal && onToKb && (
        <button type="button" class="btn btn-ghost small" data-testid="message-to-kb" onClick={() => onToKb(m)}>
          {t('kb.fromReply')}
        </button>
      )}
    </li>
  );
}
