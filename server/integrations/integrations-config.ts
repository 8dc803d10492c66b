/**
 * The retailer-actions settings, read from the environment by a pure function (server/config.ts calls it).
 * A malformed value throws an Error whose message starts with the variable's name, so startup fails clearly.
 */
import { z } from 'zod';

export type IntegrationsConfig =
  | { adapter: 'demo' }
  | { adapter: 'http'; url: string; secret: string; timeoutMs: number };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** zod runs refinements even after `.url()` failed, so this tolerates text that is not a URL. */
function isSecureUrl(raw: string): boolean {
  if (!URL.canParse(raw)) return false;
  const url = new URL(raw);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

const envSchema = z.object({
  ACTIONS_ADAPTER: z.enum(['demo', 'http']).default('demo'),
  ACTIONS_URL: z
    .url()
    // The body carries shoppers' e-mails and order numbers: only TLS, except to a webhook on this machine.
    .refine(isSecureUrl, 'must be https:// (http:// only for localhost)')
    .optional(),
  ACTIONS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACTIONS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(4000),
});

export function loadIntegrationsConfig(env: Record<string, string | undefined>): IntegrationsConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${String(issue?.path[0] ?? 'ACTIONS')}: ${issue?.message ?? 'invalid'}`);
  }
  const e = parsed.data;
  if (e.ACTIONS_ADAPTER === 'demo') return Object.freeze({ adapter: 'demo' });
  if (!e.ACTIONS_URL) throw new Error('ACTIONS_URL: required when ACTIONS_ADAPTER=http');
  if (!e.ACTIONS_SECRET) throw new Error('ACTIONS_SECRET: required when ACTIONS_ADAPTER=http');
  return Object.freeze({ adapter: 'http', url: e.ACTIONS_URL, secret: e.ACTIONS_SECRET, timeoutMs: e.ACTIONS_TIMEOUT_MS });
}
