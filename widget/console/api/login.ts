import { clientFailure, type ClientError, type WireError } from '../../../shared/errors';
import type { Agent } from '../../../shared/model';

export type LoginResult =
  | { ok: true; token: string; agent: Agent }
  /** UNAUTHORIZED: refused credentials; OFFLINE: the server was not reached; else the server's error. */
  | { ok: false; error: ClientError };

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
    return clientFailure('OFFLINE');
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
  const wire = isWireErrorBody(body) ? body.error : null;
  const message = wire?.message ?? res.statusText;
  // A malformed form (400) is, to the agent, the same wrong email or password.
  const code = res.status === 401 || res.status === 400 ? 'UNAUTHORIZED' : (wire?.code ?? 'INTERNAL');
  return { ok: false, error: { code, message } };
}

/**
 * POST /api/auth/logout: ends this agent's sessions on the server (every tab and device), so a copied
 * token stops working at once. Best effort: the console forgets the token whatever the answer.
 */
export async function logout(token: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  try {
    await fetchImpl('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  } catch {
    // Offline: the token still expires on its own; nothing more to do here.
  }
}
