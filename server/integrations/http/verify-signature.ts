/**
 * What a retailer runs first on every webhook call: check `X-Parley-Signature` against the raw body.
 * Self-contained (node:crypto only) so it can be copied into a shop's backend as is.
 * Use the raw request bytes as received; re-serialised JSON would not match.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function verifySignature(opts: {
  /** The X-Parley-Signature header value. */
  header: string | undefined | null;
  /** The raw body. */
  body: string;
  secret: string;
  /** Default: the clock now. */
  nowMs?: number;
  /** Refuse timestamps further than this from now, in either direction (default 300: five minutes). */
  toleranceSeconds?: number;
}): SignatureCheck {
  if (!opts.header) return { ok: false, reason: 'missing' };
  const parts = new Map(opts.header.split(',').map((kv) => kv.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(given)) return { ok: false, reason: 'malformed' };
  const nowSeconds = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - t) > (opts.toleranceSeconds ?? 300)) return { ok: false, reason: 'stale' };
  const expected = createHmac('sha256', opts.secret).update(`${t}.${opts.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex')) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
