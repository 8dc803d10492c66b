import type { WireError } from '../../../shared/errors';
import type { Agent } from '../../../shared/model';

export type LoginResult =
  | { ok: true; token: string; agent: Agent }
  | { ok: false; reason: 'unauthorized' | 'network' | 'server'; message: string };

function isWireErrorBody(body: unknown): body is { error: WireError } {
  if (typeof body !== 'object' || body === null) return false;
  const e = (body as { error?: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as WireError).message === 'string';
}

/** POST /api/auth/login. Never throws: the login form shows the reason. */
export async function login(email: string, password: string, fetchImpl: typeof fetch = fetch): Promise<LoginResult> {
  let res: Response;
  try {
    res = await fetchImpl('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    return { ok: false, reason: 'network', message: '' };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (res.ok && typeof body === 'object' && body !== null && typeof (body as { token?: unknown }).token === 'string') {
    const b = body as { token: string; agent: Agent };
    return { ok: true, token: b.token, agent: b.agent };
  }
  const message = isWireErrorBody(body) ? body.error.message : res.statusText;
  return { ok: false, reason: res.status === 401 || res.status === 400 ? 'unauthorized' : 'server', message };
}
