/** Health and KB reload (metrics: metrics.routes.ts; the knowledge-gap report: kb.routes.ts). */
import { Router } from 'express';
import type { KbHolder } from '../kb-holder';
import type { Presence } from '../handoff/presence';
import type { Store } from '../store/store';
import { route } from './errors';
import { authenticate, requireAgent } from './require-agent';

export function adminRoutes(deps: { store: Store; kb: KbHolder; presence: Presence; secret: () => string; now: () => number; startedAt: number }): Router {
  const { store, kb, presence, secret, now } = deps;
  const router = Router();

  // Anyone may ask whether the server is up; where the KB lives and how many agents are online is for staff.
  router.get('/api/health', route(async (req, res) => {
    if (!(await authenticate(req, store, secret, now))) return void res.json({ ok: true });
    res.json({ ok: true, store: store.kind, kb: kb.status(), agentsOnline: presence.availableAgentIds().length, uptimeMs: now() - deps.startedAt });
  }));

  router.post('/api/admin/kb/reload', requireAgent(store, secret, now, ['admin']), route(async (_req, res) => {
    res.json({ kb: await kb.reload() });
  }));

  return router;
}
