import type { ComponentChildren, VNode } from 'preact';
import { useContext, useLayoutEffect, useRef } from 'preact/hooks';
import { ChatContext } from '../chat-context';
import { loadFiles, useParts } from '../hooks/use-parts';
import type { TransportState } from '../transport';
import { Bubble, MessageRow, PendingRow } from './message-row';

export interface MessageListProps {
  state: TransportState;
  greeting: string;
  /** Cards (rating, leave-a-message) shown after the transcript. */
  children?: ComponentChildren;
}

/** The scrolling transcript: greeting, messages, pending sends, chips, typing and queue status. */
export function MessageList({ state: s, greeting, children }: MessageListProps): VNode {
  const { t } = useContext(ChatContext);
  // Chips, typing dots and the queue line are in the parts chunk, requested as the panel first renders.
  const parts = useParts(true, loadFiles);
  const ref = useRef<HTMLDivElement>(null);
  const wasAtBottom = useRef(true);
  const confirmed = new Set(s.messages.map((m) => m.clientId));
  const pending = s.outbox.filter((i) => !confirmed.has(i.clientId));
  const last = s.messages[s.messages.length - 1];
  const lastMine = [...s.messages].reverse().find((m) => m.sender === 'shopper');
  const convId = s.conversation?.id;
  const chips = pending.length === 0 && last?.sender === 'bot' ? (last.bot?.quickReplies ?? []) : [];
  const asksForFile = pending.length === 0 && last?.sender === 'bot' && !!last.bot?.attachmentRequest;
  const queue = s.conversation?.status === 'waiting' ? s.conversation.queue : null;

  // Follow new messages only when the shopper is already at the bottom (not while reading back).
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && wasAtBottom.current) el.scrollTop = el.scrollHeight;
  });
  const onScroll = (): void => {
    const el = ref.current;
    if (el) wasAtBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };

  return (
    <div class="log" ref={ref} onScroll={onScroll} tabIndex={-1}>
      <div class="row">
        <span class="name">{t('bot')}</span>
        <Bubble class="bub" text={greeting} />
      </div>
      {s.messages.map((m, i) => {
        const prev = i === 0 ? null : s.messages[i - 1];
        const isFirstOfRun = !prev || prev.sender !== m.sender || prev.senderName !== m.senderName || prev.event !== null;
        const mark = m === lastMine ? (m.conversationId === convId && m.seq <= s.agentReadSeq ? 'read' : 'sent') : null;
        return <MessageRow key={m.id} message={m} isFirstOfRun={isFirstOfRun} mark={mark} />;
      })}
      {pending.map((item) => (
        <PendingRow key={item.clientId} item={item} isDown={s.connection === 'failed'} />
      ))}
      {parts && (chips.length > 0 || asksForFile) && <parts.QuickReplies replies={chips} asksForFile={asksForFile} />}
      {parts && s.typing && <parts.Typing name={s.typing.name ?? t(s.typing.sender === 'agent' ? 'agent' : 'bot')} />}
      {parts && queue && <parts.Queue queue={queue} />}
      {children}
    </div>
  );
}
