import { createHash, timingSafeEqual } from 'node:crypto';
import type { ActionIdentity } from '../../../shared/integrations';
import type { DemoOrder } from './seed-demo-orders';

const digest = (kind: string, value: string): Buffer => createHash('sha256').update(`${kind}:${value}`).digest();
const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Stands in for a missing order so a miss costs the same hashing and comparison as a wrong e-mail. */
const NOBODY = { email: 'nobody@invalid', customerId: '\u0000' };

/**
 * Whether `identity` owns `order`, doing identical work whether the order exists, the e-mail is wrong or it
 * matches (hash both sides, compare in constant time), so timing does not tell a wrong pair from a missing order.
 */
export function ownsOrder(order: DemoOrder | undefined, identity: ActionIdentity): boolean {
  const owner = order ?? NOBODY;
  const [given, expected] =
    identity.type === 'email'
      ? [digest('email', normaliseEmail(identity.email)), digest('email', normaliseEmail(owner.email))]
      : [digest('customer', identity.customerId), digest('customer', owner.customerId)];
  return timingSafeEqual(given, expected) && order !== undefined;
}
