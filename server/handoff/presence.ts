/**
 * Who is connected and available. An agent with at least one socket is connected; `away` agents keep their
 * chats but get no new ones. When the last socket drops, a grace timer starts: if the agent does not come
 * back in time, `onGraceExpired` fires and their chats go back to the queue. Agents connected to other
 * server instances are learnt through `setRemote` (the app refreshes it from Socket.IO's cluster view).
 */
import type { PresenceStatus } from '../../shared/model';

export interface PresenceEntry {
  agentId: string;
  status: PresenceStatus;
  sockets: Set<string>;
  lastAssignedAt: number;
}

export interface Presence {
  connect(agentId: string, socketId: string, now: number): void;
  disconnect(agentId: string, socketId: string): void;
  setStatus(agentId: string, status: 'online' | 'away'): void;
  status(agentId: string): PresenceStatus;
  /** Connected and online: may receive new chats. */
  isAvailable(agentId: string): boolean;
  availableAgentIds(): string[];
  entries(): PresenceEntry[];
  markAssigned(agentId: string, now: number): void;
  /** Agents connected to other instances; returns true when availability changed. */
  setRemote(agents: { agentId: string; status: 'online' | 'away' }[]): boolean;
  /** Cancels grace timers and ignores later disconnects (shutdown). */
  stop(): void;
}

export function createPresence(opts: {
  graceMs: number;
  onChange(agentId: string): void;
  onGraceExpired(agentId: string): void;
}): Presence {
  const byAgent = new Map<string, PresenceEntry>();
  const timers = new Map<string, NodeJS.Timeout>();
  let remote = new Map<string, 'online' | 'away'>();
  const localAvailable = () => [...byAgent.values()].filter((e) => e.status === 'online' && e.sockets.size > 0).map((e) => e.agentId);
  // Once stopped (shutdown), disconnects are ours, not the agents': they must not requeue anyone's chats.
  let stopped = false;

  const clearGrace = (agentId: string) => {
    const t = timers.get(agentId);
    if (t) clearTimeout(t);
    timers.delete(agentId);
  };

  return {
    connect(agentId, socketId, now) {
      clearGrace(agentId);
      const entry = byAgent.get(agentId);
      if (entry) {
        entry.sockets.add(socketId);
        if (entry.status === 'offline') entry.status = 'online';
      } else {
        byAgent.set(agentId, { agentId, status: 'online', sockets: new Set([socketId]), lastAssignedAt: now });
      }
      opts.onChange(agentId);
    },
    disconnect(agentId, socketId) {
      const entry = byAgent.get(agentId);
      if (!entry || stopped) return;
      entry.sockets.delete(socketId);
      if (entry.sockets.size > 0) return;
      opts.onChange(agentId);
      clearGrace(agentId);
      const expire = () => {
        timers.delete(agentId);
        if (entry.sockets.size > 0) return;
        entry.status = 'offline';
        opts.onChange(agentId);
        opts.onGraceExpired(agentId);
      };
      if (opts.graceMs <= 0) expire();
      else timers.set(agentId, setTimeout(expire, opts.graceMs));
    },
    setStatus(agentId, status) {
      const entry = byAgent.get(agentId);
      if (!entry || entry.status === status) return;
      entry.status = status;
      opts.onChange(agentId);
    },
    status(agentId) {
      const entry = byAgent.get(agentId);
      if (entry && entry.sockets.size > 0) return entry.status;
      return remote.get(agentId) ?? entry?.status ?? 'offline';
    },
    isAvailable(agentId) {
      const entry = byAgent.get(agentId);
      if (entry && entry.status === 'online' && entry.sockets.size > 0) return true;
      return remote.get(agentId) === 'online';
    },
    availableAgentIds() {
      const ids = new Set(localAvailable());
      for (const [agentId, status] of remote) if (status === 'online') ids.add(agentId);
      return [...ids];
    },
    setRemote(agents) {
      const next = new Map<string, 'online' | 'away'>();
      // An agent online on any instance counts as online.
      for (const a of agents) if (next.get(a.agentId) !== 'online') next.set(a.agentId, a.status);
      const changed = next.size !== remote.size || [...next].some(([id, status]) => remote.get(id) !== status);
      remote = next;
      return changed;
    },
    entries() {
      return [...byAgent.values()];
    },
    markAssigned(agentId, now) {
      const entry = byAgent.get(agentId);
      if (entry) entry.lastAssignedAt = now;
    },
    stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
