import type { Visitor } from '../../../shared/model';
import type { NewVisitor } from '../store';

/** The full record of a first-time visitor: anonymous until the host site identifies them. */
export function newVisitor(input: NewVisitor, id: string, now: number): Visitor {
  return {
    id,
    siteId: input.siteId,
    identity: { externalId: null, name: null, email: null, verified: false, idVerified: false, tier: null },
    locale: input.locale,
    lastAgentId: null,
    createdAt: now,
    lastSeenAt: now,
  };
}
