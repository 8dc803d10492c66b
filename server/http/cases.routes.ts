/**
 * Cases over HTTP for agents (reports, scripts, a console page load): the same list and detail as the socket
 * commands, with the same access rules (cases/agent-cases.ts). Filters are query parameters; lists are
 * comma-separated (`?status=new,open&priority=A&mine=true`).
 */
import { Router } from 'express';
import { z } from 'zod';
import { agentCaseListSchema, caseRefSchema } from '../../shared/cases';
import type { Agent } from '../../shared/model';
import type { AgentCases } from '../cases/agent-cases';
import type { Store } from '../store/store';
import { describeZodError } from '../util/describe-zod-error';
import { route, sendError } from './errors';
import { requireAgent } from './require-agent';

const list = (v: unknown) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v);
const int = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);
const bool = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : v);

/** Query strings to the socket command's payload, then its schema decides. */
const querySchema = z
  .object({
    status: z.preprocess(list, z.unknown()),
    priority: z.preprocess(list, z.unknown()),
    dueBefore: z.preprocess(int, z.unknown()),
    limit: z.preprocess(int, z.unknown()),
    mine: z.preprocess(bool, z.unknown()),
    department: z.unknown(),
    tier: z.unknown(),
  })
  .partial()
  .strict()
  .pipe(agentCaseListSchema);

export function casesRoutes(deps: { store: Store; secret: () => string; now: () => number; cases: AgentCases }): Router {
  const { store, secret, now, cases } = deps;
  const router = Router();
  const agentOnly = requireAgent(store, secret, now);

  router.get('/api/cases', agentOnly, route(async (req, res) => {
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) {
      const { code, message } = describeZodError(parsed.error);
      return sendError(res, code, message);
    }
    res.json(await cases.list(res.locals.agent as Agent, parsed.data));
  }));

  router.get('/api/cases/:id', agentOnly, route(async (req, res) => {
    const parsed = caseRefSchema.safeParse({ caseId: req.params.id });
    if (!parsed.success) return sendError(res, 'INVALID_PAYLOAD', 'Not a case id.');
    res.json(await cases.get(res.locals.agent as Agent, parsed.data.caseId));
  }));

  return router;
}
