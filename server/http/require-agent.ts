/** Bearer-token guard for agent/admin routes; puts the agent on `res.locals.agent`. */
import type { RequestHandler } from 'express';
import type { Agent, AgentRole } from '../../shared/model';
import { verifyToken } from '../auth/tokens';
import type { Store } from '../store/store';
import { sendError } from './errors';

export function requireAgent(store: Store, secret: () => string, now: () => number, roles?: AgentRole[]): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const claims = token ? verifyToken(token, secret(), now()) : null;
    if (!claims) return sendError(res, 'UNAUTHORIZED', 'Log in first.');
    store.agents.get(claims.agentId).then((agent: Agent | null) => {
      if (!agent) return sendError(res, 'UNAUTHORIZED', 'Log in first.');
      if (roles && !roles.includes(agent.role)) return sendError(res, 'FORBIDDEN', 'Your role cannot do this.');
      res.locals.agent = agent;
      next();
    }, next);
  };
}
