/**
 * A visitor's lastSeenAt is kept to a minute: nothing reads it finer, and each stamp is an UPDATE and a commit
 * on the shopper's path (a page load used to stamp it twice: the handshake, then the widget's resume).
 */
import type { Visitor } from '../../shared/model';

export const LAST_SEEN_RESOLUTION_MS = 60_000;

/** Whether `visitor`'s lastSeenAt is worth writing again at `now`. */
export function isLastSeenStale(visitor: Pick<Visitor, 'lastSeenAt'>, now: number): boolean {
  return now - visitor.lastSeenAt >= LAST_SEEN_RESOLUTION_MS;
}
