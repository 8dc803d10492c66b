/**
 * The one check of an agent token, for HTTP and sockets alike: signed, not expired, its agent exists and
 * is active, and it was signed at the agent's current token version (not revoked by a sign-out).
 */
import type { Agent } from '../../shared/model';
import type { Store } from '../store/store';
import { verifyToken } from './tokens';

export interface AgentSession {
  agent: Agent;
  /** When the token expires, ms since the epoch. */
  exp: number;
}

export async function authenticateAgent(token: string, store: Store, secret: string, now: number): Promise<AgentSession | null> {
  const claims = token ? verifyToken(token, secret, now) : null;
  if (!claims) return null;
  const agent = await store.agents.get(claims.agentId);
  if (!agent || !agent.isActive || agent.tokenVersion !== claims.ver) return null;
  return { agent, exp: claims.exp };
}
