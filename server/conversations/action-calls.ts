/**
 * The calls an action dialogue makes to the retailer's systems, with the shopper's identity, turned into what
 * the bot says: a card, a refusal, "not found", or a failure code. Never throws (the port does not either).
 */
import type { ActionErrorCode, ActionIdentity, ReturnPhoto, ReturnReason } from '../../shared/integrations';
import type { ActionState, Locale, Visitor } from '../../shared/model';
import { describeCancel, describeOrder, describeReturn, type Described } from '../actions/describe-result';
import type { Integrations } from '../integrations/integrations';

export type CallOutcome =
  | { kind: 'found'; items: { sku: string; name: string }[]; described: Described }
  | { kind: 'done'; described: Described }
  | { kind: 'not_found' }
  | { kind: 'failed'; code: ActionErrorCode | 'UNSUPPORTED'; message: string };

/** A verified customer id when the shop signed the identity, else the e-mail the shopper typed. */
export function identityOf(visitor: Visitor | null, state: ActionState): ActionIdentity | null {
  if (visitor?.identity.verified && visitor.identity.externalId) return { type: 'customer', customerId: visitor.identity.externalId };
  return state.slots.email ? { type: 'email', email: state.slots.email } : null;
}

export async function lookupOrder(integrations: Integrations, state: ActionState, identity: ActionIdentity, locale: Locale): Promise<CallOutcome> {
  const result = await integrations.orderLookup({ orderNumber: state.slots.orderNumber ?? '', identity, locale });
  if (!result.ok) return { kind: 'failed', ...result.error };
  if (!result.data.found) return { kind: 'not_found' };
  const order = result.data.order;
  return { kind: 'found', items: order.items.map((i) => ({ sku: i.sku, name: i.variant ? `${i.name} (${i.variant})` : i.name })), described: describeOrder(order, locale) };
}

/**
 * Runs the state's action itself (cancel, return); `idempotencyKey` makes a repeated confirmation harmless.
 * `photos`: the return's photos with their signed links.
 */
export async function runAction(
  integrations: Integrations,
  state: ActionState,
  identity: ActionIdentity,
  locale: Locale,
  idempotencyKey: string,
  photos: readonly ReturnPhoto[] = [],
): Promise<CallOutcome> {
  const orderNumber = state.slots.orderNumber ?? '';
  if (state.name === 'order.cancel') {
    const result = await integrations.orderCancel({ orderNumber, identity, locale, idempotencyKey });
    if (!result.ok) return { kind: 'failed', ...result.error };
    return result.data.found ? { kind: 'done', described: describeCancel(result.data, locale) } : { kind: 'not_found' };
  }
  if (state.name === 'return.request') {
    const items = (state.slots.items ?? '').split(',').filter(Boolean).map((sku) => ({ sku, quantity: 1 }));
    const reason = (state.slots.reason ?? 'other') as ReturnReason;
    const request = { orderNumber, identity, locale, items, reason, idempotencyKey, ...(photos.length > 0 ? { photos: [...photos] } : {}) };
    const result = await integrations.returnRequest(request);
    if (!result.ok) return { kind: 'failed', ...result.error };
    return result.data.found ? { kind: 'done', described: describeReturn(result.data, orderNumber, locale, photos.length) } : { kind: 'not_found' };
  }
  // case.status has no call in the port yet: a person answers it.
  return { kind: 'failed', code: 'UNSUPPORTED', message: `${state.name} is not implemented by the integrations port` };
}
