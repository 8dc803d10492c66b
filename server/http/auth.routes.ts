/** Agent login and agent management. Wrong passwords are slowed down per address and e-mail. */
import { Router } from 'express';
import { createAgentSchema, loginSchema } from '../../shared/schemas';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { signToken } from '../auth/tokens';
import type { Store } from '../store/store';
import { parseBody, route, sendError } from './errors';
import { requireAgent } from './require-agent';

const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;

export function authRoutes(deps: { store: Store; secret: () => string; tokenTtlMs: number; now: () => number }): Router {
  const { store, secret, now } = deps;
  const failures = new Map<string, { count: number; since: number }>();
  const router = Router();

  router.post('/api/auth/login', route(async (req, res) => {
    const body = parseBody(loginSchema, req, res);
    if (!body) return;
    const key = `${req.ip}|${body.email.toLowerCase()}`;
    const seen = failures.get(key);
    if (seen && now() - seen.since < FAILURE_WINDOW_MS && seen.count >= MAX_FAILURES) {
      return sendError(res, 'RATE_LIMITED', 'Too many failed logins. Try again in a few minutes.');
    }
    const found = await store.agents.getCredentials(body.email);
    // Verify against a dummy hash when the e-mail is unknown so timing does not reveal which e-mails exist.
    const valid = found
      ? await verifyPassword(body.password, found.passwordHash)
      : (await verifyPassword(body.password, DUMMY_HASH), false);
    if (!found || !valid) {
      const fresh = !seen || now() - seen.since >= FAILURE_WINDOW_MS;
      failures.set(key, { count: fresh ? 1 : seen.count + 1, since: fresh ? now() : seen.since });
      return sendError(res, 'UNAUTHORIZED', 'Wrong e-mail or password.');
    }
    failures.delete(key);
    const token = signToken({ agentId: found.agent.id, exp: now() + deps.tokenTtlMs }, secret());
    res.json({ token, agent: found.agent });
  }));

  router.get('/api/auth/me', requireAgent(store, secret, now), (_req, res) => {
    res.json({ agent: res.locals.agent });
  });

  router.post('/api/agents', requireAgent(store, secret, now, ['admin']), route(async (req, res) => {
    const body = parseBody(createAgentSchema, req, res);
    if (!body) return;
    const { password, ...rest } = body;
    const agent = await store.agents.create({ ...rest, passwordHash: await hashPassword(password) });
    res.status(201).json({ agent });
  }));

  router.get('/api/agents', requireAgent(store, secret, now), route(async (_req, res) => {
    res.json({ agents: await store.agents.list() });
  }));

  return router;
}

// scrypt of a random string: only its cost matters.
const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
