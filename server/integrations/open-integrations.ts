import type { Logger } from 'pino';
import { createDemoIntegrations } from './demo/demo-integrations';
import { createHttpIntegrations } from './http/http-integrations';
import type { IntegrationsConfig } from './integrations-config';
import type { Integrations } from './integrations';

/**
 * Opens the configured retailer actions: the demo shop's order book, or the retailer's signed webhook.
 * The only place in the server that knows which adapter runs. The URL is logged, never the secret.
 */
export function openIntegrations(config: IntegrationsConfig, opts: { logger?: Logger; now?: () => number } = {}): Integrations {
  if (config.adapter === 'http') {
    opts.logger?.info({ integrations: 'http', url: config.url, timeoutMs: config.timeoutMs }, 'integrations: retailer webhook');
    return createHttpIntegrations({ url: config.url, secret: config.secret, timeoutMs: config.timeoutMs, logger: opts.logger, now: opts.now });
  }
  opts.logger?.info({ integrations: 'demo' }, 'integrations: demo order book (Maple & Moss)');
  return createDemoIntegrations({ now: opts.now });
}
