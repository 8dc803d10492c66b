import { useEffect, useRef } from 'preact/hooks';
import type { Message } from '../../../shared/model';
import { useI18n } from '../i18n/i18n-context';
import { MessageRow } from './message-row';

interface Props {
  messages: Message[];
  myAgentId: string | null;
  shopperReadSeq: number;
  /** The shopper's live draft while they type, null when not typing. */
  typingDraft: string | null | undefined;
  shopperName: string;
  onToKb?: (message: Message) => void;
}

/** True for messages from before the first human took part: the bot's stretch of the conversation. */
function botStretchEnd(messages: Message[]): number {
  const firstHuman = messages.find((m) => m.sender === 'agent' || (m.event !== null && m.event.kind === 'assigned'));
  return firstHuman === undefined ? Number.POSITIVE_INFINITY : firstHuman.seq;
}

/**
 * The full transcript: the bot's part grouped under its own heading, then the human part.
 * Sticks to the bottom as messages arrive unless the agent scrolled up to read.
 */
export function Transcript({ messages, myAgentId, shopperReadSeq, typingDraft, shopperName, onToKb }: Props) {
  const { t } = useI18n();
  const boxRef = useRef<HTMLDivElement>(null);
  const stickRef = useRef(true);

  useEffect(() => {
    const box = boxRef.current;
    if (box !== null && stickRef.current) box.scrollTop = box.scrollHeight;
  }, [messages.length, typingDraft]);

  const cut = botStretchEnd(messages);
  const botPart = messages.filter((m) => m.seq < cut);
  const humanPart = messages.filter((m) => m.seq >= cut);
  const hasBot = botPart.some((m) => m.sender === 'bot');
  let lastSeenSeq = 0;
  for (const m of messages) if (m.sender === 'agent' && !m.internal && m.seq <= shopperReadSeq) lastSeenSeq = m.seq;

  const rows = (list: Message[]) =>
    list.map((m) => <MessageRow key={m.id} message={m} myAgentId={myAgentId} isSeen={m.seq === lastSeenSeq} onToKb={onToKb} />);

  return (
    <div
      class="transcript"
      ref={boxRef}
      data-testid="transcript"
      onScroll={(e) => {
        const el = e.currentTarget;
        stickRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {messages.length === 0 && <p class="empty">{t('transcript.empty')}</p>}
      {hasBot && botPart.length > 0 && (
        <section class="bot-stretch" data-testid="bot-section" aria-label={t('transcript.botSection')}>
          <h4 class="stretch-title">{t('transcript.botSection')}</h4>
          <ul class="msgs">{rows(botPart)}</ul>
        </section>
      )}
      <ul class="msgs">{rows(hasBot ? humanPart : messages)}</ul>
      {typingDraft !== undefined && (
        <div class="typing-live" data-testid="shopper-typing" aria-live="polite">
          <span class="muted">{t('transcript.typing', { name: shopperName })}</span>
          {typingDraft !== null && typingDraft !== '' && <div class="bubble bubble-draft">{typingDraft}</div>}
        </div>
      )}
    </div>
  );
}
