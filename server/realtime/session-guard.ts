/**
 * Agent sockets live no longer than their session: a sweep drops each socket whose token has expired
 * (by the app's clock, checked every second), and every socket of an agent is dropped when they sign
 * out or are deactivated (on every instance: the Redis adapter carries disconnectSockets).
 */
import type { Bus } from '../domain/bus';
import type { AgentNamespace } from './agent.handlers';
import { agentRoom } from './rooms';

const SWEEP_MS = 1000;

export function guardAgentSessions(nsp: AgentNamespace, bus: Bus, now: () => number): () => void {
  const timer = setInterval(() => {
    const t = now();
    for (const socket of nsp.sockets.values()) if (socket.data.tokenExp <= t) socket.disconnect(true);
  }, SWEEP_MS);
  timer.unref();
  const off = bus.on('agent.signed_out', ({ agentId }) => {
    nsp.in(agentRoom(agentId)).disconnectSockets(true);
  });
  return () => {
    clearInterval(timer);
    off();
  };
}
