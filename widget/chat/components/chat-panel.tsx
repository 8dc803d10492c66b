import type { VNode } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WidgetSettings } from '../../protocol/types';
import { ChatContext } from '../chat-context';
import type { Store } from '../create-store';
import { describeEvent } from '../describe-event';
import { plainText } from '../../ui/parse-markdown';
import { useStore } from '../hooks/use-store';
import { translate } from '../i18n/translate';
import type { PanelState } from '../panel-state';
import type { Transport } from '../transport';
import { trapFocus } from '../trap-focus';
import { Composer } from './composer';
import { MessageList } from './message-list';
import { PanelHeader } from './panel-header';
import { RatingForm } from './rating-form';
import { TicketForm } from './ticket-form';

export interface ChatPanelProps {
  transport: Transport;
  panel: Store<PanelState>;
  settings: WidgetSettings;
  /** Close from inside the panel (close button, Escape): focus goes back to the launcher. */
  onClose(): void;
  onToggleSound(): void;
}

/** The chat panel: a modal dialog with the transcript, forms and composer. */
export function ChatPanel({ transport, panel, settings, onClose, onToggleSound }: ChatPanelProps): VNode {
  const p = useStore(panel);
  const s = useStore(transport.state);
  // The KB names the bot and words its greeting: they replace the catalogue's generic ones everywhere.
  const t = useMemo(() => translate({ ...p.catalogue, ...s.texts?.[p.locale] }), [p.catalogue, p.locale, s.texts]);
  const fileRef = useRef<HTMLInputElement>(null);
  const ctx = useMemo(() => ({ t, transport, pickFile: () => fileRef.current?.click() }), [t, transport]);
  const [ticket, setTicket] = useState<'none' | 'form' | number>('none');
  const [announcement, setAnnouncement] = useState('');
  const dialogRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const conv = s.conversation;
  const isOffline = conv?.status === 'waiting' && !s.agentsOnline;

  useEffect(
    () =>
      transport.onMessage((m) => {
        const name = m.senderName ?? t(m.sender === 'agent' ? 'agent' : 'bot');
        setAnnouncement(m.event ? describeEvent(m.event, t) : t('announce', { name, text: plainText(m.text) }));
      }),
    [transport, t],
  );

  useEffect(() => {
    if (p.focusRequest > 0) inputRef.current?.focus();
  }, [p.focusRequest]);

  // Read marks and the badge: only what the shopper can actually see counts as read.
  useEffect(() => {
    const mark = (): void => {
      if (panel.get().isOpen && !document.hidden) transport.markRead();
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [p.isOpen, s.messages, panel, transport]);

  const showTicketForm = ticket === 'form' || (isOffline && ticket === 'none');
  return (
    <ChatContext.Provider value={ctx}>
      <div
        ref={dialogRef}
        class={settings.position === 'left' ? 'panel left' : 'panel'}
        role="dialog"
        aria-modal="true"
        aria-labelledby="pl-title"
        hidden={!p.isOpen}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
          else trapFocus(e, dialogRef.current);
        }}
      >
        <PanelHeader
          conversation={conv}
          agentsOnline={s.agentsOnline}
          isDown={s.connection === 'failed'}
          isSoundOn={p.isSoundOn}
          onClose={onClose}
          onLeaveMessage={() => setTicket('form')}
          onToggleSound={onToggleSound}
        />
        {(s.connection === 'failed' || s.connection === 'reconnecting') && (
          // The catalogue keys are the states' names.
          <p class="sys" role="status">
            {t(s.connection)}
          </p>
        )}
        <MessageList state={s} greeting={settings.greeting ?? t('greeting')}>
          {typeof ticket === 'number' && (
            <p class="card" role="status">
              {t('ticket.done', { n: ticket })}
            </p>
          )}
          {showTicketForm && (
            <TicketForm
              name={p.identity?.name ?? ''}
              email={p.identity?.email ?? ''}
              isOffline={isOffline}
              onCreated={setTicket}
              onCancel={() => setTicket('none')}
            />
          )}
          {conv?.ratingRequested && <RatingForm />}
          {conv?.rating && (
            <p class="card" role="status">
              {t('rate.thanks')}
            </p>
          )}
        </MessageList>
        <Composer inputRef={inputRef} fileRef={fileRef} maxBytes={s.attachmentMaxBytes} />
        <div class="sr" aria-live="polite" aria-atomic="true">
          {announcement}
        </div>
      </div>
    </ChatContext.Provider>
  );
}
