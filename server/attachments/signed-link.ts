/**
 * Short-lived download links for a retailer's server: `/api/attachments/<id>/shared?exp=<unix s>&sig=<hex>`,
 * where sig is HMAC-SHA256 over "<id>.<exp>" with a key derived from the server secret. Whoever holds the link
 * may fetch that one file until `exp`, without a Parley login. The key is Parley's own, not ACTIONS_SECRET:
 * the retailer knows that one and could otherwise mint links to any file.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Separates these MACs from the agent tokens signed with the same server secret. */
const PURPOSE = 'parley:attachment-link:v1';

const mac = (secret: string, id: string, exp: number): Buffer =>
  createHmac('sha256', createHmac('sha256', secret).update(PURPOSE).digest()).update(`${id}.${exp}`).digest();

/** The link's path and query for attachment `id`, valid until `expiresAt` (epoch ms, rounded down to seconds). */
export function signAttachmentLink(secret: string, id: string, expiresAt: number): string {
  const exp = Math.floor(expiresAt / 1000);
  return `/api/attachments/${encodeURIComponent(id)}/shared?exp=${exp}&sig=${mac(secret, id, exp).toString('hex')}`;
}

/** Why a link is refused, or null when it is good at `now` (epoch ms). `maxAgeMs` caps how far ahead `exp` may be. */
export function checkAttachmentLink(
  secret: string,
  id: string,
  query: { exp?: unknown; sig?: unknown },
  now: number,
  maxAgeMs: number,
): 'malformed' | 'bad-signature' | 'expired' | null {
  const { exp, sig } = query;
  if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp) || typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return 'malformed';
  const expected = mac(secret, id, Number(exp));
  if (!timingSafeEqual(Buffer.from(sig, 'hex'), expected)) return 'bad-signature';
  const expiresAt = Number(exp) * 1000;
  // A link from the future beyond the longest lifetime we issue was not made by this server's rules.
  if (expiresAt <= now || expiresAt > now + maxAgeMs + 1000) return 'expired';
  return null;
}
