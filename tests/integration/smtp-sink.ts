/**
 * A real SMTP server on loopback (smtp-server) that keeps what it receives, parsed (mailparser): tests
 * send through it exactly as production sends to a mail provider. It can refuse the next deliveries with
 * a temporary error, or hold deliveries unanswered, to exercise retries and the request path.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  /** smtp://user:pass@127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** Refused attempts so far (temporary failures). */
  refused: number;
  /** Refuse the next `n` deliveries with 451 (a temporary failure: the sender should retry). */
  refuseNext(n: number): void;
  /**
   * Leave every delivery unanswered until the returned release is called: a mail server that is slow for as long
   * as the test needs, not for a guessed number of ms that a busy machine may outlast.
   */
  hold(): () => void;
  /** Resolves once `count` mails have been received. */
  waitForCount(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(credentials = { user: 'parley', pass: 's3cret-pass' }): Promise<SmtpSink> {
  let toRefuse = 0;
  const waiters: (() => void)[] = [];
  let gate: Promise<void> | null = null;
  const sink: SmtpSink = {
    url: '',
    received: [],
    refused: 0,
    refuseNext: (n) => void (toRefuse = n),
    hold() {
      let open = () => undefined as void;
      gate = new Promise<void>((resolve) => (open = resolve));
      return () => {
        gate = null;
        open();
      };
    },
    waitForCount(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (sink.received.length < count) return false;
          clearTimeout(timer);
          resolve(sink.received.slice(0, count));
          return true;
        };
        const timer = setTimeout(() => reject(new Error(`SMTP sink: ${sink.received.length} of ${count} mails after ${timeoutMs} ms`)), timeoutMs);
        if (!check()) waiters.push(function retry() { if (!check()) waiters.push(retry); });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS to offer, and AUTH PLAIN/LOGIN allowed without TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const finish = async () => {
          if (toRefuse > 0) {
            toRefuse -= 1;
            sink.refused += 1;
            return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          }
          if (gate) await gate;
          const parsed = await simpleParser(Buffer.concat(chunks));
          sink.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            parsed,
          });
          callback();
          waiters.splice(0).forEach((w) => w());
        };
        void finish();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  sink.url = `smtp://${credentials.user}:${credentials.pass}@127.0.0.1:${port}`;
  return sink;
}
