import { createHmac } from 'node:crypto';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'X-Parley-Signature';

/**
 * Signs a webhook body with the site secret. The timestamp is inside the MAC, so a captured request cannot be
 * replayed once it is older than the retailer's window (5 minutes, see verify-signature.ts).
 */
export function signRequest(body: string, secret: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
