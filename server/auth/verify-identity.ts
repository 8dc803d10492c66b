/**
 * What a shopper's `identify()` proves. The retailer's backend signs the whole identity as a compact JWT
 * (HS256, with `exp`) using IDENTITY_SECRET: then id, name, e-mail and tier are all trusted. The older
 * id-only hash (hex HMAC-SHA256 of the id) still proves the id, and nothing else: name and e-mail are
 * kept as the shopper's own claims and the tier is dropped, so it cannot buy priority or the badge.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { Identity } from '../../shared/model';

/** What `identity:set` carries (already validated by identifySchema). */
export interface IdentifyClaim {
  id?: string;
  name?: string;
  email?: string;
  tier?: string;
  hash?: string;
  token?: string;
}

const claimsSchema = z.object({
  id: z.string().min(1).max(128).optional(),
  sub: z.string().min(1).max(128).optional(),
  name: z.string().max(120).optional(),
  email: z.email().max(254).optional(),
  tier: z.string().max(32).optional(),
  exp: z.number(),
});

const CANONICAL_HEX = /^[0-9a-f]{64}$/;

/** hash = lowercase hex HMAC-SHA256(id, secret), exactly 64 characters: no trailing garbage, no other spelling. */
export function verifyIdentityHash(id: string, hash: string, secret: string): boolean {
  // Buffer.from(hex) stops at the first non-hex character, so without this check "<valid hash>zz" passed.
  if (!CANONICAL_HEX.test(hash)) return false;
  const expected = createHmac('sha256', secret).update(id).digest();
  return timingSafeEqual(Buffer.from(hash, 'hex'), expected);
}

function invalidToken(cause?: unknown): AppError {
  return new AppError('UNAUTHORIZED', { message: 'The identity token is invalid or expired.', cause });
}

/**
 * Resolves the identity to store. Throws UNAUTHORIZED for a token that is present but not valid (the
 * retailer's integration is broken and should hear so); a wrong hash only leaves the identity unverified.
 */
export async function verifyIdentity(claim: IdentifyClaim, secret: string | null, now: number): Promise<Identity> {
  if (claim.token !== undefined) {
    if (!secret) throw invalidToken();
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(claim.token, new TextEncoder().encode(secret), {
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
        currentDate: new Date(now),
      }));
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) throw invalidToken(err);
      throw err;
    }
    const parsed = claimsSchema.safeParse(payload);
    const externalId = parsed.success ? (parsed.data.id ?? parsed.data.sub) : undefined;
    if (!parsed.success || !externalId) throw invalidToken();
    if (claim.id !== undefined && claim.id !== externalId) throw invalidToken();
    const c = parsed.data;
    return { externalId, name: c.name ?? null, email: c.email ?? null, tier: c.tier ?? null, verified: true, idVerified: true };
  }
  const id = claim.id ?? null;
  const idVerified = !!(id && secret && claim.hash !== undefined && verifyIdentityHash(id, claim.hash, secret));
  return { externalId: id, name: claim.name ?? null, email: claim.email ?? null, tier: null, verified: false, idVerified };
}
