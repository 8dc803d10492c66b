/**
 * Agent session tokens: `base64url(payload).base64url(hmac)`. Stateless so any server instance can check
 * them with the shared secret; short-lived (TOKEN_TTL_HOURS).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  agentId: string;
  exp: number;
}

export function signToken(claims: TokenClaims, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** Returns the claims, or null when the token is malformed, forged or expired. */
export function verifyToken(token: string, secret: string, now = Date.now()): TokenClaims | null {
  const [body, mac] = token.split('.');
  if (!body || !mac) return null;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenClaims>;
    if (typeof claims.agentId !== 'string' || typeof claims.exp !== 'number' || claims.exp <= now) return null;
    return { agentId: claims.agentId, exp: claims.exp };
  } catch {
    return null;
  }
}

/** A new random visitor token (what the widget keeps) and the hash we store instead of it. */
export function newVisitorToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashVisitorToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Checks a retailer-signed identity: hash = hex HMAC-SHA256(id, IDENTITY_SECRET). */
export function verifyIdentityHash(id: string, hash: string, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(id).digest();
  const given = Buffer.from(hash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
