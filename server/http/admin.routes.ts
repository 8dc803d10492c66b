/** Health, metrics and KB reload (the knowledge-gap report is in kb.routes.ts). */
import { Router } from 'express';
import type { KbHolder } from '../kb-holder';
import type { Presence } from '../handoff/presence';
import type { Store } from '../store/store';
import { route } from './errors';
import { authenticate, requireAgent } from './require-agent';

const DAY = 86_400_000;

export function adminRoutes(deps: { store: Store; kb: KbHolder; presence: Presence; secret: () => string; now: () => number; startedAt: number }): Router {
  const { store, kb, presence, secret, now } = deps;
  const router = Router();
  const supervisor = requireAgent(store, secret, now, ['supervisor', 'admin']);

  // Anyone may ask whether the server is up; where the KB lives and how many agents are online is for staff.
  router.get('/api/health', route(async (req, res) => {
    if (!(await authenticate(req, store, secret, now))) return void res.json({ ok: true });
    res.json({ ok: true, store: store.kind, kb: kb.status(), agentsOnline: presence.availableAgentIds().length, uptimeMs: now() - deps.startedAt });
  }));

  /** `?days=N` (default 7): counts, averages and rates for the dashboard. */
  router.get('/api/metrics', supervisor, route(async (req, res) => {
    const days = Math.min(365, Math.max(1, Number(req.query.days) || 7));
    const to = now();
    const from = to - days * DAY;
    const [counts, averages] = await Promise.all([store.analytics.counts(from, to), store.analytics.averages(from, to)]);
    const botTurns = (counts['bot.answered'] ?? 0) + (counts['bot.clarified'] ?? 0) + (counts['bot.fallback'] ?? 0) + (counts['handoff.requested'] ?? 0);
    const started = counts['conversation.started'] ?? 0;
    // Bot-only chats that closed idle, less those the shopper rated badly.
    const botResolved = Math.max(0, (counts['bot.resolved'] ?? 0) - (counts['bot.rated_badly'] ?? 0));
    res.json({
      from,
      to,
      counts,
      averages,
      botResolved,
      rates: {
        botResolutionRate: started ? botResolved / started : null,
        botAnswerRate: botTurns ? (counts['bot.answered'] ?? 0) / botTurns : null,
        handoffRate: started ? (counts['handoff.requested'] ?? 0) / started : null,
      },
    });
  }));

  router.post('/api/admin/kb/reload', requireAgent(store, secret, now, ['admin']), route(async (_req, res) => {
    res.json({ kb: await kb.reload() });
  }));

  return router;
}
