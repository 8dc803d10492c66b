import type { ClientError } from '../../../shared/errors';
import type { GapReport, KbDraft, KbDraftCreate, KbFieldError, KbIntentDoc, KbIntentSummary } from '../../../shared/kb';

/** A KB route's answer: its data, or the error with field errors for the form. */
export type KbResult<T> = { ok: true; data: T } | { ok: false; error: ClientError & { fields?: KbFieldError[] } };

export interface KbApi {
  gaps(days?: number): Promise<KbResult<GapReport>>;
  intents(query: string): Promise<KbResult<{ intents: KbIntentSummary[]; categories: { category: string; department: string }[]; canApprove: boolean }>>;
  intent(id: string): Promise<KbResult<{ intent: KbIntentDoc; category: string }>>;
  propose(draft: KbDraftCreate): Promise<KbResult<{ draft: KbDraft }>>;
  drafts(): Promise<KbResult<{ drafts: KbDraft[] }>>;
  review(id: string, action: 'approve' | 'reject' | 'rollback'): Promise<KbResult<{ draft: KbDraft }>>;
}

/** The /api/kb routes with the agent's bearer token. Never throws: the screen shows the reason. */
export function createKbApi(token: string, fetchImpl: typeof fetch = fetch): KbApi {
  async function call<T>(method: string, path: string, body?: unknown): Promise<KbResult<T>> {
    try {
      const res = await fetchImpl(path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json().catch(() => null)) as { error?: ClientError & { fields?: KbFieldError[] } } | null;
      if (res.ok) return { ok: true, data: json as T };
      return { ok: false, error: json?.error ?? { code: 'INTERNAL', message: res.statusText } };
    } catch {
      return { ok: false, error: { code: 'OFFLINE', message: 'offline' } };
    }
  }
  return {
    gaps: (days = 30) => call('GET', `/api/kb/gaps?days=${days}`),
    intents: (query) => call('GET', `/api/kb/intents?q=${encodeURIComponent(query)}`),
    intent: (id) => call('GET', `/api/kb/intents/${encodeURIComponent(id)}`),
    propose: (draft) => call('POST', '/api/kb/drafts', draft),
    drafts: () => call('GET', '/api/kb/drafts'),
    review: (id, action) => call('POST', `/api/kb/drafts/${encodeURIComponent(id)}/${action}`),
  };
}
