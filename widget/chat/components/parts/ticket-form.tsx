import type { VNode } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { LIMITS } from '../../../../shared/limits';
import type { Message } from '../../../../shared/model';
import { draftFromTranscript } from '../../case-views';
import { ChatContext } from '../../chat-context';
import { errorKey } from '../../i18n/error-key';
import { createTicket } from './requests';
import type { MessageKey } from '../../i18n/translate';

export interface TicketFormProps {
  /** Prefill from Parley.identify(). */
  name: string;
  email: string;
  /** The chat so far: what the shopper already wrote prefills the message (see draftFromTranscript). */
  messages: readonly Message[];
  /** Show the "nobody is online" explanation above the form. */
  isOffline: boolean;
  onCreated(ticketNumber: number): void;
  onCancel(): void;
}

// Deliberately loose: the server validates for sure; this only catches typos before a round trip.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Leave-a-message: name, email and message open a case (a request) whose number the shopper sees. */
export function TicketForm(props: TicketFormProps): VNode {
  const { t, transport } = useContext(ChatContext);
  const [error, setError] = useState<MessageKey | null>(null);
  const [isBusy, setBusy] = useState(false);

  const onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const [name, email, message] = ['name', 'email', 'message'].map((k) => String(form.get(k) ?? '').trim()) as [string, string, string];
    const problem: MessageKey | null = !name || !email || !message ? 'ticket.required' : EMAIL.test(email) ? null : 'ticket.badEmail';
    setError(problem);
    if (problem) return;
    setBusy(true);
    const ack = await createTicket(transport, { name, email, message });
    setBusy(false);
    if (ack.ok) props.onCreated(ack.data.number);
    else setError(errorKey(ack.error));
  };

  return (
    <form class="card" noValidate onSubmit={(e) => void onSubmit(e)}>
      <h3>{t(props.isOffline ? 'offline.title' : 'ticket.title')}</h3>
      {props.isOffline && <p>{t('offline.body')}</p>}
      <label>
        {t('ticket.name')}
        <input name="name" required autoComplete="name" maxLength={120} defaultValue={props.name} />
      </label>
      <label>
        {t('ticket.email')}
        <input name="email" type="email" required autoComplete="email" maxLength={254} defaultValue={props.email} />
      </label>
      <label>
        {t('ticket.message')}
        <textarea name="message" required rows={3} maxLength={LIMITS.messageChars} defaultValue={draftFromTranscript(props.messages)} />
      </label>
      {error && (
        <p class="fe" role="alert">
          {t(error)}
        </p>
      )}
      <button type="submit" class="btn" disabled={isBusy}>
        {t('ticket.submit')}
      </button>
      {!props.isOffline && (
        <button type="button" class="lnk" onClick={props.onCancel}>
          {t('ticket.back')}
        </button>
      )}
    </form>
  );
}
