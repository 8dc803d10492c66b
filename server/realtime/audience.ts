/**
 * Whether an emit would reach anyone, so that a packet nobody hears is not built at all. In a busy hour most
 * per-message emits go to empty rooms (the agents' rooms of a chat nobody opened, the sender's other tabs when
 * there is one tab), and Socket.IO JSON-encodes a packet before it looks at who is in the rooms: three encodes
 * of every shopper message and bot answer went to nobody.
 *
 * Only a lone instance can answer: once a cluster adapter (Redis, cluster.ts) replaces the in-memory one, the
 * other instances' sockets are unknown here and every emit goes out as before.
 */
import type { Namespace } from 'socket.io';

/** True unless no socket but `except` (a socket id) is in any of `rooms`. */
export type HasAudience = (rooms: string | readonly string[], except?: string) => boolean;

export function audienceOf(nsp: Pick<Namespace, 'adapter'>): HasAudience {
  // The adapter Socket.IO made with the namespace: an instance's own. io.adapter(...) replaces it with another class.
  const lone = nsp.adapter.constructor;
  return (rooms, except) => {
    const { adapter } = nsp;
    if (adapter.constructor !== lone) return true;
    for (const room of typeof rooms === 'string' ? [rooms] : rooms) {
      const members = adapter.rooms.get(room);
      if (members && (except === undefined || members.size > 1 || !members.has(except))) return true;
    }
    return false;
  };
}
