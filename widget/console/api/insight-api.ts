import { clientFailure, type ClientResult, type WireError } from '../../../shared/errors';
import type { MetricsReport, QaReviewItem, QaSampleItem, QaScores } from '../../../shared/metrics';

/**
 * The insight HTTP API (`/api/metrics`, `/api/qa/*`) with the session's bearer token. Never throws: a
 * network failure is OFFLINE, a refusal carries the server's code and message.
 */
async function call<T>(token: string, path: string, init: RequestInit = {}): Promise<ClientResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });
  } catch {
    return clientFailure('OFFLINE');
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: body as T };
  const wire = (body as { error?: WireError } | null)?.error;
  return { ok: false, error: { code: wire?.code ?? (res.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL'), message: wire?.message ?? res.statusText } };
}

const query = (params: Record<string, string | number | null | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  return q.toString();
};

export interface MetricsFilter {
  from: number;
  to: number;
  department: string | null;
  agentId: string | null;
}

/** `GET /api/metrics` for a period and filters, hours and days in this browser's time zone. */
export function fetchMetrics(token: string, f: MetricsFilter): Promise<ClientResult<MetricsReport>> {
  const q = query({ from: f.from, to: f.to, department: f.department, agent: f.agentId, utcOffsetMinutes: -new Date().getTimezoneOffset() });
  return call(token, `/api/metrics?${q}`);
}

/** `GET /api/qa/sample`: closed chats for a supervisor to review, low-rated ones included. */
export async function fetchQaSample(token: string, f: MetricsFilter): Promise<ClientResult<QaSampleItem[]>> {
  const res = await call<{ items: QaSampleItem[] }>(token, `/api/qa/sample?${query({ from: f.from, to: f.to, department: f.department, agent: f.agentId })}`);
  return res.ok ? { ok: true, data: res.data.items } : res;
}

/** `GET /api/qa/reviews`: newest first; an agent gets only reviews of their own chats. */
export async function fetchQaReviews(token: string, f: { agentId?: string | null; conversationId?: string }): Promise<ClientResult<QaReviewItem[]>> {
  const res = await call<{ items: QaReviewItem[] }>(token, `/api/qa/reviews?${query({ agent: f.agentId, conversationId: f.conversationId })}`);
  return res.ok ? { ok: true, data: res.data.items } : res;
}

/** `POST /api/qa/reviews`: the rubric's scores and a comment for one closed conversation. */
export function createQaReview(token: string, body: { conversationId: string; scores: QaScores; comment?: string }): Promise<ClientResult<unknown>> {
  return call(token, '/api/qa/reviews', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
