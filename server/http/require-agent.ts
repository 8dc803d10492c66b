/** Bearer-token guard for agent/admin routes; puts the agent on `res.locals.agent`. */
import type { Request, RequestHandler } from 'express';
import type { Agent, AgentRole } from '../../shared/model';
import { authenticateAgent } from '../auth/authenticate-agent';
import type { Store } from '../store/store';
import { sendError } from './errors';

/** The agent behind the request's bearer token, or null (no token, forged, expired). */
export async function authenticate(req: Request, store: Store, secret: () => string, now: () => number): Promise<Agent | null> {
  const header = req.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  return (await authenticateAgent(token, store, secret(), now()))?.agent ?? null;
}

export function requireAgent(store: Store, secret: () => string, now: () => number, roles?: AgentRole[]): RequestHandler {
  return (req, res, next) => {
    authenticate(req, store, secret, now).then((agent) => {
      if (!agent) return sendError(res, 'UNAUTHORIZED', 'Log in first.');
      if (roles && !roles.includes(agent.role)) return sendError(res, 'FORBIDDEN', 'Your role cannot do this.');
      res.locals.agent = agent;
      next();
    }, next);
  };
}
