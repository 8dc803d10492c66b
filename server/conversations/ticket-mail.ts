/** The mail that carries an agent's reply to a ticket (the message a shopper left when nobody could chat). */
import type { Locale } from '../../shared/model';
import type { Mail } from '../mail/mailer';

// Mail is server-made text, so it has its own small catalogue rather than the widget's.
const TICKET_REPLY: Record<Locale, (n: number) => { subject: string; intro: string }> = {
  en: (n) => ({ subject: `Re: your message (ticket #${n})`, intro: 'We have replied to your message:' }),
  zh: (n) => ({ subject: `回复：您的留言（工单 #${n}）`, intro: '我们已回复您的留言：' }),
};

export function ticketReplyMail(to: string, number: number, reply: string, original: string, locale: Locale): Mail {
  const t = TICKET_REPLY[locale](number);
  return { to, subject: t.subject, text: `${t.intro}\n\n${reply}\n\n> ${original.split('\n').join('\n> ')}` };
}
