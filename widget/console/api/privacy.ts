/**
 * The admin privacy API (server/http/privacy.routes.ts) for the console's "Export data" and "Erase data":
 * everything stored about one shopper, found by the retailer's customer id when the shopper is identified
 * (every device they used) or else by the visitor id. Never throws: the panel shows the reason.
 */
import { clientFailure, type ClientResult, type WireError } from '../../../shared/errors';

export interface ShopperRef {
  visitorId?: string;
  customerId?: string;
}

function query(ref: ShopperRef): string {
  const p = new URLSearchParams();
  if (ref.customerId !== undefined) p.set('customerId', ref.customerId);
  else if (ref.visitorId !== undefined) p.set('visitorId', ref.visitorId);
  return p.toString();
}

async function call(method: 'GET' | 'DELETE', path: string, token: string, fetchImpl: typeof fetch): Promise<ClientResult<Response>> {
  let res: Response;
  try {
    res = await fetchImpl(path, { method, headers: { authorization: `Bearer ${token}` } });
  } catch {
    return clientFailure('OFFLINE');
  }
  if (res.ok) return { ok: true, data: res };
  let wire: WireError | null = null;
  try {
    wire = ((await res.json()) as { error?: WireError }).error ?? null;
  } catch {
    wire = null;
  }
  return { ok: false, error: { code: wire?.code ?? 'INTERNAL', message: wire?.message ?? res.statusText } };
}

/** GET /api/admin/privacy/export: the shopper's data as a JSON file's text. */
export async function exportShopperData(token: string, ref: ShopperRef, fetchImpl: typeof fetch = fetch): Promise<ClientResult<string>> {
  const res = await call('GET', `/api/admin/privacy/export?${query(ref)}`, token, fetchImpl);
  return res.ok ? { ok: true, data: await res.data.text() } : res;
}

/** DELETE /api/admin/privacy: erases the shopper's data; resolves with what was deleted (counts). */
export async function eraseShopperData(token: string, ref: ShopperRef, fetchImpl: typeof fetch = fetch): Promise<ClientResult<unknown>> {
  const res = await call('DELETE', `/api/admin/privacy?${query(ref)}`, token, fetchImpl);
  return res.ok ? { ok: true, data: ((await res.data.json()) as { deleted: unknown }).deleted } : res;
}
