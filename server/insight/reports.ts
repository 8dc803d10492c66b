/**
 * Scheduled CSV reports: the last complete week (Monday to Monday, UTC) and month, written once each to
 * DATA_DIR/reports as weekly-YYYY-MM-DD.csv and monthly-YYYY-MM.csv. Written to a temporary name and
 * renamed, so a reader never sees half a file and two instances writing the same report do no harm.
 * Mailing them is left for when Parley has a mail transport for reports (MAIL_TRANSPORT only logs today).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Mail } from '../mail/mailer';
import type { MailOutbox } from '../mail/mail-outbox';
import { checkTargets, type MetricsComputed, type MetricsTargets } from '../../shared/metrics';
import type { ReportPeriod } from '../config';
import type { MetricsService } from './metrics-service';
import type { Targets } from './targets';

const DAY_MS = 86_400_000;

/** The last complete period before `now`, and its file name. */
export function lastPeriod(kind: ReportPeriod, now: number): { from: number; to: number; name: string } {
  const d = new Date(now);
  if (kind === 'monthly') {
    const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
    return { from, to, name: `monthly-${new Date(from).toISOString().slice(0, 7)}.csv` };
  }
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  const to = midnight - sinceMonday * DAY_MS;
  const from = to - 7 * DAY_MS;
  return { from, to, name: `weekly-${new Date(from).toISOString().slice(0, 10)}.csv` };
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
function field(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? String(Number(v.toFixed(4))) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const line = (...cells: unknown[]) => cells.map(field).join(',');

/** The report as CSV: the figures with their targets, then one table per breakdown, separated by blank lines. */
export function reportCsv(m: MetricsComputed, targets: MetricsTargets): string {
  const iso = (t: number) => new Date(t).toISOString();
  const rows: string[] = [line('period', iso(m.from), iso(m.to)), ''];
  rows.push(line('figure', 'value'));
  const figures: [string, unknown][] = [
    ['conversations', m.conversations],
    ['botResolutionRate', m.botResolutionRate],
    ['botAnswerRate', m.botAnswerRate],
    ['handoffRate', m.handoffRate],
    ['firstResponseSeconds.p50', m.firstResponseSeconds.p50],
    ['firstResponseSeconds.p90', m.firstResponseSeconds.p90],
    ['firstResponseSeconds.max', m.firstResponseSeconds.max],
    ['firstResponseSeconds.average', m.firstResponseSeconds.average],
    ['resolutionSeconds.p50', m.resolutionSeconds.p50],
    ['resolutionSeconds.p90', m.resolutionSeconds.p90],
    ['queueWaitSeconds.p50', m.queueWaitSeconds.p50],
    ['fcrRate', m.fcrRate],
    ['repeatContactRate', m.repeatContactRate],
    ['complaintRate', m.complaintRate],
    ['csat.average', m.csat.average],
    ['csat.satisfiedShare', m.csat.satisfiedShare],
    ['nps.score', m.nps.score],
    ['slaAttainment.overall', m.slaAttainment.overall],
    ['cases.opened', m.cases.opened],
    ['cases.solved', m.cases.solved],
    ['cases.reopened', m.cases.reopened],
    ['widget.opensPerPageView', m.widget.opensPerPageView],
  ];
  for (const [name, value] of figures) rows.push(line(name, value));
  rows.push('', line('target', 'value', 'target', 'met'));
  for (const c of checkTargets(m, targets)) rows.push(line(c.key, c.value, c.target, c.isMet === null ? '' : c.isMet ? 'yes' : 'no'));
  rows.push('', line('handoff reason', 'conversations'));
  for (const [reason, n] of Object.entries(m.handoffReasons)) rows.push(line(reason, n));
  rows.push('', line('priority', 'cases', 'first response in time', 'resolved in time'));
  for (const [priority, r] of Object.entries(m.slaAttainment.byPriority)) rows.push(line(priority, r.cases, r.firstResponseRate, r.resolutionRate));
  rows.push('', line('agent', 'chats', 'cases', 'first response p50 s', 'resolution p50 s', 'fcr', 'on time', 'csat', 'qa score'));
  for (const a of m.agents) {
    rows.push(line(a.name, a.chats, a.cases, a.firstResponseSeconds.p50, a.resolutionSeconds.p50, a.fcrRate, a.onTimeRate, a.csat.average, a.qa.score));
  }
  rows.push('', line('hour', 'conversations'));
  m.volumeByHour.forEach((n, hour) => rows.push(line(hour, n)));
  return `${rows.join('\r\n')}\r\n`;
}

/** Writes each scheduled report whose file is missing; returns the paths written. */
export async function writeDueReports(deps: {
  dir: string;
  schedule: readonly ReportPeriod[];
  metrics: MetricsService;
  targets: Targets;
  now: number;
}): Promise<string[]> {
  const written: string[] = [];
  if (deps.schedule.length === 0) return written;
  await fs.mkdir(deps.dir, { recursive: true });
  for (const kind of deps.schedule) {
    const period = lastPeriod(kind, deps.now);
    const file = path.join(deps.dir, period.name);
    if (await fs.stat(file).then(() => true, () => false)) continue;
    const m = await deps.metrics.figures({ from: period.from, to: period.to, siteId: null, department: null, agentId: null, channel: null });
    const { targets } = await deps.targets.get(null);
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, reportCsv(m, targets));
    await fs.rename(temporary, file);
    written.push(file);
  }
  return written;
}

/** Where written reports are also mailed (REPORT_EMAIL, with SMTP configured). */
export interface ReportMail {
  to: string[];
  outbox: MailOutbox;
}

/** The mail carrying one written report file (the file name says which period). */
export function reportMail(file: string, content: string, to: string): Mail {
  const name = path.basename(file);
  const period = name.replace(/\.csv$/, '');
  return {
    to,
    subject: `Parley report: ${period}`,
    text: `The ${period.startsWith('weekly') ? 'weekly' : 'monthly'} service report (${period}) is attached as CSV: each figure with its target, handoff reasons, SLA per priority, the agent table and volume by hour.`,
    attachments: [{ filename: name, content, contentType: 'text/csv; charset=utf-8' }],
  };
}

/** Checks hourly (and once at start) for a report that is due, mails what it wrote when told to; stop() ends it. */
export function scheduleReports(
  deps: Omit<Parameters<typeof writeDueReports>[0], 'now'> & { logger: Logger; now?: () => number; mail?: ReportMail | null },
): { stop(): void; run(): Promise<string[]> } {
  const now = deps.now ?? Date.now;
  const mailFiles = async (files: string[]) => {
    if (!deps.mail || deps.mail.to.length === 0) return;
    for (const file of files) {
      const content = await fs.readFile(file, 'utf8');
      for (const to of deps.mail.to) deps.mail.outbox.enqueue(reportMail(file, content, to), { report: path.basename(file) });
    }
  };
  // One run at a time: two overlapping runs would both find the file missing, and write and mail it twice.
  let last: Promise<unknown> = Promise.resolve();
  const runOnce = (): Promise<string[]> => {
    const next = last.then(
      () => writeDueReports({ ...deps, now: now() }).then(async (files) => {
        if (files.length > 0) deps.logger.info({ files }, 'metrics reports written');
        await mailFiles(files);
        return files;
      }),
    );
    last = next.catch(() => undefined);
    return next;
  };
  const run = () => void runOnce().catch((err: unknown) => deps.logger.error({ err }, 'writing metrics reports failed'));
  run();
  const timer = setInterval(run, 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer), run: runOnce };
}
