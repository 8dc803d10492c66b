/**
 * Scheduled metrics reports: written once per period to the reports folder and, with REPORT_EMAIL and SMTP
 * set, mailed through a real SMTP server on loopback with the CSV attached.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { scheduleReports } from '../../server/insight/reports';
import { startServer, type TestServer } from './harness';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

let sink: SmtpSink;
let server: TestServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-reports-'));

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startServer({ SMTP_URL: sink.url, MAIL_FROM: 'Parley <reports@shop.example>', PUBLIC_URL: 'https://www.shop.example/help' });
});
afterAll(async () => {
  await server.close();
  await sink.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('mails each report it writes, once, with the CSV attached, to every address', async () => {
  const reports = scheduleReports({
    dir,
    schedule: ['weekly'],
    metrics: server.app.metrics,
    targets: server.app.targets,
    logger: pino({ level: 'silent' }),
    now: () => Date.UTC(2026, 11, 2, 12),
    mail: { to: ['lead@shop.example', 'ops@shop.example'], outbox: server.app.mail },
  });
  try {
    // The schedule's own first run and this one race for the same file: only one writes and mails it.
    await reports.run();
    await server.app.mail.idle();
    const mails = await sink.waitForCount(2);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['lead@shop.example', 'ops@shop.example']);
    const [mail] = mails;
    expect(mail!.subject).toBe('Parley report: weekly-2026-11-23');
    const attachment = mail!.parsed.attachments[0]!;
    expect(attachment.filename).toBe('weekly-2026-11-23.csv');
    expect(attachment.content.toString('utf8')).toBe(fs.readFileSync(path.join(dir, 'weekly-2026-11-23.csv'), 'utf8'));
    // Already written: the next run neither writes nor mails again.
    expect(await reports.run()).toEqual([]);
    await server.app.mail.idle();
    expect(sink.received).toHaveLength(2);
  } finally {
    reports.stop();
  }
});
