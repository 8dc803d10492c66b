import type { VNode } from 'preact';
import { useContext, useState } from 'preact/hooks';
import type { Message } from '../../../shared/model';
import { ChatContext } from '../chat-context';
import { describeEvent } from '../describe-event';
import { loadFiles, useParts } from '../hooks/use-parts';
import type { OutboxItem } from '../outbox';

export type Mark = 'sent' | 'read' | null;

/**
 * Bot and agent text as safe markdown once the parts chunk is in (requested by the first bubble that renders,
 * so it is there before the first answer), its plain text until then.
 */
export function Bubble({ class: cls, text }: { class: string; text: string }): VNode {
  const parts = useParts(true, loadFiles);
  return parts ? <parts.MessageBubble class={cls} text={text} isMarkdown /> : <div class={cls}>{text}</div>;
}

export interface MessageRowProps {
  message: Message;
  /** Show the sender's name above (first of a run from the same sender). */
  isFirstOfRun: boolean;
  mark: Mark;
}

/** One transcript entry: shopper text (plain), bot/agent text (safe markdown) or a system notice. */
export function MessageRow({ message: m, isFirstOfRun, mark }: MessageRowProps): VNode | null {
  const { t, transport } = useContext(ChatContext);
  const [isRated, setRated] = useState(false);
  // The files view and its lightbox are in the parts chunk, loaded when the first message with files shows.
  const files = m.attachments ?? [];
  const parts = useParts(files.length > 0, loadFiles);
  if (m.event) return describeEvent(m.event, t) ? <p class="sys">{describeEvent(m.event, t)}</p> : null;
  const isMine = m.sender === 'shopper';
  const name = isMine ? t('you') : (m.senderName ?? t(m.sender === 'agent' ? 'agent' : 'bot'));
  return (
    <div class={isMine ? 'row me' : 'row'}>
      <span class={isFirstOfRun && !isMine ? 'name' : 'sr'}>{name}</span>
      {/* An action's card is its markdown text in a framed bubble: no renderer of its own (the chunk budget). */}
      {m.text !== '' && (isMine ? <div class="bub">{m.text}</div> : <Bubble class={m.bot?.card ? 'bub card' : 'bub'} text={m.text} />)}
      {parts && files.length > 0 && <parts.AttachmentsView files={files} endpoint={transport.files} t={t} />}
      {mark && <span class="mark">{mark === 'read' ? '✓✓ ' + t('mark.read') : '✓ ' + t('mark.sent')}</span>}
      {/* Thumbs on an answer (the KB-gap loop); once sent, a thank-you. */}
      {m.bot?.decision === 'answer' && !m.bot.card && (
        <span class="mark">
          {isRated
            ? t('answer.thanks')
            : [true, false].map((isHelpful) => (
                <button type="button" aria-label={t(isHelpful ? 'answer.helpful' : 'answer.unhelpful')} onClick={() => void transport.rateAnswer(m.id, isHelpful).then((ack) => setRated(ack.ok))}>
                  {isHelpful ? '👍' : '👎'}
                </button>
              ))}
        </span>
      )}
    </div>
  );
}


/** A shopper message still in the outbox: sending (not yet, while the chat cannot connect), or refused with retry and delete. */
export function PendingRow({ item, isDown }: { item: OutboxItem; isDown: boolean }): VNode {
  const { t, transport } = useContext(ChatContext);
  return (
    <div class="row me">
      <div class={item.error ? 'bub err' : 'bub'}>{[item.text, ...(item.attachments ?? []).map((a) => `📎 ${a.name}`)].filter(Boolean).join('\n')}</div>
      {item.error ? (
        <span class="mark" role="alert">
          {t('mark.failed')}
          <button type="button" onClick={() => transport.retry(item.clientId)}>
            {t('retry')}
          </button>
          <button type="button" onClick={() => transport.discard(item.clientId)}>
            {t('delete')}
          </button>
        </span>
      ) : (
        <span class="mark">{'◷ ' + t(isDown ? 'mark.waiting' : 'mark.pending')}</span>
      )}
    </div>
  );
}
