/** Metrics, targets, QA review and the widget's page-view beacon. */
import express, { Router, type Request, type Response } from 'express';
import {
  metricsQuerySchema,
  metricsTargetsUpdateSchema,
  qaReviewCreateSchema,
  qaReviewListQuerySchema,
  qaSampleQuerySchema,
  widgetEventSchema,
} from '../../shared/metrics';
import type { Agent } from '../../shared/model';
import type { QaService } from '../insight/qa-service';
import type { MetricsService } from '../insight/metrics-service';
import type { Prometheus } from '../insight/prometheus';
import type { Targets } from '../insight/targets';
import { createHash, timingSafeEqual } from 'node:crypto';
import { consume, type LimiterFactory } from '../security/create-limiter';
import type { Store } from '../store/store';
import { parseBody, route, sendError } from './errors';
import { requireAgent } from './require-agent';
import { z } from 'zod';
import { describeZodError } from '../util/describe-zod-error';

/** Widget beacons per address per minute: a page view and an open per page load, with room for busy offices. */
const WIDGET_EVENTS_PER_MINUTE = 120;

function parseQuery<S extends z.ZodType>(schema: S, req: Request, res: Response): z.output<S> | undefined {
  const parsed = schema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  const { code, message } = describeZodError(parsed.error);
  sendError(res, code, message);
  return undefined;
}

const siteQuery = z.object({ siteId: z.string().min(1).max(64).optional() });

export function metricsRoutes(deps: {
  store: Store;
  secret: () => string;
  now: () => number;
  metrics: MetricsService;
  targets: Targets;
  qa: QaService;
  limiters: LimiterFactory;
  prometheus: Prometheus;
  /** Bearer token for GET /metrics; null: the route is off. */
  metricsToken: string | null;
}): Router {
  const { store, secret, now, metrics, targets, qa } = deps;
  const router = Router();
  const anyAgent = requireAgent(store, secret, now);
  const supervisor = requireAgent(store, secret, now, ['supervisor', 'admin']);
  const admin = requireAgent(store, secret, now, ['admin']);
  const beacons = deps.limiters({ keyPrefix: 'widget-events', points: WIDGET_EVENTS_PER_MINUTE, duration: 60 });
  const agentOf = (res: Response) => res.locals.agent as Agent;

  /** Supervisors and admins see every figure; an agent gets their own, whatever `agent` says. */
  router.get('/api/metrics', anyAgent, route(async (req, res) => {
    const q = parseQuery(metricsQuerySchema, req, res);
    if (!q) return;
    res.json(await metrics.report(q, agentOf(res)));
  }));

  router.get('/api/metrics/targets', anyAgent, route(async (req, res) => {
    const q = parseQuery(siteQuery, req, res);
    if (!q) return;
    res.json(await targets.get(q.siteId ?? null));
  }));

  router.put('/api/metrics/targets', admin, route(async (req, res) => {
    const q = parseQuery(siteQuery, req, res);
    if (!q) return;
    const change = parseBody(metricsTargetsUpdateSchema, req, res);
    if (!change) return;
    res.json(await targets.update(q.siteId ?? null, change, agentOf(res).id));
  }));

  router.get('/api/qa/sample', supervisor, route(async (req, res) => {
    const q = parseQuery(qaSampleQuerySchema, req, res);
    if (!q) return;
    res.json({ items: await qa.sample(q) });
  }));

  router.post('/api/qa/reviews', supervisor, route(async (req, res) => {
    const body = parseBody(qaReviewCreateSchema, req, res);
    if (!body) return;
    res.status(201).json({ review: await qa.review(body, agentOf(res)) });
  }));

  router.get('/api/qa/reviews', anyAgent, route(async (req, res) => {
    const q = parseQuery(qaReviewListQuerySchema, req, res);
    if (!q) return;
    res.json({ items: await qa.list(q, agentOf(res)) });
  }));

  // sendBeacon posts text/plain: the body is read as text here and parsed as JSON.
  router.post('/api/widget/events', express.text({ type: 'text/plain', limit: '1kb' }), route(async (req, res) => {
    const refusal = await consume(beacons, req.ip ?? 'unknown');
    if (refusal) return sendError(res, 'RATE_LIMITED', 'Too many widget events.');
    let body: unknown = req.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        return sendError(res, 'INVALID_PAYLOAD', 'The body is not JSON.');
      }
    }
    const parsed = widgetEventSchema.safeParse(body ?? {});
    if (!parsed.success) return sendError(res, 'INVALID_PAYLOAD', describeZodError(parsed.error).message);
    await store.analytics.record({
      type: parsed.data.type === 'open' ? 'widget.opened' : 'widget.page_view',
      siteId: parsed.data.siteId,
      conversationId: null,
      at: now(),
    });
    res.status(204).end();
  }));

  // Prometheus scrapes with the token; without one configured the route does not exist.
  router.get('/metrics', route(async (req, res) => {
    if (deps.metricsToken === null) return sendError(res, 'NOT_FOUND', 'Not found.');
    if (!isToken(req.get('authorization') ?? '', deps.metricsToken)) return sendError(res, 'UNAUTHORIZED', 'A metrics token is required.');
    res.type(deps.prometheus.contentType).send(await deps.prometheus.render());
  }));

  return router;
}

/** Constant-time comparison of `Bearer <token>` (hashed first, so lengths do not leak either). */
function isToken(header: string, token: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}
