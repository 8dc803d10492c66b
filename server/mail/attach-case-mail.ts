/**
 * Mails the customer about their case, as a listener of the domain bus: the case number when it is opened,
 * every public reply (never an internal note), and the "Did this solve it?" request when it is solved, in
 * the case's language. Only the instance that made the change hears its event, so each mail goes once.
 */
import type { Case } from '../../shared/cases';
import type { Bus } from '../domain/bus';
import type { MailOutbox } from './mail-outbox';
import { renderCaseMail, type CaseMailKind } from './render-case-mail';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function attachCaseMail(deps: { bus: Bus; outbox: MailOutbox; publicUrl: string }): () => void {
  const { bus, outbox, publicUrl } = deps;
  const send = (kind: CaseMailKind, c: Case, extra: Parameters<typeof renderCaseMail>[2] = { publicUrl }) => {
    if (!c.contactEmail || !EMAIL.test(c.contactEmail)) return;
    outbox.enqueue(renderCaseMail(kind, c, extra), { kind: `case.${kind}`, case: c.number });
  };
  const offs = [
    bus.on('case.created', ({ case: c }) => send('created', c)),
    bus.on('case.replied', ({ case: c, message }) => {
      if (message.kind === 'reply') send('reply', c, { publicUrl, reply: message });
    }),
    bus.on('case.solved', ({ case: c }) => send('solved', c)),
  ];
  return () => offs.forEach((off) => off());
}
