/**
 * The KB-gap loop and KB editing: the gap report, intents to browse, drafts to propose and review.
 * Anyone on the team may propose (an agent turns a reply into a draft); approving writes the YAML.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { kbDraftCreateSchema, kbDraftListSchema } from '../../shared/kb';
import type { Agent } from '../../shared/model';
import { gapReport } from '../analytics/gap-report';
import type { KbHolder } from '../kb-holder';
import { KbDraftInvalid, type KbEditor } from '../kb-edit/kb-editor';
import type { Store } from '../store/store';
import { parseBody, route, sendError } from './errors';
import { requireAgent } from './require-agent';

const DAY = 86_400_000;

export function kbRoutes(deps: { store: Store; kb: KbHolder; editor: KbEditor; secret: () => string; now: () => number }): Router {
  const { store, kb, editor, secret, now } = deps;
  const router = Router();
  const anyAgent = requireAgent(store, secret, now);
  // Supervisors pass this guard; the editor lets them approve only with KB_SUPERVISORS_APPROVE.
  const supervisor = requireAgent(store, secret, now, ['supervisor', 'admin']);
  const agentOf = (res: Response) => res.locals.agent as Agent;
  /** Draft validation errors go back with each field, for the form. */
  const invalid = (res: Response, err: unknown): boolean => {
    if (!(err instanceof KbDraftInvalid)) return false;
    res.status(400).json({ error: { code: err.code, message: err.message, fields: err.fields } });
    return true;
  };

  /** `?days=N` (default 30): misses grouped by similarity, and each intent's deflection rate. */
  router.get('/api/kb/gaps', supervisor, route(async (req, res) => {
    const days = Math.min(365, Math.max(1, Number(req.query.days) || 30));
    const to = now();
    res.json(await gapReport(store, kb.bot(), to - days * DAY, to));
  }));

  router.get('/api/kb/intents', anyAgent, route(async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    res.json({ intents: editor.intents(q), categories: await editor.categories(), canApprove: editor.canApprove(agentOf(res)) });
  }));

  router.get('/api/kb/intents/:id', anyAgent, route(async (req, res) => {
    const found = editor.intent(String(req.params.id));
    if (!found) return sendError(res, 'NOT_FOUND', 'No such intent.');
    res.json(found);
  }));

  router.post('/api/kb/drafts', anyAgent, route(async (req, res) => {
    const body = parseBody(kbDraftCreateSchema, req, res);
    if (!body) return;
    const agent = agentOf(res);
    // An agent proposes from a chat reply; editing the KB at large is for supervisors and admins.
    if (agent.role === 'agent' && body.source !== 'reply') return sendError(res, 'FORBIDDEN', 'Agents propose KB answers from their replies.');
    try {
      res.status(201).json({ draft: await editor.propose(agent, { ...body, source: body.source ?? 'editor' }) });
    } catch (err) {
      if (!invalid(res, err)) throw err;
    }
  }));

  router.get('/api/kb/drafts', supervisor, route(async (req, res) => {
    const query = kbDraftListSchema.safeParse(req.query);
    if (!query.success) return sendError(res, 'INVALID_PAYLOAD', 'status: must be pending, approved, rejected or rolled_back');
    res.json({ drafts: await editor.drafts(query.data.status) });
  }));

  const review = (action: 'approve' | 'reject' | 'rollback') =>
    route(async (req, res) => {
      const id = z.string().min(1).max(64).safeParse(req.params.id);
      if (!id.success) return sendError(res, 'INVALID_PAYLOAD', 'id: invalid');
      const draft = await editor[action](id.data, agentOf(res));
      res.json({ draft });
    });
  router.post('/api/kb/drafts/:id/approve', supervisor, review('approve'));
  router.post('/api/kb/drafts/:id/reject', supervisor, review('reject'));
  router.post('/api/kb/drafts/:id/rollback', supervisor, review('rollback'));

  return router;
}
