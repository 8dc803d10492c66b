/**
 * The only reader of process.env. `loadConfig(env)` is pure: it validates every variable, applies defaults,
 * and throws naming the variable when one is malformed, so a bad deployment fails at start, not mid-chat.
 */
import path from 'node:path';
import { z } from 'zod';
import { LOCALES, PRIORITIES, type Locale, type Priority } from '../shared/model';
import { parseSchedule, type Schedule } from './domain/business-hours';
import { loadIntegrationsConfig, type IntegrationsConfig } from './integrations/integrations-config';
import type { S3Settings } from './blobs/s3/s3-blob-store';

export type AssignmentMode = 'auto' | 'manual';

export interface DepartmentConfig {
  name: string;
  mode: AssignmentMode;
  /** Opening hours; null = always open. */
  hours: Schedule | null;
  /** What shoppers and agents read instead of the id ("You were transferred to Returns & exchanges"). */
  labels: Record<Locale, string>;
}

/** Display names of the shipped departments; others default to their id until DEPARTMENT_NAMES names them. */
const DEFAULT_LABELS: Record<string, Record<Locale, string>> = {
  general: { en: 'Customer service', zh: '客户服务' },
  orders: { en: 'Orders & delivery', zh: '订单与配送' },
  returns: { en: 'Returns & exchanges', zh: '退换货' },
  billing: { en: 'Payments & billing', zh: '支付与账单' },
  technical: { en: 'Website help', zh: '网站技术支持' },
};

export interface MailConfig {
  /** 'none' (off), 'log' (written to the log, for development) or 'smtp' (nodemailer over SMTP_URL). */
  transport: 'none' | 'log' | 'smtp';
  /** smtp:// or smtps:// with credentials, e.g. smtp://user:pass@mail.example:587; null unless transport is smtp. */
  smtpUrl: string | null;
  /** The From header. */
  from: string;
  /** The page with the chat that mails link back to (the shop's help page, or the demo). */
  publicUrl: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  mongodbUri: string | null;
  redisUrl: string | null;
  kbDir: string;
  /** Supervisors may approve KB drafts too (admins always can). */
  kbSupervisorsApprove: boolean;
  /** Signs agent tokens. When unset, a random one is generated once and kept in the store. */
  secret: string | null;
  /** Origins (besides the server's own) whose pages may embed the widget. */
  widgetOrigins: string[];
  /**
   * Parley's own address as other systems reach it (the signed photo links in return requests), without a
   * trailing slash; null: the address the server listens on.
   */
  parleyUrl: string | null;
  logLevel: string;
  demoAgent: { email: string; password: string | null; name: string };
  /** HMAC key retailers use to sign `identify()` calls; unset means identities are never "verified". */
  identitySecret: string | null;
  buildOnStart: boolean;
  departments: DepartmentConfig[];
  /** E-mail to customers (case number, public replies, the confirmation request; ticket replies). */
  mail: MailConfig;
  /** First-response SLA per priority, ms. */
  slaMs: Record<Priority, number>;
  /** How long a disconnected agent keeps their chats before they return to the queue, ms. */
  agentGraceMs: number;
  /** Interval of repeated new-chat alerts to agents, ms. */
  alertIntervalMs: number;
  tokenTtlMs: number;
  /** A conversation only the bot handled closes after this long without a message, ms. */
  botIdleCloseMs: number;
  /** Closed conversations older than this many days are deleted (messages too); null keeps them forever. */
  retentionDays: number | null;
  /** Login attempts allowed per client address (any e-mails) in 15 minutes; right passwords give theirs back. */
  loginAttemptsPerIp: number;
  /** Socket commands allowed per client address per minute, all sockets together; 0 = no per-address limit. */
  commandsPerIpPerMinute: number;
  /** The retailer's systems the bot's actions call: the demo order book or a signed webhook (ACTIONS_*). */
  integrations: IntegrationsConfig;
  /** How often each instance sweeps the case clocks (breaches, tier escalation, auto-close), ms; 0 = never. */
  caseSweepMs: number;
  /** Bearer token Prometheus scrapes `GET /metrics` with; null turns `/metrics` off (404). */
  metricsToken: string | null;
  /** How often the drift check compares the recent window with the one before, ms; 0 turns it off. */
  driftCheckMs: number;
  /** The length of each window the drift check compares, ms. */
  driftWindowMs: number;
  /** Contacts (chats and cases) the recent window needs before it may alert: one bad rating at night is not a drift. */
  driftMinContacts: number;
  /** Which CSV reports main.ts writes to DATA_DIR/reports (empty: none). */
  reportSchedule: ReportPeriod[];
  /** Who gets each written report by e-mail (needs a mail transport); empty: nobody. */
  reportEmails: string[];
  /** Where attachment bytes go: a folder (default DATA_DIR/blobs) or an S3-compatible bucket (S3_*). */
  blobs: { kind: 'disk'; dir: string | null } | { kind: 's3'; s3: S3Settings };
  /** Largest accepted upload, bytes. */
  attachmentMaxBytes: number;
}

export type ReportPeriod = 'weekly' | 'monthly';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const seconds = int(1, 86_400);

const envSchema = z.object({
  PORT: int(0, 65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  KB_DIR: z.string().min(1).default('kb/retail'),
  KB_SUPERVISORS_APPROVE: z.enum(['true', 'false']).default('false'),
  PARLEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  WIDGET_ORIGINS: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_AGENT_EMAIL: z.email().default('agent@demo.parley'),
  DEMO_AGENT_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  DEMO_AGENT_NAME: z.string().min(1).max(120).default('Alex (demo)'),
  IDENTITY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  BUILD_ON_START: z.enum(['true', 'false']).default('true'),
  DEPARTMENTS: z.string().default('general:auto,orders:auto,returns:auto,billing:auto,technical:auto'),
  BUSINESS_HOURS: z.string().default(''),
  DEPARTMENT_NAMES: z.string().default(''),
  MAIL_TRANSPORT: z.enum(['none', 'log', 'smtp']).optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().trim().min(3).max(200).regex(/@/, 'must contain an e-mail address, like Shop support <help@shop.example>').optional(),
  PARLEY_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, like https://chat.shop.example' }).optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, like https://www.shop.example/help' }).optional(),
  SLA_URGENT_SECONDS: seconds.default(60),
  SLA_HIGH_SECONDS: seconds.default(180),
  SLA_NORMAL_SECONDS: seconds.default(300),
  SLA_LOW_SECONDS: seconds.default(900),
  AGENT_GRACE_SECONDS: int(0, 3600).default(30),
  ALERT_INTERVAL_SECONDS: int(1, 3600).default(20),
  TOKEN_TTL_HOURS: int(1, 24 * 30).default(12),
  BOT_IDLE_CLOSE_MINUTES: int(1, 7 * 24 * 60).default(30),
  COMMANDS_PER_IP_PER_MINUTE: int(0, 1_000_000).default(3000),
  LOGIN_ATTEMPTS_PER_IP: int(1, 100_000).default(30),
  RETENTION_DAYS: int(1, 36_500).optional(),
  CASE_SWEEP_SECONDS: int(0, 86_400).default(30),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  DRIFT_CHECK_MINUTES: int(0, 24 * 60).default(15),
  DRIFT_WINDOW_MINUTES: int(5, 24 * 60).default(60),
  DRIFT_MIN_CONTACTS: int(1, 1_000_000).default(10),
  REPORT_SCHEDULE: z
    .string()
    .regex(/^(off|weekly|monthly|weekly,monthly|monthly,weekly)$/, 'must be off, weekly, monthly or weekly,monthly')
    .default('weekly,monthly'),
  REPORT_EMAIL: z
    .string()
    .transform((v) => v.split(',').map((a) => a.trim()).filter((a) => a !== ''))
    .pipe(z.array(z.email('must be e-mail addresses, comma-separated')).max(20))
    .optional(),
  BLOB_STORE: z.enum(['disk', 's3']).default('disk'),
  BLOB_DIR: z.string().min(1).optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_PATH_STYLE: z.enum(['true', 'false']).optional(),
  S3_PREFIX: z.string().regex(/^([A-Za-z0-9_-]+\/)*$/, 'must be empty or folders ending in /').default(''),
  ATTACHMENT_MAX_BYTES: int(1024, 100 * 1024 * 1024).default(10 * 1024 * 1024),
});

function parseBlobs(e: z.infer<typeof envSchema>, cwd: string): Config['blobs'] {
  if (e.BLOB_STORE === 'disk') return { kind: 'disk', dir: e.BLOB_DIR ? path.resolve(cwd, e.BLOB_DIR) : null };
  for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
    if (!e[name]) throw new Error(`${name}: required when BLOB_STORE=s3`);
  }
  return {
    kind: 's3',
    s3: {
      // Without an endpoint: AWS itself, whose buckets are addressed virtual-hosted style.
      endpoint: e.S3_ENDPOINT ?? `https://s3.${e.S3_REGION}.amazonaws.com`,
      bucket: e.S3_BUCKET!,
      region: e.S3_REGION,
      accessKeyId: e.S3_ACCESS_KEY_ID!,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
      isPathStyle: e.S3_PATH_STYLE ? e.S3_PATH_STYLE === 'true' : e.S3_ENDPOINT !== undefined,
      prefix: e.S3_PREFIX,
    },
  };
}

/** `dept=Mon-Fri 09:00-18:00 Europe/London;other=…` → schedules by department (`*` for all). */
function parseHours(raw: string): Map<string, Schedule> {
  const out = new Map<string, Schedule>();
  for (const part of raw.split(';').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq < 1) throw new Error(`BUSINESS_HOURS: "${part}" is not department=Mon-Fri 09:00-18:00 Area/City`);
    try {
      out.set(name, parseSchedule(part.slice(eq + 1)));
    } catch (err) {
      throw new Error(`BUSINESS_HOURS: ${name}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** `returns=Returns|退货;vip=VIP desk|贵宾服务` → display names by department (`en|zh`; zh defaults to en). */
function parseNames(raw: string): Map<string, Record<Locale, string>> {
  const out = new Map<string, Record<Locale, string>>();
  for (const part of raw.split(';').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const [en, zh] = part.slice(eq + 1).split('|').map((s) => s.trim());
    if (eq < 1 || !en) throw new Error(`DEPARTMENT_NAMES: "${part}" is not department=English name|中文名`);
    out.set(part.slice(0, eq).trim(), { en, zh: zh || en });
  }
  return out;
}

/** Parses `name:mode` pairs; `general` always exists because unmatched intents route there. */
function parseDepartments(raw: string, hours: Map<string, Schedule>, names: Map<string, Record<Locale, string>>): DepartmentConfig[] {
  const out: Omit<DepartmentConfig, 'labels'>[] = [];
  for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, mode = 'auto'] = part.split(':').map((s) => s.trim());
    if (!name || !/^[a-z][a-z0-9_-]*$/.test(name) || (mode !== 'auto' && mode !== 'manual')) {
      throw new Error(`DEPARTMENTS: "${part}" is not name:auto or name:manual`);
    }
    if (!out.some((d) => d.name === name)) out.push({ name, mode, hours: null });
  }
  if (!out.some((d) => d.name === 'general')) out.unshift({ name: 'general', mode: 'auto', hours: null });
  for (const name of hours.keys()) {
    if (name !== '*' && !out.some((d) => d.name === name)) throw new Error(`BUSINESS_HOURS: unknown department "${name}"`);
  }
  for (const name of names.keys()) {
    if (!out.some((d) => d.name === name)) throw new Error(`DEPARTMENT_NAMES: unknown department "${name}"`);
  }
  const idAsLabel = (name: string) => Object.fromEntries(LOCALES.map((l) => [l, name])) as Record<Locale, string>;
  return out.map((d) => ({
    ...d,
    hours: hours.get(d.name) ?? hours.get('*') ?? null,
    labels: names.get(d.name) ?? DEFAULT_LABELS[d.name] ?? idAsLabel(d.name),
  }));
}

function parseOrigins(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((origin) => {
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        throw new Error(`WIDGET_ORIGINS: "${origin}" is not a URL origin`);
      }
      if (origin === '*' || url.origin !== origin.replace(/\/$/, '')) {
        throw new Error(`WIDGET_ORIGINS: "${origin}" must be an exact origin like https://shop.example`);
      }
      return url.origin;
    });
}

/** SMTP_URL alone turns SMTP on; an SMTP deployment must say who sends and where the chat lives. */
function parseMail(e: z.infer<typeof envSchema>): MailConfig {
  const transport = e.MAIL_TRANSPORT ?? (e.SMTP_URL ? 'smtp' : 'none');
  if (transport === 'smtp') {
    if (!e.SMTP_URL) throw new Error('SMTP_URL: required when MAIL_TRANSPORT=smtp (smtp://user:pass@host:587)');
    if (!e.MAIL_FROM) throw new Error('MAIL_FROM: required when sending mail over SMTP (Shop support <help@shop.example>)');
    if (!e.PUBLIC_URL) throw new Error('PUBLIC_URL: required when sending mail over SMTP (the shop page with the chat, for the link in every mail)');
  }
  return {
    transport,
    smtpUrl: transport === 'smtp' ? (e.SMTP_URL ?? null) : null,
    from: e.MAIL_FROM ?? 'Parley <no-reply@parley.localhost>',
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}/demo`,
  };
}

/** Reads and validates configuration; throws an Error whose message starts with the variable's name. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${String(issue?.path[0] ?? 'config')}: ${issue?.message ?? 'invalid'}`);
  }
  const e = parsed.data;
  const slaMs = Object.fromEntries(
    PRIORITIES.map((p) => [p, 1000 * e[`SLA_${p.toUpperCase()}_SECONDS` as `SLA_${Uppercase<Priority>}_SECONDS`]]),
  ) as Record<Priority, number>;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    mongodbUri: e.MONGODB_URI ?? null,
    redisUrl: e.REDIS_URL ?? null,
    kbDir: path.resolve(cwd, e.KB_DIR),
    kbSupervisorsApprove: e.KB_SUPERVISORS_APPROVE === 'true',
    secret: e.PARLEY_SECRET ?? null,
    widgetOrigins: parseOrigins(e.WIDGET_ORIGINS),
    parleyUrl: e.PARLEY_URL ? e.PARLEY_URL.replace(/\/+$/, '') : null,
    logLevel: e.LOG_LEVEL,
    demoAgent: { email: e.DEMO_AGENT_EMAIL, password: e.DEMO_AGENT_PASSWORD ?? null, name: e.DEMO_AGENT_NAME },
    identitySecret: e.IDENTITY_SECRET ?? null,
    buildOnStart: e.BUILD_ON_START === 'true',
    departments: parseDepartments(e.DEPARTMENTS, parseHours(e.BUSINESS_HOURS), parseNames(e.DEPARTMENT_NAMES)),
    mail: parseMail(e),
    slaMs,
    agentGraceMs: e.AGENT_GRACE_SECONDS * 1000,
    alertIntervalMs: e.ALERT_INTERVAL_SECONDS * 1000,
    tokenTtlMs: e.TOKEN_TTL_HOURS * 3_600_000,
    botIdleCloseMs: e.BOT_IDLE_CLOSE_MINUTES * 60_000,
    commandsPerIpPerMinute: e.COMMANDS_PER_IP_PER_MINUTE,
    loginAttemptsPerIp: e.LOGIN_ATTEMPTS_PER_IP,
    retentionDays: e.RETENTION_DAYS ?? null,
    integrations: loadIntegrationsConfig(env),
    caseSweepMs: e.CASE_SWEEP_SECONDS * 1000,
    metricsToken: e.METRICS_TOKEN ?? null,
    driftCheckMs: e.DRIFT_CHECK_MINUTES * 60_000,
    driftWindowMs: e.DRIFT_WINDOW_MINUTES * 60_000,
    driftMinContacts: e.DRIFT_MIN_CONTACTS,
    reportSchedule: e.REPORT_SCHEDULE === 'off' ? [] : (e.REPORT_SCHEDULE.split(',') as ReportPeriod[]),
    reportEmails: e.REPORT_EMAIL ?? [],
    blobs: parseBlobs(e, cwd),
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
  });
}
