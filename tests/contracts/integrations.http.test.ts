import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpIntegrations, type HttpIntegrationsOptions } from '../../server/integrations/http/http-integrations';
import { SIGNATURE_HEADER, signRequest } from '../../server/integrations/http/sign-request';
import { actionRequestSchema, type ActionIdentity } from '../../shared/integrations';
import { describeIntegrationsContract } from './integrations.contract';
import { startTestWebhook, type TestWebhook } from './integrations/test-webhook';

describeIntegrationsContract('http', async () => {
  const hook = await startTestWebhook();
  const integrations = createHttpIntegrations({ url: hook.url, secret: hook.secret });
  return {
    integrations,
    close: async () => {
      await integrations.close();
      await hook.close();
    },
  };
});

describe('http adapter against a signed local webhook', () => {
  const ana: ActionIdentity = { type: 'email', email: 'ana@example.com' };
  const lookup = { orderNumber: '48213', identity: ana };
  const cancel = { orderNumber: '48230', identity: ana };
  const ret = { orderNumber: '47731', identity: { type: 'email', email: 'ben@example.com' } as const, items: [{ sku: 'MM-TH-402-CRM', quantity: 1 }], reason: 'wrong_size' as const };

  let hook: TestWebhook;
  beforeEach(async () => {
    hook = await startTestWebhook();
  });
  afterEach(async () => {
    await hook.close();
  });
  const adapter = (o: Partial<HttpIntegrationsOptions> = {}) => createHttpIntegrations({ url: hook.url, secret: hook.secret, backoffMs: 20, ...o });
  const post = (body: string, signature?: string) =>
    fetch(hook.url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(signature ? { [SIGNATURE_HEADER]: signature } : {}) } });

  describe('signature and replay window', () => {
    it('signs every call; the body is the documented request and cancel/return carry an idempotency key', async () => {
      const a = adapter();
      await a.orderLookup(lookup);
      await a.orderCancel(cancel);
      await a.returnRequest({ ...ret, idempotencyKey: 'ret-key-123' });
      expect(hook.received.map((c) => c.signature)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
      const [l, c, r] = hook.received.map((call) => ({ call, body: actionRequestSchema.parse(JSON.parse(call.body)) }));
      expect(l?.body).toEqual({ action: 'order.lookup', orderNumber: '48213', identity: ana, locale: 'en' });
      expect(l?.call.headers['idempotency-key']).toBeUndefined();
      expect(c?.body.action).toBe('order.cancel');
      expect(c?.call.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      expect(c?.call.headers['idempotency-key']).toBe((c?.body as { idempotencyKey: string }).idempotencyKey);
      expect(r?.call.headers['idempotency-key']).toBe('ret-key-123');
      expect(l?.call.headers['x-parley-action']).toBe('order.lookup');
      const t = Number(/t=(\d+)/.exec(String(l?.call.headers['x-parley-signature']))?.[1]);
      expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
    });

    it('the webhook refuses a tampered body, a stale or future timestamp, a wrong secret and no signature', async () => {
      const body = JSON.stringify({ action: 'order.lookup', ...lookup });
      const now = Date.now();
      expect((await post(body, signRequest(body, hook.secret, now))).status).toBe(200);
      expect((await post(body.replace('48213', '48230'), signRequest(body, hook.secret, now))).status).toBe(401);
      expect((await post(body, signRequest(body, hook.secret, now - 301_000))).status).toBe(401);
      expect((await post(body, signRequest(body, hook.secret, now + 301_000))).status).toBe(401);
      expect((await post(body, signRequest(body, 'another-secret-of-32-characters!!', now))).status).toBe(401);
      expect((await post(body)).status).toBe(401);
      expect(hook.received.map((c) => (c.signature.ok ? 'ok' : c.signature.reason))).toEqual(['ok', 'mismatch', 'stale', 'stale', 'mismatch', 'missing']);
    });

    it('a signature the retailer refuses is ACTION_FAILED, not retried, even for a lookup', async () => {
      const r = await adapter({ secret: 'not-the-shops-secret-0123456789abcdef' }).orderLookup(lookup);
      expect(r).toMatchObject({ ok: false, error: { code: 'ACTION_FAILED', message: 'HTTP 401' } });
      expect(hook.received).toHaveLength(1);
    });
  });

  describe('timeouts and retries', () => {
    it('a slow retailer is ACTION_TIMEOUT: lookups try three times, cancel and return once', async () => {
      // A retailer that answers nothing while the test runs: only the adapter's own timeout can end each attempt
      // (an elapsed-time bound instead would fail on a busy machine, not on a bug).
      hook.faults.delayMs = 60_000;
      const a = adapter({ timeoutMs: 100 });
      expect(await a.orderLookup(lookup)).toMatchObject({ ok: false, error: { code: 'ACTION_TIMEOUT' } });
      expect(hook.received).toHaveLength(3);
      expect(await a.orderCancel(cancel)).toMatchObject({ ok: false, error: { code: 'ACTION_TIMEOUT' } });
      expect(await a.returnRequest(ret)).toMatchObject({ ok: false, error: { code: 'ACTION_TIMEOUT' } });
      expect(hook.received).toHaveLength(5);
    });

    it('retries a lookup after 5xx with growing delays, and succeeds when the retailer recovers', async () => {
      hook.faults.status = { code: 503, times: 2 };
      const r = await adapter({ backoffMs: 60 }).orderLookup(lookup);
      expect(r).toMatchObject({ ok: true, data: { found: true, order: { orderNumber: '48213' } } });
      const at = hook.received.map((c) => c.at);
      expect(at).toHaveLength(3);
      expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(55);
      expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(115);
      // Each attempt is signed afresh.
      expect(new Set(hook.received.map((c) => c.signature.ok)).has(false)).toBe(false);
    });

    it('gives up on a lookup after three 5xx or 429 answers as ACTION_FAILED', async () => {
      hook.faults.status = { code: 500, times: 10 };
      expect(await adapter().orderLookup(lookup)).toMatchObject({ ok: false, error: { code: 'ACTION_FAILED', message: 'HTTP 500' } });
      expect(hook.received).toHaveLength(3);
      hook.faults.status = { code: 429, times: 1 };
      expect(await adapter().orderLookup(lookup)).toMatchObject({ ok: true });
      expect(hook.received).toHaveLength(5);
    });

    it('never retries cancel or return on 5xx, nor a lookup on 4xx', async () => {
      hook.faults.status = { code: 502, times: 10 };
      expect(await adapter().orderCancel(cancel)).toMatchObject({ ok: false, error: { code: 'ACTION_FAILED', message: 'HTTP 502' } });
      expect(await adapter().returnRequest(ret)).toMatchObject({ ok: false, error: { code: 'ACTION_FAILED' } });
      expect(hook.received).toHaveLength(2);
      hook.faults.status = { code: 400, times: 10 };
      expect(await adapter().orderLookup(lookup)).toMatchObject({ ok: false, error: { code: 'ACTION_FAILED', message: 'HTTP 400' } });
      expect(hook.received).toHaveLength(3);
    });

    it('an unreachable retailer is ACTION_FAILED after the lookup retries, never a throw', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const a = createHttpIntegrations({ url: `http://127.0.0.1:${port}/actions`, secret: hook.secret, backoffMs: 5 });
      expect(await a.orderLookup(lookup)).toMatchObject({ ok: false, error: { code: 'ACTION_FAILED', message: expect.stringMatching(/network error/) } });
    });
  });

  describe('answers that fail the schema', () => {
    it.each([
      ['an order missing its fields', JSON.stringify({ found: true, order: { orderNumber: '48213' } })],
      ['an unknown status', JSON.stringify({ found: true, order: { orderNumber: '48213', status: 'lost', isShipped: true, placedAt: '2026-01-01T00:00:00Z', currency: 'USD', total: 1, items: [{ sku: 'a', name: 'b', quantity: 1, unitPrice: 1 }] } })],
      ['not JSON', '<html>Service Unavailable</html>'],
      ['an empty body', ''],
      ['an answer over 64 KB', JSON.stringify({ found: false, padding: 'x'.repeat(70_000) })],
    ])('%s is ACTION_INVALID_RESPONSE, not retried', async (_what, raw) => {
      hook.faults.rawAnswer = raw;
      expect(await adapter().orderLookup(lookup)).toMatchObject({ ok: false, error: { code: 'ACTION_INVALID_RESPONSE' } });
      expect(hook.received).toHaveLength(1);
    });

    it('an answer about another order than the one asked for is refused', async () => {
      const other = await adapter().orderLookup({ orderNumber: '48230', identity: ana });
      if (!other.ok) throw new Error('setup');
      hook.faults.rawAnswer = JSON.stringify(other.data);
      expect(await adapter().orderLookup(lookup)).toMatchObject({ ok: false, error: { code: 'ACTION_INVALID_RESPONSE', message: expect.stringMatching(/another order/) } });
    });

    it('drops whatever a retailer adds to "not found", so a wrong pair still reveals nothing', async () => {
      hook.faults.rawAnswer = JSON.stringify({ found: false, reason: 'email_mismatch', customerName: 'Ana' });
      expect(await adapter().orderLookup(lookup)).toEqual({ ok: true, data: { found: false } });
    });

    it('a malformed request never reaches the retailer', async () => {
      expect(await adapter().orderLookup({ orderNumber: '48213', identity: { type: 'email', email: 'nope' } })).toMatchObject({ ok: false, error: { code: 'ACTION_INVALID_REQUEST' } });
      expect(hook.received).toHaveLength(0);
    });
  });
});
