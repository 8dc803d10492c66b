/**
 * A retailer's webhook as server/integrations/README.md documents it, on 127.0.0.1 and an ephemeral port:
 * it verifies the signature and replay window first, validates the request with the shared schema, then
 * answers from its own order book (the demo shop's, so both adapters run the same contract). Tests bend it
 * through `faults` (slow answers, 5xx, broken JSON) and read what arrived in `received`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { actionRequestSchema, type ActionResult } from '../../../shared/integrations';
import { createDemoIntegrations } from '../../../server/integrations/demo/demo-integrations';
import { SIGNATURE_HEADER } from '../../../server/integrations/http/sign-request';
import { verifySignature, type SignatureCheck } from '../../../server/integrations/http/verify-signature';

export interface WebhookFaults {
  /** Answer the next `times` requests with this status (after the signature check). */
  status?: { code: number; times: number };
  /** Wait this long before answering each request. */
  delayMs?: number;
  /** Answer every request with this body and status 200 instead of the order book's answer. */
  rawAnswer?: string;
}

export interface ReceivedCall {
  at: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  signature: SignatureCheck;
}

export interface TestWebhook {
  url: string;
  secret: string;
  faults: WebhookFaults;
  received: ReceivedCall[];
  close(): Promise<void>;
}

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';

export async function startTestWebhook(opts: { secret?: string; now?: () => number } = {}): Promise<TestWebhook> {
  const secret = opts.secret ?? WEBHOOK_SECRET;
  const book = createDemoIntegrations({ now: opts.now });
  const faults: WebhookFaults = {};
  const received: ReceivedCall[] = [];

  const answer = async (raw: string): Promise<{ status: number; body: string }> => {
    const parsed = actionRequestSchema.safeParse(safeJson(raw));
    if (!parsed.success) return { status: 400, body: JSON.stringify({ error: 'invalid request' }) };
    const req = parsed.data;
    let result: ActionResult<unknown>;
    if (req.action === 'order.lookup') result = await book.orderLookup(req);
    else if (req.action === 'order.cancel') result = await book.orderCancel(req);
    else result = await book.returnRequest(req);
    return result.ok ? { status: 200, body: JSON.stringify(result.data) } : { status: 500, body: '{}' };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
        const signature = verifySignature({ header: typeof header === 'string' ? header : undefined, body, secret });
        received.push({ at: Date.now(), headers: req.headers, body, signature });
        const send = (status: number, text: string) => {
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json' }).end(text);
        };
        if (!signature.ok) return send(401, JSON.stringify({ error: `signature ${signature.reason}` }));
        if (faults.delayMs) await sleep(faults.delayMs, undefined, { ref: false });
        if (faults.status && faults.status.times > 0) {
          faults.status.times -= 1;
          return send(faults.status.code, JSON.stringify({ error: 'injected' }));
        }
        if (faults.rawAnswer !== undefined) return send(200, faults.rawAnswer);
        const { status, body: out } = await answer(body);
        send(status, out);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/parley/actions`,
    secret,
    faults,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await book.close();
    },
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
