import type { VNode } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WidgetSettings } from '../../protocol/types';
import { ChatContext } from '../chat-context';
import type { Store } from '../create-store';
import { loadedParts, loadFiles, loadParts, useParts } from '../hooks/use-parts';
import { useStore } from '../hooks/use-store';
import { translate } from '../i18n/translate';
import type { PanelState } from '../panel-state';
import type { Transport } from '../transport';
import type { TicketStep } from './parts/panel-extras';
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

/**
 * The chat panel: a modal dialog with the transcript and composer. Its cards (forms, rating) and My requests
 * are in the parts chunk, which the panel requests as it first renders.
 */
export function ChatPanel({ transport, panel, settings, onClose, onToggleSound }: ChatPanelProps): VNode {
  const p = useStore(panel);
  const s = useStore(transport.state);
  // The KB names the bot and words its greeting: they replace the catalogue's generic ones everywhere.
  const t = useMemo(() => translate({ ...p.catalogue, ...s.texts?.[p.locale] }), [p.catalogue, p.locale, s.texts]);
  const fileRef = useRef<HTMLInputElement>(null);
  const ctx = useMemo(() => ({ t, transport, pickFile: () => fileRef.current?.click() }), [t, transport]);
  const [ticket, setTicket] = useState<TicketStep>('none');
  const [screen, setScreen] = useState<'chat' | 'cases'>('chat');
  const dialogRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const parts = useParts(true, loadFiles);

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
          // Tab stays in the dialog once the parts chunk is in (requested as the panel first renders).
          else loadedParts()?.trapFocus(e, dialogRef.current);
        }}
      >
        <PanelHeader
          conversation={s.conversation}
          isDown={s.connection === 'failed'}
          isSoundOn={p.isSoundOn}
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
          parts && <parts.CasesScreen isOpen={p.isOpen} onBack={() => setScreen('chat')} />
        ) : (
          <>
            <MessageList state={s} greeting={settings.greeting ?? t('greeting')}>
              {parts && <parts.Cards panel={p} state={s} ticket={ticket} setTicket={setTicket} onShowCases={showCases} />}
            </MessageList>
            <Composer inputRef={inputRef} fileRef={fileRef} maxBytes={s.attachmentMaxBytes} />
          </>
        )}
        {parts && <parts.Announcer />}
      </div>
    </ChatContext.Provider>
  );
}
