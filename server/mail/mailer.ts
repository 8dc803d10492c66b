/**
 * E-mail delivery behind a port: 'none' (off), 'log' (the mail goes to the log, for development) or 'smtp'
 * (nodemailer over SMTP_URL). Senders build a Mail; they never see the transport.
 */
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { MailConfig } from '../config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** A simple HTML alternative; every piece of user text in it is escaped by the renderer. */
  html?: string;
  /** Files sent along (the scheduled metrics reports). */
  attachments?: { filename: string; content: string; contentType: string }[];
}

export interface Mailer {
  /** Rejects when the transport refused or failed; the caller decides about retrying. */
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(config: Pick<MailConfig, 'transport' | 'smtpUrl' | 'from'>, logger: Logger): Mailer {
  if (config.transport === 'smtp' && config.smtpUrl) {
    // Time-outs well under nodemailer's minutes-long defaults: a stuck server must fail the attempt, then retry.
    const transport = nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    return {
      async send(mail) {
        await transport.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, attachments: mail.attachments });
      },
      close: () => transport.close(),
    };
  }
  return {
    async send(mail) {
      if (config.transport === 'log') logger.info({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, 'mail (log transport)');
    },
    close: () => undefined,
  };
}
