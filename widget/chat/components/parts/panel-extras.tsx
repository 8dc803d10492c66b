/**
 * Pieces of the chat's own screen that neither its first paint nor its first answer needs: the options menu,
 * the agent's avatar (after a handoff), the thumbs under an answer. The chat renders them once the parts chunk
 * is in, which it requests as soon as the panel renders.
 */
import type { VNode } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { plainText, safeHref } from '../../../ui/parse-markdown';
import { describeEvent } from '../../describe-event';
import { countCaseUnread } from '../../case-views';
import { ChatContext } from '../../chat-context';
import { useStore } from '../../hooks/use-store';
import { flashTitle, playChime } from '../../attention';
import type { Message, ShopperConversationView } from '../../../../shared/model';
import { translate } from '../../i18n/translate';
import type { OutboxItem } from '../../outbox';
import type { PanelState } from '../../panel-state';
import type { TransportState } from '../../transport';
import { CaseConfirmation, CasesView } from './cases-view';
import { loadCaseSync } from './case-sync';
import { RatingForm } from './rating-form';
import { formCase as requestedCase } from './requests';
import { TicketForm } from './ticket-form';

export interface MenuProps {
  isSoundOn: boolean;
  onCases(): void;
  onLeaveMessage(): void;
  onToggleSound(): void;
  /** Closes the menu (each item does, before its action). */
  onDone(): void;
}

/** Unread replies to the shopper's requests, over all their cases. */
function useCaseUnread(): number {
  const { transport } = useContext(ChatContext);
  return countCaseUnread(useStore(transport.cases).cases);
}

/** The dot on the ⋯ button while a request has an unread reply. */
export function CasesDot(): VNode | null {
  return useCaseUnread() > 0 ? <span class="dot" aria-hidden="true" /> : null;
}

/** The ⋯ menu's items: My requests (with its unread badge), Leave a message, sound on/off. */
export function Menu(p: MenuProps): VNode {
  const { t } = useContext(ChatContext);
  const caseUnread = useCaseUnread();
  const choose = (fn: () => void) => () => {
    p.onDone();
    fn();
  };
  return (
    <div class="menu">
      <button type="button" onClick={choose(p.onCases)}>
        {t('menu.cases')}
        {caseUnread > 0 && ' '}
        {caseUnread > 0 && <span class="bdg">{t('cases.unread', { n: caseUnread })}</span>}
      </button>
      <button type="button" onClick={choose(p.onLeaveMessage)}>
        {t('menu.ticket')}
      </button>
      <button type="button" onClick={choose(p.onToggleSound)}>
        {t(p.isSoundOn ? 'menu.soundOff' : 'menu.soundOn')}
      </button>
    </div>
  );
}

/** The agent's picture (a safe URL only), or their initial. */
export function Avatar({ agent }: { agent: { name: string; avatarUrl: string | null } }): VNode {
  const src = agent.avatarUrl ? safeHref(agent.avatarUrl) : null;
  return src ? (
    <img class="av" src={src} alt="" />
  ) : (
    <span class="av" aria-hidden="true">
      {agent.name.slice(0, 1)}
    </span>
  );
}

/** Thumbs on a bot answer (the KB-gap loop); once sent, a thank-you. */
export function Thumbs({ messageId }: { messageId: string }): VNode {
  const { t, transport } = useContext(ChatContext);
  const [isRated, setRated] = useState(false);
  return (
    <span class="mark">
      {isRated
        ? t('answer.thanks')
        : [true, false].map((isHelpful) => (
            <button type="button" aria-label={t(isHelpful ? 'answer.helpful' : 'answer.unhelpful')} onClick={() => void transport.command('answer:rate', { messageId, isHelpful }).then((ack) => setRated(ack.ok))}>
              {isHelpful ? '👍' : '👎'}
            </button>
          ))}
    </span>
  );
}

/** The polite live region: each new bot or agent message (sender and plain text) or notice, for screen readers. */
export function Announcer(): VNode {
  const { t, transport } = useContext(ChatContext);
  const [text, setText] = useState('');
  useEffect(
    () =>
      transport.onMessage((m) => {
        const name = m.senderName ?? t(m.sender === 'agent' ? 'agent' : 'bot');
        setText(m.event ? describeEvent(m.event, t) : t('announce', { name, text: plainText(m.text) }));
      }),
    [transport, t],
  );
  return (
    <div class="sr" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}

/** Over the message limit by `over` characters (the composer will not send it). */
export function TooLong({ over }: { over: number }): VNode {
  const { t } = useContext(ChatContext);
  return (
    <p class="fe" role="alert">
      {t('composer.tooLong', { n: over })}
    </p>
  );
}

/** Refused for good: retry or delete. */
export function Failed({ item }: { item: OutboxItem }): VNode {
  const { t, transport } = useContext(ChatContext);
  return (
    <span class="mark" role="alert">
      {t('mark.failed')}
      <button type="button" onClick={() => transport.retry(item.clientId)}>
        {t('retry')}
      </button>
      <button type="button" onClick={() => transport.discard(item.clientId)}>
        {t('delete')}
      </button>
    </span>
  );
}

/** The shopper's place in line while the chat waits for a person. */
export function Queue({ queue }: { queue: NonNullable<ShopperConversationView['queue']> }): VNode {
  const { t } = useContext(ChatContext);
  return (
    <p class="sys" role="status">
      {queue.estimatedWaitSec > 0
        ? t('queue', { n: queue.position, m: Math.max(1, Math.round(queue.estimatedWaitSec / 60)) })
        : t('queue.noEta', { n: queue.position })}
    </p>
  );
}

let stopFlash = (): void => undefined;

/**
 * A reply the shopper is not watching: the chime (panel closed or tab hidden, sound on) and, while the tab is
 * hidden, the flashing title with the unread count.
 */
export function attend(m: Message, p: PanelState, unread: number): void {
  if (p.isSoundOn && (!p.isOpen || document.hidden) && m.sender !== 'system') playChime();
  if (document.hidden) {
    stopFlash();
    stopFlash = flashTitle(translate(p.catalogue)('title.flash', { n: Math.max(unread, 1) }));
  }
}

/** Which leave-a-message card the chat shows: none (unless offline), the form, or (after it) its confirmation. */
export type TicketStep = 'none' | 'form' | 'done';

export interface CardsProps {
  panel: PanelState;
  state: TransportState;
  ticket: TicketStep;
  setTicket(step: TicketStep): void;
  onShowCases(caseId: string | null): void;
}

/**
 * The cards after the transcript: the leave-a-message form (asked for, or shown while nobody can come) and the
 * confirmation of the request it opened (also after a reload), the rating the closed chat asks for, its thanks.
 */
export function Cards({ panel: p, state: s, ticket, setTicket, onShowCases }: CardsProps): VNode {
  const { t, transport } = useContext(ChatContext);
  const conv = s.conversation;
  // Waiting with no place in line: nobody who can take this chat is signed in, or it is outside support hours.
  const isOffline = conv?.status === 'waiting' && !conv.queue;
  const formCase = requestedCase(transport);
  const showForm = ticket === 'form' || (isOffline && ticket === 'none' && formCase === null);
  // The form's request, and its confirmation's link, are cases: keep them in step.
  useEffect(() => {
    if (showForm || formCase !== null) loadCaseSync();
  }, [showForm, formCase]);
  return (
    <>
      {formCase !== null && ticket !== 'form' && <CaseConfirmation number={formCase} onShow={onShowCases} />}
      {showForm && (
        <TicketForm
          name={p.identity?.name ?? ''}
          email={p.identity?.email ?? ''}
          messages={s.messages}
          isOffline={isOffline}
          onCreated={() => setTicket('done')}
          onCancel={() => setTicket('none')}
        />
      )}
      {conv?.ratingRequested && <RatingForm />}
      {conv?.rating && (
        <p class="card" role="status">
          {t('rate.thanks')}
        </p>
      )}
    </>
  );
}

/** My requests in place of the transcript, with the way back. */
export function CasesScreen({ isOpen, onBack }: { isOpen: boolean; onBack(): void }): VNode {
  const { t } = useContext(ChatContext);
  return (
    <>
      <CasesView isOpen={isOpen} />
      <button type="button" class="lnk back" onClick={onBack}>
        {t('cases.back')}
      </button>
    </>
  );
}

export const PANEL_STYLES = `
.dot{position:absolute;top:6px;right:6px;width:10px;height:10px;border-radius:50%;background:#c62828;border:2px solid #fff}
.fe{font-size:13px;color:#b3261e}
[aria-invalid=true]{border-color:#c62828}
h3{margin:0}
.lnk,.mark button{color:#0b57d0;text-decoration:underline;background:none;border:0;padding:0}
.card{margin:12px 0;padding:14px;border:1px solid #d0d4d9;border-radius:12px;background:#fafbfc}
.card input,.card textarea{display:block;width:100%;padding:8px 10px;border:1px solid #8a8f98;border-radius:8px;font-size:16px}
.av{width:32px;height:32px;border-radius:50%;background:#e3e6ea;color:#1b1b1b;font-weight:700;text-align:center;line-height:32px;object-fit:cover}
.menu{position:absolute;top:60px;right:12px;display:flex;flex-direction:column;padding:6px;background:#fff;color:#1b1b1b;border-radius:10px;box-shadow:0 6px 24px #0004}
.menu button{padding:10px 12px;border:0;background:none;text-align:left}
.bdg{margin-left:8px;padding:1px 7px;border-radius:10px;background:#c62828;color:#fff;font-size:12px;font-weight:600}
.mark button{margin-left:8px}
.back{margin:8px 12px}
.me .err{background:#fdecea;color:#1b1b1b;border:1px solid #c62828}
ul,ol{margin:4px 0;padding-left:20px}
p+p{margin-top:8px}
`;
