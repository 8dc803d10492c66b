/** The one pino logger factory: structured JSON in production, quiet in tests. */
import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'parley' }, redact: ['req.headers.authorization', '*.password', '*.token'] });
}

export type { Logger };
