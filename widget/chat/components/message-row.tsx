import type { VNode } from 'preact';
import { useContext } from 'preact/hooks';
import type { Message } from '../../../shared/model';
import { ChatContext } from '../chat-context';
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
  // The files view and its lightbox, the thumbs: in the parts chunk (requested by the first bubble).
  const files = m.attachments ?? [];
  const parts = useParts(true, loadFiles);
  // A notice's text is in the parts chunk (notices come with a handoff, long after it is in).
  const notice = m.event && parts?.describeEvent(m.event, t);
  if (m.event) return notice ? <p class="sys">{notice}</p> : null;
  const isMine = m.sender === 'shopper';
  const name = isMine ? t('you') : (m.senderName ?? t(m.sender === 'agent' ? 'agent' : 'bot'));
  return (
    <div class={isMine ? 'row me' : 'row'}>
      <span class={isFirstOfRun && !isMine ? 'name' : 'sr'}>{name}</span>
      {/* An action's card is its markdown text in a framed bubble: no renderer of its own (the chunk budget). */}
      {m.text !== '' && (isMine ? <div class="bub">{m.text}</div> : <Bubble class={m.bot?.card ? 'bub card' : 'bub'} text={m.text} />)}
      {parts && files.length > 0 && <parts.AttachmentsView files={files} endpoint={transport.files} t={t} />}
      {mark && <span class="mark">{mark === 'read' ? '✓✓ ' + t('mark.read') : '✓ ' + t('mark.sent')}</span>}
      {parts && m.bot?.decision === 'answer' && !m.bot.card && <parts.Thumbs messageId={m.id} />}
    </div>
  );
}


/** A shopper message still in the outbox: sending (not yet, while the chat cannot connect), or refused with retry and delete. */
export function PendingRow({ item, isDown }: { item: OutboxItem; isDown: boolean }): VNode {
  const { t } = useContext(ChatContext);
  const parts = useParts(true, loadFiles);
  return (
    <div class="row me">
      <div class={item.error ? 'bub err' : 'bub'}>{[item.text, ...(item.attachments ?? []).map((a) => `📎 ${a.name}`)].filter(Boolean).join('\n')}</div>
      {item.error ? parts && <parts.Failed item={item} /> : <span class="mark">{'◷ ' + t(isDown ? 'mark.waiting' : 'mark.pending')}</span>}
    </div>
  );
}
