import { createHmac } from 'node:crypto';
import { signRequest } from '../../../server/integrations/http/sign-request';
import { verifySignature } from '../../../server/integrations/http/verify-signature';

const secret = 'shop-secret-0123456789abcdef-0123456789';
const body = '{"action":"order.lookup","orderNumber":"48213"}';
const NOW = 1_770_000_000_000;

describe('signRequest / verifySignature', () => {
  test('is t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">, as the README documents', () => {
    const t = Math.floor(NOW / 1000);
    expect(signRequest(body, secret, NOW)).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  });

  test('accepts its own signature inside the five-minute window, either side of now', () => {
    const header = signRequest(body, secret, NOW);
    expect(verifySignature({ header, body, secret, nowMs: NOW })).toEqual({ ok: true });
    expect(verifySignature({ header, body, secret, nowMs: NOW + 299_000 })).toEqual({ ok: true });
    expect(verifySignature({ header, body, secret, nowMs: NOW - 299_000 })).toEqual({ ok: true });
  });

  test.each([
    ['no header', undefined, body, NOW, 'missing'],
    ['garbage', 'v1=abc', body, NOW, 'malformed'],
    ['a short MAC', `t=${NOW / 1000},v1=abcd`, body, NOW, 'malformed'],
    ['a replay after the window', signRequest(body, secret, NOW), body, NOW + 301_000, 'stale'],
    ['a timestamp from the future', signRequest(body, secret, NOW + 301_000), body, NOW, 'stale'],
    ['a changed body', signRequest(body, secret, NOW), body.replace('48213', '48214'), NOW, 'mismatch'],
    ['another secret', signRequest(body, 'another-secret', NOW), body, NOW, 'mismatch'],
    ['a moved timestamp', signRequest(body, secret, NOW).replace(/t=\d+/, `t=${NOW / 1000 + 1}`), body, NOW, 'mismatch'],
  ])('refuses %s', (_what, header, b, nowMs, reason) => {
    expect(verifySignature({ header, body: b, secret, nowMs })).toEqual({ ok: false, reason });
  });
});
