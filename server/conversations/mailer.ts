/**
 * E-mail delivery for ticket replies, behind a port so a deployment can plug in SMTP or a provider.
 * Off by default ('none'); 'log' writes the mail to the log for development.
 */
import type { Logger } from 'pino';
import type { Locale } from '../../shared/model';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export function createMailer(transport: 'none' | 'log', logger: Logger): Mailer {
  return {
    async send(mail) {
      if (transport === 'log') logger.info({ mail }, 'mail (log transport)');
    },
  };
}

// Mail is server-made text, so it has its own small catalogue rather than the widget's.
const TICKET_REPLY: Record<Locale, (n: number) => { subject: string; intro: string }> = {
  en: (n) => ({ subject: `Re: your message (ticket #${n})`, intro: 'We have replied to your message:' }),
  zh: (n) => ({ subject: `回复：您的留言（工单 #${n}）`, intro: '我们已回复您的留言：' }),
};

export function ticketReplyMail(to: string, number: number, reply: string, original: string, locale: Locale): Mail {
  const t = TICKET_REPLY[locale](number);
  return { to, subject: t.subject, text: `${t.intro}\n\n${reply}\n\n> ${original.split('\n').join('\n> ')}` };
}
