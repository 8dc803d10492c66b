/**
 * The only reader of process.env. `loadConfig(env)` is pure: it validates every variable, applies defaults,
 * and throws naming the variable when one is malformed, so a bad deployment fails at start, not mid-chat.
 */
import path from 'node:path';
import { z } from 'zod';
import { LOCALES, PRIORITIES, type Locale, type Priority } from '../shared/model';
import { parseSchedule, type Schedule } from './domain/business-hours';
import { loadIntegrationsConfig, type IntegrationsConfig } from './integrations/integrations-config';

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
  logLevel: string;
  demoAgent: { email: string; password: string | null; name: string };
  /** HMAC key retailers use to sign `identify()` calls; unset means identities are never "verified". */
  identitySecret: string | null;
  buildOnStart: boolean;
  departments: DepartmentConfig[];
  /** Where ticket replies are e-mailed: 'none' (off) or 'log' (written to the log, for development). */
  mailTransport: 'none' | 'log';
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
}

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
  MAIL_TRANSPORT: z.enum(['none', 'log']).default('none'),
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
});

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
    logLevel: e.LOG_LEVEL,
    demoAgent: { email: e.DEMO_AGENT_EMAIL, password: e.DEMO_AGENT_PASSWORD ?? null, name: e.DEMO_AGENT_NAME },
    identitySecret: e.IDENTITY_SECRET ?? null,
    buildOnStart: e.BUILD_ON_START === 'true',
    departments: parseDepartments(e.DEPARTMENTS, parseHours(e.BUSINESS_HOURS), parseNames(e.DEPARTMENT_NAMES)),
    mailTransport: e.MAIL_TRANSPORT,
    slaMs,
    agentGraceMs: e.AGENT_GRACE_SECONDS * 1000,
    alertIntervalMs: e.ALERT_INTERVAL_SECONDS * 1000,
    tokenTtlMs: e.TOKEN_TTL_HOURS * 3_600_000,
    botIdleCloseMs: e.BOT_IDLE_CLOSE_MINUTES * 60_000,
    commandsPerIpPerMinute: e.COMMANDS_PER_IP_PER_MINUTE,
    loginAttemptsPerIp: e.LOGIN_ATTEMPTS_PER_IP,
    retentionDays: e.RETENTION_DAYS ?? null,
    integrations: loadIntegrationsConfig(env),
  });
}
