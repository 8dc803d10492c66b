/**
 * Several instances behind a load balancer: the Redis adapter shares rooms, and this module reads the
 * cluster's view of agent sockets so presence, routing and grace periods see agents on every instance.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient, type RedisClientOptions } from 'redis';
import type { Server } from 'socket.io';
import type { Presence } from '../handoff/presence';
import type { AgentNamespace } from './agent.handlers';
import { agentRoom } from './rooms';

/** Connects the Socket.IO Redis adapter; returns a function that closes its clients. */
export async function attachRedisAdapter(io: Server, options: RedisClientOptions): Promise<() => Promise<void>> {
  const pub = createClient(options);
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  return async () => {
    await Promise.all([pub.quit(), sub.quit()]);
  };
}

/** Refreshes presence with agents connected to other instances; true when availability changed. */
export async function refreshRemotePresence(agents: AgentNamespace, presence: Presence): Promise<boolean> {
  const all = await agents.fetchSockets();
  const remote = all
    .filter((s) => !agents.sockets.has(s.id))
    .map((s) => ({ agentId: s.data.agent.id, status: s.data.status ?? 'online' }));
  return presence.setRemote(remote);
}

/** Is the agent connected to any instance (this one included)? */
export async function isConnectedAnywhere(agents: AgentNamespace, agentId: string): Promise<boolean> {
  return (await agents.in(agentRoom(agentId)).fetchSockets()).length > 0;
}
