/**
 * Agent login and agent management. Every login attempt is counted per account and per address before
 * the (slow) password check, so parallel guesses cannot all slip in while the first ones are checked.
 */
import { Router, type Response } from 'express';
import type { Agent } from '../../shared/model';
import { createAgentSchema, loginSchema } from '../../shared/schemas';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { signToken } from '../auth/tokens';
import { consume, type LimiterFactory, type Refusal } from '../security/create-limiter';
import type { Bus } from '../domain/bus';
import type { Store } from '../store/store';
import { parseBody, route, sendError } from './errors';
import { requireAgent } from './require-agent';

/** Attempts allowed per account in one window (per address: LOGIN_ATTEMPTS_PER_IP). */
const PER_ACCOUNT = 10;
const WINDOW_SECONDS = 15 * 60;

function refuse(res: Response, refusal: Refusal): void {
  res.set('Retry-After', String(refusal.retryAfterSeconds));
  sendError(res, 'RATE_LIMITED', 'Too many failed logins. Try again in a few minutes.');
}

export function authRoutes(deps: {
  store: Store;
  secret: () => string;
  tokenTtlMs: number;
  now: () => number;
  limiters: LimiterFactory;
  bus: Bus;
  attemptsPerAddress: number;
}): Router {
  const { store, secret, now } = deps;
  const perAccount = deps.limiters({ keyPrefix: 'login-account', points: PER_ACCOUNT, duration: WINDOW_SECONDS });
  const perAddress = deps.limiters({ keyPrefix: 'login-address', points: deps.attemptsPerAddress, duration: WINDOW_SECONDS });
  const router = Router();

  router.post('/api/auth/login', route(async (req, res) => {
    const body = parseBody(loginSchema, req, res);
    if (!body) return;
    const account = body.email.toLowerCase();
    const address = req.ip ?? 'unknown';
    // Take the attempt first (a synchronous step in memory, atomic in Redis), check the password after.
    const refusal = (await consume(perAddress, address)) ?? (await consume(perAccount, account));
    if (refusal) return refuse(res, refusal);
    const found = await store.agents.getCredentials(body.email);
    // Verify against a dummy hash when the e-mail is unknown so timing does not reveal which e-mails exist.
    const valid = found
      ? await verifyPassword(body.password, found.passwordHash)
      : (await verifyPassword(body.password, DUMMY_HASH), false);
    // A deactivated agent gets the same answer as a wrong password: no hint that the account exists.
    if (!found || !valid || !found.agent.isActive) return sendError(res, 'UNAUTHORIZED', 'Wrong e-mail or password.');
    // A right password gives its attempt back, so an office of agents behind one address is not locked out.
    await Promise.all([perAddress.reward(address, 1), perAccount.reward(account, 1)]);
    const token = signToken({ agentId: found.agent.id, exp: now() + deps.tokenTtlMs, ver: found.agent.tokenVersion }, secret());
    res.json({ token, agent: found.agent });
  }));

  /**
   * Signs the agent out everywhere: bumping the token version revokes every token they hold (tokens are
   * stateless, so one alone cannot be revoked without a deny-list), and their open sockets are dropped.
   */
  router.post('/api/auth/logout', requireAgent(store, secret, now), route(async (_req, res) => {
    const agent = res.locals.agent as Agent;
    await store.agents.bumpTokenVersion(agent.id);
    deps.bus.emit('agent.signed_out', { agentId: agent.id });
    res.status(204).end();
  }));

  /** An admin deactivates (or reactivates) an agent: no more logins, every session ended at once. */
  const setActive = (isActive: boolean) =>
    route(async (req, res) => {
      const id = String(req.params.id);
      const me = res.locals.agent as Agent;
      if (!isActive && id === me.id) return sendError(res, 'INVALID_STATE', 'You cannot deactivate yourself.');
      const agent = await store.agents.update(id, { isActive });
      if (!agent) return sendError(res, 'NOT_FOUND', 'No such agent.');
      if (!isActive) {
        await store.agents.bumpTokenVersion(id);
        deps.bus.emit('agent.signed_out', { agentId: id });
      }
      res.json({ agent: { ...agent, isActive } });
    });
  router.post('/api/agents/:id/deactivate', requireAgent(store, secret, now, ['admin']), setActive(false));
  router.post('/api/agents/:id/activate', requireAgent(store, secret, now, ['admin']), setActive(true));

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
