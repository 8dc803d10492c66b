import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
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
  /** The chat has messages before the first one here (a long chat's transcript comes a page at a time). */
  hasEarlier?: boolean;
  onLoadEarlier?: () => Promise<void>;
}

/** True for messages from before the first human took part: the bot's stretch of the conversation. */
function botStretchEnd(messages: Message[], startsMidway: boolean): number {
  const firstHuman = messages.find((m) => m.sender === 'agent' || (m.event !== null && m.event.kind === 'assigned'));
  if (firstHuman === undefined) return Number.POSITIVE_INFINITY;
  // A page from the middle whose first human sign is an agent's reply: the agent joined before the page.
  return startsMidway && firstHuman.event === null ? Number.NEGATIVE_INFINITY : firstHuman.seq;
}

/**
 * The full transcript: the bot's part grouped under its own heading, then the human part.
 * Sticks to the bottom as messages arrive unless the agent scrolled up to read; an earlier page put on top
 * leaves in view what the agent was reading.
 */
export function Transcript({ messages, myAgentId, shopperReadSeq, typingDraft, shopperName, onToKb, hasEarlier = false, onLoadEarlier }: Props) {
  const { t } = useI18n();
  const boxRef = useRef<HTMLDivElement>(null);
  const stickRef = useRef(true);
  /** Distance from the bottom while an earlier page loads: kept once it is drawn, so nothing jumps. */
  const fromBottomRef = useRef<number | null>(null);
  const [isLoading, setLoading] = useState(false);

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (box === null || fromBottomRef.current === null) return;
    box.scrollTop = box.scrollHeight - fromBottomRef.current;
    fromBottomRef.current = null;
  }, [messages[0]?.id]);

  useEffect(() => {
    const box = boxRef.current;
    if (box !== null && stickRef.current) box.scrollTop = box.scrollHeight;
  }, [messages.length, typingDraft]);

  const loadEarlier = async (): Promise<void> => {
    const box = boxRef.current;
    if (onLoadEarlier === undefined || box === null) return;
    fromBottomRef.current = box.scrollHeight - box.scrollTop;
    setLoading(true);
    try {
      await onLoadEarlier();
    } finally {
      setLoading(false);
    }
  };

  const cut = botStretchEnd(messages, hasEarlier);
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
      {hasEarlier && onLoadEarlier !== undefined && (
        <button type="button" class="btn btn-ghost load-earlier" data-testid="load-earlier" disabled={isLoading} onClick={() => void loadEarlier()}>
          {t('transcript.loadEarlier')}
        </button>
      )}
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
