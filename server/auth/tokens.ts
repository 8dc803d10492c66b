/**
 * Agent session tokens: `base64url(payload).base64url(hmac)`. Stateless so any server instance can check
 * them with the shared secret; short-lived (TOKEN_TTL_HOURS).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  agentId: string;
  exp: number;
  /** The agent's token version when signed: a bump (sign out everywhere, deactivation) revokes the token. */
  ver: number;
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
    // Tokens signed before versions existed count as version 0, which every agent starts at.
    const ver = typeof claims.ver === 'number' ? claims.ver : 0;
    return { agentId: claims.agentId, exp: claims.exp, ver };
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
