import type { VNode } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WidgetSettings } from '../../protocol/types';
import { ChatContext } from '../chat-context';
import type { Store } from '../create-store';
import { describeEvent } from '../describe-event';
import { loadedParts, loadParts, useParts } from '../hooks/use-parts';
import { useStore } from '../hooks/use-store';
import { translate } from '../i18n/translate';
import type { PanelState } from '../panel-state';
import type { Transport } from '../transport';
import { trapFocus } from '../trap-focus';
import { Composer } from './composer';
import { MessageList } from './message-list';
import { PanelHeader } from './panel-header';

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
  const cases = useStore(transport.cases);
  // The KB names the bot and words its greeting: they replace the catalogue's generic ones everywhere.
  const t = useMemo(() => translate({ ...p.catalogue, ...s.texts?.[p.locale] }), [p.catalogue, p.locale, s.texts]);
  const fileRef = useRef<HTMLInputElement>(null);
  const ctx = useMemo(() => ({ t, transport, pickFile: () => fileRef.current?.click() }), [t, transport]);
  const [ticket, setTicket] = useState<'none' | 'form' | 'done'>('none');
  const [screen, setScreen] = useState<'chat' | 'cases'>('chat');
  const [announcement, setAnnouncement] = useState('');
  const dialogRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const conv = s.conversation;
  // Waiting with no place in line: nobody who can take this chat is signed in, or it is outside support hours.
  const isOffline = conv?.status === 'waiting' && !conv.queue;
  // The request this chat's form opened: its confirmation replaces the form, also after a reload.
  const formCase = transport.formCase();

  useEffect(
    () =>
      transport.onMessage((m) => {
        const name = m.senderName ?? t(m.sender === 'agent' ? 'agent' : 'bot');
        setAnnouncement(m.event ? describeEvent(m.event, t) : t('announce', { name, text: loadedParts()?.plainText(m.text) ?? m.text }));
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

  const showTicketForm = ticket === 'form' || (isOffline && ticket === 'none' && formCase === null);
  const parts = useParts(screen === 'cases' || showTicketForm || formCase !== null || !!conv?.ratingRequested);
  const showCases = (caseId: string | null): void => {
    setScreen('cases');
    void loadParts().then((m) => m.caseSync()?.view(caseId));
  };
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
          isDown={s.connection === 'failed'}
          isSoundOn={p.isSoundOn}
          caseUnread={cases.cases.reduce((n, c) => n + c.unread, 0)}
          onClose={onClose}
          onCases={() => showCases(null)}
          onLeaveMessage={() => {
            setScreen('chat');
            setTicket('form');
          }}
          onToggleSound={onToggleSound}
        />
        {(s.connection === 'failed' || s.connection === 'reconnecting') && (
          // The catalogue keys are the states' names.
          <p class="sys" role="status">
            {t(s.connection)}
          </p>
        )}
        {screen === 'cases' ? (
          <>
            {parts && <parts.CasesView isOpen={p.isOpen} />}
            <button type="button" class="lnk back" onClick={() => setScreen('chat')}>
              {t('cases.back')}
            </button>
          </>
        ) : (
          <>
            <MessageList state={s} greeting={settings.greeting ?? t('greeting')}>
              {parts && formCase !== null && ticket !== 'form' && <parts.CaseConfirmation number={formCase} onShow={showCases} />}
              {parts && showTicketForm && (
                <parts.TicketForm
                  name={p.identity?.name ?? ''}
                  email={p.identity?.email ?? ''}
                  messages={s.messages}
                  isOffline={isOffline}
                  onCreated={() => setTicket('done')}
                  onCancel={() => setTicket('none')}
                />
              )}
              {parts && conv?.ratingRequested && <parts.RatingForm />}
              {conv?.rating && (
                <p class="card" role="status">
                  {t('rate.thanks')}
                </p>
              )}
            </MessageList>
            <Composer inputRef={inputRef} fileRef={fileRef} maxBytes={s.attachmentMaxBytes} />
          </>
        )}
        <div class="sr" aria-live="polite" aria-atomic="true">
          {announcement}
        </div>
      </div>
    </ChatContext.Provider>
  );
}
